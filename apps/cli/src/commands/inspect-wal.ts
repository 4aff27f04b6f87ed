/**
 * `rustydb inspect wal`: prints every record of a data directory's write-ahead log, one line
 * each: `LSN  xid=N  <formatWalRecord>`, then a summary line.
 *
 * Read-only, by copying: `Wal.open` is the only reader @rustydb/wal offers, and opening is not
 * read-only — it cuts a torn tail off the last segment and deletes segments after it (what crash
 * recovery needs). So the segment files are copied to a temporary directory and the copy is
 * opened; the data directory itself is never written, and a torn tail shows up as the place
 * where the listing ends.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lsn } from '@rustydb/common';
import { formatLsn, formatWalRecord, SEGMENT_HEADER_SIZE, segmentFileName, Wal } from '@rustydb/wal';
import { CommandError } from '../command-error.js';
import { existingDataDirectory } from './open-existing.js';

/** Options of `inspectWal`. */
export interface InspectWalOptions {
  readonly dataDir: string;
  /** First record to print (a record's start LSN); default the first record of the log. */
  readonly from?: Lsn;
  readonly force: boolean;
}

/** Prints the records. Synchronous. @throws CommandError; DbError 58P01 if `from`'s segment is gone. */
export function inspectWal(options: InspectWalOptions, out: NodeJS.WritableStream): void {
  const dir = existingDataDirectory(options.dataDir, options.force);
  const walDir = join(dir, 'wal');
  const segments = existsSync(walDir) ? segmentStarts(walDir) : [];
  if (segments.length === 0) throw new CommandError(`no WAL segment files in "${walDir}"`);
  const copy = mkdtempSync(join(tmpdir(), 'rustydb-inspect-wal-'));
  try {
    cpSync(walDir, join(copy, 'wal'), { recursive: true });
    const wal = Wal.open(copy, { fsync: false });
    try {
      const from = options.from ?? ((segments[0]! + SEGMENT_HEADER_SIZE) as Lsn);
      let count = 0;
      for (const entry of wal.read(from)) {
        out.write(`${formatLsn(entry.lsn)}  xid=${entry.xid}  ${formatWalRecord(entry.record)}\n`);
        count++;
      }
      out.write(
        `(${count} ${count === 1 ? 'record' : 'records'}; end of WAL at ${formatLsn(wal.insertLsn)})\n`,
      );
    } finally {
      wal.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The start LSNs of the segment files in `walDir`, ascending (files are named by them). */
function segmentStarts(walDir: string): number[] {
  const starts: number[] = [];
  for (const name of readdirSync(walDir)) {
    if (!/^[0-9A-Fa-f]{16}$/.test(name)) continue;
    const start = Number.parseInt(name, 16);
    if (segmentFileName(start) === name) starts.push(start);
  }
  return starts.sort((a, b) => a - b);
}
