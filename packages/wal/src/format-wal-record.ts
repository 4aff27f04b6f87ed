/**
 * One-line rendering of WAL records for tools (`rustydb inspect`), logs and golden tests.
 * Stable: golden files depend on it.
 */
import { assertNever, type Lsn } from '@rustydb/common';
import { formatLsn } from './lsn.js';
import { pageDeltaMoves, pageDeltaRanges, pageImageHole } from './page-change.js';
import type { PageChange, WalRecord } from './wal-record.js';

/**
 * Renders a record on one line, e.g. `commit xid=7 time=2024-05-01T12:00:00.000Z` or
 * `pages 16384:3 image hole=200+7900 (296 bytes); 16384:4 delta 34<-32+300,16+6,32+2,7000+13`
 * (a move of 300 bytes from 32 to 34, then byte ranges).
 */
export function formatWalRecord(r: WalRecord): string {
  switch (r.kind) {
    case 'pages':
      return `pages ${r.changes.map(formatPageChange).join('; ')}`;
    case 'file-create':
    case 'file-drop':
      return `${r.kind} file=${r.file}`;
    case 'file-truncate':
      return `file-truncate file=${r.file} pages=${r.pages}`;
    case 'commit':
      return `commit xid=${r.xid} time=${formatTime(r.time)}${formatSubxids(r.subxids)}`;
    case 'abort':
      return `abort xid=${r.xid}${formatSubxids(r.subxids)}`;
    case 'prepare':
      return `prepare xid=${r.xid} gid=${JSON.stringify(r.gid)} time=${formatTime(r.time)} owner=${r.owner} database=${r.database}${formatSubxids(r.subxids)}`;
    case 'checkpoint':
      return `checkpoint redo=${formatLsn(r.redo as Lsn)} nextXid=${r.nextXid} nextOid=${r.nextOid} time=${formatTime(r.time)}`;
    case 'next-oid':
      return `next-oid nextOid=${r.nextOid}`;
    default:
      return assertNever(r, 'WAL record');
  }
}

function formatPageChange(c: PageChange): string {
  if (c.image) {
    const hole = pageImageHole(c.data);
    return `${c.file}:${c.page} image hole=${hole.offset}+${hole.length} (${c.data.length} bytes)`;
  }
  const moves = pageDeltaMoves(c.data);
  const ranges = pageDeltaRanges(c.data);
  const parts: string[] = [];
  for (let i = 0; i < moves.length; i += 3) parts.push(`${moves[i]}<-${moves[i + 1]}+${moves[i + 2]}`);
  for (let i = 0; i < ranges.length; i += 2) parts.push(`${ranges[i]}+${ranges[i + 1]}`);
  return `${c.file}:${c.page} delta ${parts.join(',')}`;
}

const formatSubxids = (subxids: readonly number[] | undefined): string =>
  subxids?.length ? ` subxids=${subxids.join(',')}` : '';

const formatTime = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));
