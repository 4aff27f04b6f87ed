/**
 * Is a tuple version dead to every snapshot that exists or may ever exist? PostgreSQL's
 * HeapTupleSatisfiesVacuum answering HEAPTUPLE_DEAD, reduced to what we store: the inserter
 * aborted (nobody ever saw it), or the deleter committed below the vacuum horizon
 * (`TxnManager.oldestXmin`: every running transaction and snapshot began after that commit).
 *
 * The same rule vacuum applies before freeing a version (engine vacuum.ts `vacuumVerdict`), so an
 * index scan may use it to kill the version's index entry (index `IndexCursor.kill`). A horizon
 * read earlier is smaller or equal (it only moves up), so a cached one errs on the safe side.
 * NB: every xmax is a deleter today (row locks live outside the tuple header).
 */
import { INVALID_TXN_ID, type TxnId } from '@rustydb/common';
import type { CommitLog } from './commit-log.js';
import type { VersionHeader } from './visibility.js';

/** See the file comment. Synchronous, no allocation. */
export function isDeadToAll(v: VersionHeader, horizon: TxnId, clog: CommitLog): boolean {
  const inserter = clog.get(v.xmin);
  if (inserter === 'aborted') return true;
  if (inserter !== 'committed' || v.xmax === INVALID_TXN_ID || v.xmax >= horizon) return false;
  return clog.get(v.xmax) === 'committed';
}
