/**
 * The event grammar of a case run, exactly as `expected-postgresql15.json` spells it, so a run
 * and the expected file compare line by line:
 *
 *   step K Tn: OUTCOME                     step K (0-based) ended within its 700 ms window
 *   step K Tn: blocks                      it had not ended by then; the run moved on
 *   step K Tn finished after step M: OUTCOME
 *                                          a blocked step ended; M is the last step issued by then
 *   final: OUTCOME                         `select * from test` on a fresh session after the case
 *
 *   OUTCOME:  rows id:value,...            a statement with a result set: rows sorted, columns
 *                                          joined by ':', `rows -` when there are none
 *             ok TAG                       any other statement: its command tag without counts
 *             error SQLSTATE               the server answered with an ErrorResponse
 *
 * Events PostgreSQL never produced, so they never match (they only show why a run failed):
 *
 *   lost: REASON                           (as an OUTCOME) the session died: socket, FATAL
 *   step K Tn did not finish within T ms   still blocked when the case's time ran out
 *   step K Tn: not run (case timed out)    the case's time ran out before step K was issued
 *   setup: SQL: OUTCOME, connect: lost: R  the case could not start
 */

/** How one statement ended, as the runner saw it. Values are the server's text; null is NULL. */
export type StepOutcome =
  | { readonly kind: 'rows'; readonly rows: readonly (readonly (string | null)[])[] }
  | { readonly kind: 'ok'; readonly command: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  | { readonly kind: 'lost'; readonly reason: string };

/** `rows …`, `ok TAG`, `error SQLSTATE` or `lost: REASON`. Pure. */
export function formatOutcome(outcome: StepOutcome): string {
  switch (outcome.kind) {
    case 'rows':
      return `rows ${formatRows(outcome.rows)}`;
    case 'ok':
      return `ok ${outcome.command}`;
    case 'error':
      return `error ${outcome.code}`;
    case 'lost':
      return `lost: ${outcome.reason}`;
    default:
      return assertNever(outcome);
  }
}

/**
 * Rows as `1:10,2:20`: columns joined by ':', rows sorted (column by column; numerically when both
 * values are numbers, NULL last), joined by ','; `-` for no rows. Pure; does not mutate `rows`.
 */
export function formatRows(rows: readonly (readonly (string | null)[])[]): string {
  if (rows.length === 0) return '-';
  return [...rows]
    .sort(compareRows)
    .map((row) => row.map((v) => v ?? 'NULL').join(':'))
    .join(',');
}

/** `step K Tn: TEXT` (TEXT is an outcome or `blocks`). */
export function stepEvent(step: number, session: number, text: string): string {
  return `step ${step} T${session}: ${text}`;
}

/** `step K Tn finished after step M: OUTCOME`. */
export function finishedEvent(step: number, session: number, after: number, outcome: StepOutcome): string {
  return `step ${step} T${session} finished after step ${after}: ${formatOutcome(outcome)}`;
}

/** `final: OUTCOME`. */
export function finalEvent(outcome: StepOutcome): string {
  return `final: ${formatOutcome(outcome)}`;
}

function compareRows(a: readonly (string | null)[], b: readonly (string | null)[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

function compareValues(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (NUMBER.test(a) && NUMBER.test(b)) {
    const d = Number(a) - Number(b);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function assertNever(value: never): never {
  throw new Error(`unexpected outcome ${JSON.stringify(value)}`);
}
