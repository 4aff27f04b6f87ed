/**
 * System columns: every table has `tableoid` (its OID), `ctid` (the row version's tid), `xmin`
 * and `xmax` (the version's inserting and deleting/updating transaction ids), which `*` does not
 * list. A query that names `ctid`, `xmin` or `xmax` has its tables' scans emit tids (the same
 * hidden column FOR UPDATE and UPDATE/DELETE use); `tableoid` is a constant, and `xmin`/`xmax`
 * read the header of the version at the tid (executor `tuple_xmin` / `tuple_xmax`). PostgreSQL's
 * cmin and cmax are not available (42703).
 */
import { sqlType } from '@rustydb/common';
import type { LogicalExpr } from './logical-plan.js';
import type { ResolvedColumn, ScopeColumn, ScopeItem } from './scope.js';

/** The system column names RustyDB resolves. */
export const SYSTEM_COLUMN_NAMES: ReadonlySet<string> = new Set(['tableoid', 'ctid', 'xmin', 'xmax']);

/** The names that need the scan's tids. */
const TID_COLUMN_NAMES: ReadonlySet<string> = new Set(['ctid', 'xmin', 'xmax']);

const OID = sqlType('oid');

/** The system column `name` of `item`, if it has one (a table's; ctid only when its scan emits tids). */
export function systemColumn(item: ScopeItem, name: string): ScopeColumn | undefined {
  if (item.systemOf === undefined) return undefined;
  if (name === 'tableoid') {
    return { name, type: OID, tableOid: 0, attnum: 0, slot: -1, hidden: true, constant: item.systemOf };
  }
  if (!TID_COLUMN_NAMES.has(name)) return undefined;
  const tid = item.columns.find((c) => c.hidden && c.name === 'ctid');
  if (tid === undefined || name === 'ctid') return tid;
  return { ...tid, name, tupleField: name as 'xmin' | 'xmax' };
}

/** Does the statement (sub)tree `node` name a column `ctid`, `xmin` or `xmax` anywhere? */
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
    if (
      ref.kind === 'columnRef' &&
      Array.isArray(ref.names) &&
      TID_COLUMN_NAMES.has(ref.names[ref.names.length - 1])
    ) {
      return true;
    }
    for (const v of Object.values(n)) if (v !== null && typeof v === 'object') stack.push(v);
  }
  return false;
}

/**
 * `ref` (the expression reading resolved column `r`'s slot) itself, or for xmin/xmax the header
 * field of the version at the tid `ref` reads.
 */
export function tupleField(r: ResolvedColumn, ref: LogicalExpr): LogicalExpr {
  const field = r.column.tupleField;
  if (field === undefined) return ref;
  const table: LogicalExpr = { kind: 'const', type: OID, value: r.item.systemOf ?? 0 };
  return { kind: 'func', type: XID, name: `tuple_${field}`, args: [table, ref] };
}

const XID = sqlType('xid');
