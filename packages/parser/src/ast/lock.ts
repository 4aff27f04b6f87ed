/**
 * LOCK TABLE.
 */
import type { ObjectName } from './object-name.js';

/** The eight table lock modes as LOCK spells them, camel-cased (`ACCESS SHARE` → accessShare). */
export type TableLockModeName =
  | 'accessShare'
  | 'rowShare'
  | 'rowExclusive'
  | 'shareUpdateExclusive'
  | 'share'
  | 'shareRowExclusive'
  | 'exclusive'
  | 'accessExclusive';

/** `LOCK [TABLE] [ONLY] name [*] [, …] [IN mode MODE] [NOWAIT]`; the mode defaults to ACCESS EXCLUSIVE. */
export interface LockStmt {
  readonly kind: 'lock';
  readonly tables: readonly ObjectName[];
  readonly mode: TableLockModeName;
  readonly nowait: boolean;
}
