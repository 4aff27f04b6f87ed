/**
 * COPY to and from a server-side file: `COPY t FROM '/path'`, `COPY t TO '/path'`,
 * `COPY (query) TO '/path'`, as PostgreSQL 15 does them.
 *
 * WHO. Only a superuser or a role with the privileges of pg_read_server_files (FROM) or
 * pg_write_server_files (TO); others get PostgreSQL's 42501 with its hint that anyone can COPY
 * over the connection. `PROGRAM 'command'` is checked against pg_execute_server_program the same
 * way, then refused (0A000): this server does not run shell commands for its clients.
 *
 * WHERE. COPY TO needs an absolute path (42602, as PostgreSQL); COPY FROM resolves a relative
 * one against the data directory (PostgreSQL's working directory). A file that cannot be opened
 * fails with `could not open file "…" for reading|writing: <reason>` and the SQLSTATE PostgreSQL's
 * errcode_for_file_access gives the reason; a directory is 42809 `"…" is a directory`. COPY TO
 * creates or truncates the file (mode 0644), as PostgreSQL's does.
 *
 * HOW. The file stands in for the connection: `FileCopySource` is the CopyInStream COPY FROM
 * reads (64 KiB chunks), `FileCopySink` takes the lines COPY TO would send as CopyData and
 * writes them in 64 KiB blocks. Neither sends CopyInResponse or CopyOutResponse: the client sees
 * only the `COPY n` command tag. The writes are not fsynced (PostgreSQL's are not either).
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import {
  ROLE_PG_EXECUTE_SERVER_PROGRAM,
  ROLE_PG_READ_SERVER_FILES,
  ROLE_PG_WRITE_SERVER_FILES,
} from '@rustydb/catalog';
import { DbError, type SqlState } from '@rustydb/common';
import type { CopyStmt } from '@rustydb/parser';
import type { CopyInStream } from '@rustydb/protocol';
import { roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import type { StatementContext } from './statement-context.js';

/** Bytes read from, or gathered before a write to, a server-side file at a time. */
const BLOCK = 64 * 1024;

const ANYONE_HINT = "Anyone can COPY to stdout or from stdin. psql's \\copy command also works for anyone.";

/**
 * The path of `stmt`'s server-side file after PostgreSQL's checks: the current role's
 * privileges, then (PROGRAM) 0A000, then the path rule of its direction.
 * @throws DbError 42501, 0A000, 42602.
 */
export function serverFilePath(stmt: CopyStmt, ctx: StatementContext): string {
  const file = stmt.file!;
  const from = stmt.direction === 'from';
  const { ctx: privs, role } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  if (file.program) {
    if (!privs.hasPrivsOf(role.oid, ROLE_PG_EXECUTE_SERVER_PROGRAM)) {
      throw new DbError(
        '42501',
        'must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an external program',
        { hint: ANYONE_HINT },
      );
    }
    throw new DbError('0A000', 'COPY to or from an external program is not supported', {
      hint: 'Copy through the connection (STDIN or STDOUT) instead.',
    });
  }
  const needed = from ? ROLE_PG_READ_SERVER_FILES : ROLE_PG_WRITE_SERVER_FILES;
  if (!privs.hasPrivsOf(role.oid, needed)) {
    const what = from
      ? 'pg_read_server_files role to COPY from a file'
      : 'pg_write_server_files role to COPY to a file';
    throw new DbError('42501', `must be superuser or have privileges of the ${what}`, { hint: ANYONE_HINT });
  }
  if (from) return resolve(ctx.engine.dataDir ?? process.cwd(), file.name);
  if (!isAbsolute(file.name)) throw new DbError('42602', 'relative path not allowed for COPY to file');
  return file.name;
}

/** The CopyInStream of COPY FROM a server-side file. Open it with `openCopySource`. */
class FileCopySource implements CopyInStream {
  #done = false;

  constructor(private readonly handle: Awaited<ReturnType<typeof open>>) {}

