/**
 * COPY table [(columns)] FROM STDIN: rows read from the client's CopyData as they arrive and
 * inserted through the executor's INSERT path, in the statement's transaction. FROM a
 * server-side file, the file's chunks take the CopyData's place (copy-file.ts).
 *
 * HOW. The statement becomes `INSERT INTO t (columns) VALUES ($1, …, $n)` with every parameter
 * typed as its column's type, bound and optimized once: the binder fills defaults for the
 * columns not listed, and the executor's InsertOp checks NOT NULL and unique constraints and
 * writes index entries, exactly as for INSERT. For each record the parameter array (which the
 * compiled plan reads by reference) is refilled and the operator tree re-opened: no planning per
 * row. Each field goes through its type's input function (`parseText`) and the column's typmod
 * (`castValue`, as an input function with atttypmod would), so `numeric(5,2)` rounds and
 * `varchar(3)` rejects long values, with the field named in the error.
 *
 * ALL OR NOTHING. The rows are ordinary versions of the statement's transaction: an error (a bad
 * field, a constraint, CopyFail, a lost client) fails the statement, the session aborts the
 * transaction (or the block), and no version is ever committed.
 *
 * TRIGGERS. BEFORE ROW triggers fire per row as for INSERT; AFTER ROW ones are queued and fire
 * at the end of the COPY, then the AFTER STATEMENT ones (BEFORE STATEMENT before the first row).
 *
 * STREAMING. One chunk and one unfinished record are held at a time (copy-reader.ts), so a COPY
 * of any size runs in constant memory; the connection slows the client down to our pace.
 *
 * ERRORS carry PostgreSQL's CONTEXT: `COPY t, line 3, column a: "x"` for a field,
 * `COPY t, line 3: "<line>"` for a record, `COPY t, line 3` for the line structure.
 */

import { type TableDef, TRIGGER_TYPE } from '@rustydb/catalog';
import {
  castValue,
  DbError,
  domainBaseType,
  parseText,
  type SqlType,
  undefinedTable,
  type Value,
  withoutTypmod,
} from '@rustydb/common';
import { buildOperator, type Operator, Runtime, TableTriggers } from '@rustydb/executor';
import { optimize } from '@rustydb/optimizer';
import { type CopyStmt, parse, quoteIdent } from '@rustydb/parser';
import { bindStatementWithParams } from '@rustydb/planner';
import type { CopyInStream } from '@rustydb/protocol';
import { openCopySource, serverFilePath } from './copy-file.js';
import { parseCopyOptions } from './copy-options.js';
import { CopyReader } from './copy-reader.js';
import { checkCopyFromPrivileges } from './ddl-privileges.js';
import type { StatementContext } from './session.js';

/** PostgreSQL shows at most this many bytes of a line or value in CONTEXT. */
const MAX_CONTEXT_LENGTH = 100;

/**
 * Runs COPY FROM STDIN. Async (waits for the client's data). Resolves after `COPY n` was sent.
 * @throws DbError: option errors, 42P01/42703/42701 for names, 0A000 where the output cannot
 *   receive data, 22P04/22P02/22003/22021/23xxx for the data (with CONTEXT), 57014 on CopyFail.
 */
export async function runCopyFrom(stmt: CopyStmt, ctx: StatementContext): Promise<void> {
  const path = stmt.file === undefined ? undefined : serverFilePath(stmt, ctx);
  const opts = parseCopyOptions(stmt.options, 'from');
  const table = lookupTable(stmt, ctx);
  const columns = copyColumns(table, stmt.columns);
  checkCopyFromPrivileges(table, columns, ctx);
  const out = ctx.out;
  if (path === undefined && out.copyIn === undefined)
    throw new DbError('0A000', 'COPY FROM STDIN is not supported in this session');
  const source = path === undefined ? undefined : await openCopySource(path);
  try {
    await copyRows(ctx, opts, table, columns, source);
  } finally {
    await source?.close();
  }
}

