/**
 * The comparison rule of the differential test, statement by statement:
 *   - both servers must end the same way: a result, or an error;
 *   - results: same CommandComplete tag, same column names and type OIDs, same rows as text —
 *     in the same order when the statement has a top-level ORDER BY, as multisets otherwise;
 *   - errors: same SQLSTATE. Message texts may differ: a different message is a note, never a
 *     difference (PostgreSQL's texts are the goal, but clients match on codes).
 * A lost session on either side is always a difference.
 */
import type { ResultColumn, StatementOutcome } from './diff-connection.js';

/** The verdict on one statement. `reasons` is empty exactly when the outcomes agree. */
export interface Comparison {
  readonly identical: boolean;
  /** What differs, one short line each, PostgreSQL's side first. */
  readonly reasons: readonly string[];
  /** Agreeing outcomes that still differ in a way that does not count (error message texts). */
  readonly notes: readonly string[];
}

/** How many differing rows a reason quotes before it summarizes. */
const ROWS_SHOWN = 5;

/**
 * Compares PostgreSQL's outcome (`expected`) with RustyDB's (`actual`). Pure. `ordered`: compare
 * rows in order (the statement has a top-level ORDER BY); otherwise as multisets.
 */
export function compareOutcomes(
  expected: StatementOutcome,
  actual: StatementOutcome,
  ordered: boolean,
): Comparison {
  const reasons: string[] = [];
  const notes: string[] = [];
  if (expected.kind === 'lost' || actual.kind === 'lost') {
    reasons.push(`postgres: ${describe(expected)}; rustydb: ${describe(actual)}`);
  } else if (expected.kind !== actual.kind) {
    reasons.push(`postgres: ${describe(expected)}; rustydb: ${describe(actual)}`);
  } else if (expected.kind === 'error' && actual.kind === 'error') {
    if (expected.code !== actual.code) {
      reasons.push(`postgres: ${describe(expected)}; rustydb: ${describe(actual)}`);
    } else if (expected.message !== actual.message) {
      notes.push(`message: postgres "${expected.message}"; rustydb "${actual.message}"`);
    }
  } else if (expected.kind === 'result' && actual.kind === 'result') {
    if (expected.tag !== actual.tag) reasons.push(`tag: postgres ${expected.tag}; rustydb ${actual.tag}`);
    const columns = compareColumns(expected.columns, actual.columns);
    if (columns !== undefined) reasons.push(columns);
    reasons.push(...compareRows(expected.rows, actual.rows, ordered));
  }
  return { identical: reasons.length === 0, reasons, notes };
}

/** One line for an outcome: `error 42P01 (message)`, `TAG`, or `lost (why)`. */
export function describe(outcome: StatementOutcome): string {
  switch (outcome.kind) {
    case 'result':
      return outcome.columns.length > 0 ? `${outcome.tag} (${outcome.rows.length} rows)` : outcome.tag;
    case 'error':
      return `error ${outcome.code} (${clip(outcome.message)})`;
    case 'lost':
      return `lost (${outcome.reason})`;
  }
}

/** Messages can embed whole plans: keep report lines readable. */
function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** PostgreSQL's FirstNormalObjectId: OIDs from here on are assigned to user objects. */
const FIRST_NORMAL_OID = 16384;

function compareColumns(
  expected: readonly ResultColumn[],
  actual: readonly ResultColumn[],
): string | undefined {
  const show = (cols: readonly ResultColumn[]) => cols.map((c) => `${c.name}:${c.typeOid}`).join(', ');
  // A user-defined type's OID (an enum's, ≥ FirstNormalObjectId 16384) depends on what each
  // server created before: any two such OIDs count as the same type here.
  const normal = (cols: readonly ResultColumn[]) =>
    cols.map((c) => `${c.name}:${c.typeOid >= FIRST_NORMAL_OID ? 'user' : c.typeOid}`).join(', ');
  if (normal(expected) === normal(actual)) return undefined;
  return `columns (name:type oid): postgres [${show(expected)}]; rustydb [${show(actual)}]`;
}

function compareRows(
  expected: readonly (readonly (string | null)[])[],
  actual: readonly (readonly (string | null)[])[],
  ordered: boolean,
): string[] {
  const left = expected.map(rowText);
  const right = actual.map(rowText);
  if (!ordered) {
    left.sort();
    right.sort();
  }
  const reasons: string[] = [];
  if (left.length !== right.length) {
    reasons.push(`row count: postgres ${left.length}; rustydb ${right.length}`);
  }
  const differing: string[] = [];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i] === right[i]) continue;
    differing.push(`row ${i + 1}: postgres ${left[i] ?? '(none)'}; rustydb ${right[i] ?? '(none)'}`);
  }
  if (differing.length > 0) {
    reasons.push(...differing.slice(0, ROWS_SHOWN));
    if (differing.length > ROWS_SHOWN) reasons.push(`… and ${differing.length - ROWS_SHOWN} more rows`);
  }
  if (!ordered && differing.length > 0) reasons.push('(rows compared as multisets, shown sorted)');
  return reasons;
}

/** A row as one comparable line: values in parentheses, NULL spelled out, text JSON-quoted. */
function rowText(row: readonly (string | null)[]): string {
  return `(${row.map((v) => (v === null ? 'NULL' : JSON.stringify(v))).join(', ')})`;
}