  async read(): Promise<Uint8Array | undefined> {
    if (this.#done) return undefined;
    const buffer = new Uint8Array(BLOCK);
    const { bytesRead } = await this.handle.read(buffer, 0, BLOCK, null);
    if (bytesRead > 0) return buffer.subarray(0, bytesRead);
    await this.close();
    return undefined;
  }

  /** Closes the file (idempotent). */
  async close(): Promise<void> {
    if (this.#done) return;
    this.#done = true;
    await this.handle.close();
  }
}

/**
 * Opens `path` for COPY FROM. @throws DbError as the file comment says (the open's errors, 42809
 * for a directory).
 */
export async function openCopySource(path: string): Promise<FileCopySource> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw fileError(err, path, 'reading');
  }
  if ((await handle.stat()).isDirectory()) {
    await handle.close();
    throw new DbError('42809', `"${path}" is a directory`);
  }
  return new FileCopySource(handle);
}

/** What COPY TO sends through, for a server-side file: the lines go to the file. */
export class FileCopySink {
  readonly #fd: number;
  #pending: string[] = [];
  #pendingLength = 0;
  #closed = false;

  /** Creates or truncates `path`. @throws DbError as the file comment says. */
  constructor(readonly path: string) {
    let fd: number;
    try {
      fd = openSync(path, 'w', 0o644);
    } catch (err) {
      throw fileError(err, path, 'writing');
    }
    if (fstatSync(fd).isDirectory()) {
      closeSync(fd);
      throw new DbError('42809', `"${path}" is a directory`);
    }
    this.#fd = fd;
  }

  /** One line (its newline included). */
  write(line: string): void {
    this.#pending.push(line);
    this.#pendingLength += line.length;
    if (this.#pendingLength >= BLOCK) this.#flush();
  }

  /** Writes what is gathered and closes the file; idempotent. @throws DbError on a write error. */
  close(): void {
    if (this.#closed) return;
    try {
      this.#flush();
    } finally {
      this.#closed = true;
      closeSync(this.#fd);
    }
  }

  /** Closes without caring for errors (the statement failed already). */
  abandon(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
  }

  #flush(): void {
    if (this.#pending.length === 0) return;
    const bytes = Buffer.from(this.#pending.join(''), 'utf8');
    this.#pending = [];
    this.#pendingLength = 0;
    try {
      for (let off = 0; off < bytes.length; ) off += writeSync(this.#fd, bytes, off);
    } catch (err) {
      throw fileError(err, this.path, 'writing', 'could not write to file');
    }
  }
}

/** The strerror text and SQLSTATE (errcode_for_file_access) PostgreSQL gives an errno. */
const ERRNO: Readonly<Record<string, readonly [SqlState, string]>> = {
  ENOENT: ['58P01', 'No such file or directory'],
  EACCES: ['42501', 'Permission denied'],
  EPERM: ['42501', 'Operation not permitted'],
  EROFS: ['42501', 'Read-only file system'],
  EISDIR: ['42809', 'Is a directory'],
  ENOTDIR: ['42809', 'Not a directory'],
  ENOSPC: ['53100', 'No space left on device'],
  EEXIST: ['58P02', 'File exists'],
  ENAMETOOLONG: ['58030', 'File name too long'],
  ELOOP: ['58030', 'Too many levels of symbolic links'],
};

function fileError(err: unknown, path: string, mode: 'reading' | 'writing', verb?: string): DbError {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const [sqlstate, reason]: readonly [SqlState, string] = ERRNO[code] ?? ['58030', (err as Error).message];
  const message =
    verb === undefined
      ? `could not open file "${path}" for ${mode}: ${reason}`
      : `${verb} "${path}": ${reason}`;
  // PostgreSQL adds the client-side hint when the file is missing or not allowed.
  const hinted = verb === undefined && (code === 'ENOENT' || code === 'EACCES');
  const hint =
    mode === 'reading'
      ? "COPY FROM instructs the PostgreSQL server process to read a file. You may want a client-side facility such as psql's \\copy."
      : "COPY TO instructs the PostgreSQL server process to write a file. You may want a client-side facility such as psql's \\copy.";
  return new DbError(sqlstate, message, hinted ? { hint } : {});
}