/** Reads the records from `source` (a server-side file) or the client and inserts them. */
async function copyRows(
  ctx: StatementContext,
  opts: ReturnType<typeof parseCopyOptions>,
  table: TableDef,
  columns: TableDef['columns'],
  source: CopyInStream | undefined,
): Promise<void> {
  const out = ctx.out;
  // A domain column's parameter is of the base type: the INSERT's coercion to the domain then
  // checks the domain's constraints, as PostgreSQL's domain_in does for COPY.
  const types = columns.map((c) => domainBaseType(c.type));
  const params: Value[] = columns.map(() => null);
  const execution = ctx.execution(params);
  const rt = new Runtime(execution);
  // Each row is its own INSERT execution: the statement's triggers start and end here, once.
  const triggers = TableTriggers.of(table, rt);
  rt.callerTriggers = triggers;
  const insert = planInsert(table, columns, types, ctx, rt);
  const reader = new CopyReader(
    opts,
    columns.map((c) => c.name),
  );
  const stream = source ?? out.copyIn!({ format: 0, columnFormats: columns.map(() => 0) });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  // The rows of the chunks loaded together log their heap and B+tree changes together, a batch
  // of pages at a time (TableStore.batchLogging): each row is its own INSERT execution, too
  // small to batch alone. Never across an await: other sessions run there.
  const store = execution.relations.store(table);
  // Not with triggers: their functions' statements must not run inside a WAL page batch.
  const batchLogging = triggers === undefined ? store.batchLogging?.bind(store) : undefined;
  const bases = types.map(withoutTypmod);
  let line = 0;
  let count = 0;
  let header = opts.header !== false;
  const onRecord = (text: string): void => {
    line++;
    if (header) {
      header = false;
      if (opts.header === 'match') checkHeader(reader.headerFields(text), columns, table.name, line, text);
      return;
    }
    // No closure or CONTEXT text per row or field: they are made only for an error.
    let fields: (string | null)[];
    try {
      fields = reader.fields(text);
    } catch (err) {
      throw inContext(err, () => `COPY ${table.name}, line ${line}: ${quoted(text)}`);
    }
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f === null) {
        params[i] = null;
        continue;
      }
      try {
        params[i] = convert(f, bases[i]!, types[i]!, rt);
      } catch (err) {
        throw inContext(
          err,
          () => `COPY ${table.name}, line ${line}, column ${columns[i]!.name}: ${quoted(f)}`,
        );
      }
    }
    try {
      insertRow(insert);
    } catch (err) {
      // PostgreSQL names the line, with its text except for unique violations.
      throw inContext(err, () =>
        err instanceof DbError && err.code === '23505'
          ? `COPY ${table.name}, line ${line}`
          : `COPY ${table.name}, line ${line}: ${quoted(text)}`,
      );
    }
    count++;
  };
  triggers?.beforeStatement(TRIGGER_TYPE.INSERT);
  try {
    await readAll();
  } finally {
    insert.close();
  }
  triggers?.finishStatement();
  out.commandComplete(`COPY ${count}`);

  async function readAll(): Promise<void> {
    for (;;) {
      const chunk = await stream.read();
      execution.checkInterrupts();
      if (batchLogging === undefined) loadChunks(chunk);
      else batchLogging(() => loadChunks(chunk));
      if (chunk === undefined) break;
    }
  }

  /**
   * Decodes and loads `first` (undefined: the end of the data), then the chunks that arrived
   * with it (`takeQueued`): psql and pgbench send a CopyData message per row, and the rows of
   * one call share one WAL batch. Synchronous.
   */
  function loadChunks(first: Uint8Array | undefined): void {
    for (let chunk = first; ; ) {
      const last = chunk === undefined;
      let text: string;
      try {
        text = last ? decoder.decode() : decoder.decode(chunk, { stream: true });
      } catch {
        throw new DbError('22021', 'invalid byte sequence for encoding "UTF8"', {
          where: `COPY ${table.name}, line ${line + 1}`,
        });
      }
      if (!reader.sawEndMarker)
        withContext(
          () => reader.push(text, last, onRecord),
          () => `COPY ${table.name}, line ${line + 1}`,
        );
      if (last) return;
      chunk = stream.takeQueued?.();
      if (chunk === undefined) return;
      execution.checkInterrupts();
    }
  }
}

function lookupTable(stmt: CopyStmt, ctx: StatementContext): TableDef {
  const name = stmt.table!;
  const table = ctx.catalog.table(name.name, name.schema);
  if (table === undefined) {
    throw undefinedTable(name.schema === undefined ? name.name : `${name.schema}.${name.name}`);
  }
  if (table.matview) throw new DbError('42809', `cannot copy to materialized view "${table.name}"`);
  return table;
}

