/**
 * System columns: every table has `tableoid` (its OID) and `ctid` (the row version's tid), which
 * `*` does not list. A query that names `ctid` has its tables' scans emit tids (the same hidden
 * column FOR UPDATE and UPDATE/DELETE use); `tableoid` is a constant. PostgreSQL's xmin, xmax,
 * cmin and cmax are not available (42703).
 */
import { sqlType } from '@rustydb/common';
import type { ScopeColumn, ScopeItem } from './scope.js';

/** The system column names RustyDB resolves. */
export const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set(['tableoid', 'ctid']);

const OID = sqlType('oid');

/** The system column `name` of `item`, if it has one (a table's; ctid only when its scan emits tids). */
export function systemColumn(item: ScopeItem, name: string): ScopeColumn | undefined {
  if (item.systemOf === undefined) return undefined;
  if (name === 'tableoid') {
    return { name, type: OID, tableOid: 0, attnum: 0, slot: -1, hidden: true, constant: item.systemOf };
  }
  if (name === 'ctid') return item.columns.find((c) => c.hidden && c.name === 'ctid');
  return undefined;
}

/** Does the statement (sub)tree `node` name a column `ctid` anywhere? */
export function mentionsCtid(node: unknown): boolean {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      for (const x of n) stack.push(x);
      continue;
    }
    const ref = n as { kind?: unknown; names?: unknown };
    if (ref.kind === 'columnRef' && Array.isArray(ref.names) && ref.names[ref.names.length - 1] === 'ctid') {
      return true;
    }
    for (const v of Object.values(n)) if (v !== null && typeof v === 'object') stack.push(v);
  }
  return false;
}