/**
 * The listed columns (all, in order, when none are). Generated columns are left out of the
 * default list and cannot be named, in both directions (PostgreSQL 15's CopyGetAttnums).
 * @throws DbError 42703, 42701, 42P10.
 */
export function copyColumns(table: TableDef, names: readonly string[]): TableDef['columns'] {
  if (names.length === 0) return table.columns.filter((c) => c.generated === undefined);
  const seen = new Set<string>();
  return names.map((n) => {
    const col = table.columns.find((c) => c.name === n);
    if (col === undefined) {
      throw new DbError('42703', `column "${n}" of relation "${table.name}" does not exist`);
    }
    if (col.generated !== undefined) {
      throw new DbError('42P10', `column "${n}" is a generated column`, {
        detail: 'Generated columns cannot be used in COPY.',
      });
    }
    if (seen.has(n)) throw new DbError('42701', `column "${n}" specified more than once`);
    seen.add(n);
    return col;
  });
}

/** The INSERT's operator tree, built once; each `open()` re-reads the parameters. */
function planInsert(
  table: TableDef,
  columns: TableDef['columns'],
  types: readonly SqlType[],
  ctx: StatementContext,
  rt: Runtime,
): Operator {
  const target = `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  const values = columns.map((_, i) => `$${i + 1}`).join(', ');
  // COPY writes identity columns as given, GENERATED ALWAYS ones too (PostgreSQL's COPY FROM is
  // OVERRIDING SYSTEM VALUE): pg_dump's data of such a column loads this way.
  const sql = `INSERT INTO ${target} (${list}) OVERRIDING SYSTEM VALUE VALUES (${values})`;
  const catalog = ctx.catalog;
  const { plan } = bindStatementWithParams(parse(sql)[0]!.stmt, { catalog, sql, paramTypes: types });
  const physical = optimize(plan, { catalog, settings: ctx.settings.all() });
  return buildOperator(physical, rt);
}

/** One row through the INSERT operators (an INSERT without RETURNING yields empty batches). Sync. */
function insertRow(op: Operator): void {
  op.open();
  while (op.next() !== undefined);
}

/** A field's value: read in the session's TimeZone and DateStyle (`rt`'s), as PostgreSQL's COPY. */
function convert(field: string, base: SqlType, type: SqlType, rt: Runtime): Value {
  const v = parseText(field, base, rt.zone, rt.style);
  return type.typmod === -1 ? v : castValue(v, base, type, false);
}

function checkHeader(
  fields: readonly (string | null)[],
  columns: TableDef['columns'],
  table: string,
  line: number,
  text: string,
): void {
  const where = `COPY ${table}, line ${line}: ${quoted(text)}`;
  if (fields.length !== columns.length) {
    throw new DbError(
      '22P04',
      `wrong number of fields in header line: got ${fields.length}, expected ${columns.length}`,
      { where },
    );
  }
  fields.forEach((f, i) => {
    const expected = columns[i]!.name;
    if (f === null) {
      throw new DbError(
        '22P04',
        `column name mismatch in header line field ${i + 1}: got null value ("${f}"), expected "${expected}"`,
        {
          where,
        },
      );
    }
    if (f !== expected) {
      throw new DbError(
        '22P04',
        `column name mismatch in header line field ${i + 1}: got "${f}", expected "${expected}"`,
        {
          where,
        },
      );
    }
  });
}

/** Runs `fn`, adding `where` to a DbError that has none. */
function withContext<T>(fn: () => T, where: string | (() => string)): T {
  try {
    return fn();
  } catch (err) {
    throw inContext(err, where);
  }
}

/** `err` with CONTEXT `where` when it is a DbError that has none yet; else `err` itself. */
function inContext(err: unknown, where: string | (() => string)): unknown {
  if (err instanceof DbError && err.fields.where === undefined) {
    return err.with({ where: typeof where === 'string' ? where : where() });
  }
  return err;
}

/** A value for CONTEXT: quoted, cut to PostgreSQL's 100 bytes with `...`. */
function quoted(s: string): string {
  if (Buffer.byteLength(s) <= MAX_CONTEXT_LENGTH) return `"${s}"`;
  let cut = s.slice(0, MAX_CONTEXT_LENGTH);
  while (Buffer.byteLength(cut) > MAX_CONTEXT_LENGTH) cut = cut.slice(0, -1);
  return `"${cut}..."`;
}
