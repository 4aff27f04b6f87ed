/**
 * A line diff of two event sequences for failure output: the longest common subsequence (a case
 * has a few dozen events at most, so the quadratic table is nothing), printed as
 *
 *     step 0 T1: ok BEGIN          in both
 *   - step 3 T2: blocks            expected only
 *   + step 3 T2: ok UPDATE         actual only
 *
 * At a change, expected lines come before actual lines, so a changed event reads as a -/+ pair.
 */

/** The diff of `expected` against `actual`, one prefixed line per event. Pure. */
export function diffEvents(expected: readonly string[], actual: readonly string[]): string[] {
  const n = expected.length;
  const m = actual.length;
  // common[i][j]: length of the LCS of expected[i..] and actual[j..].
  const common: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i][j] =
        expected[i] === actual[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
    }
  }
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] === actual[j]) {
      lines.push(`  ${expected[i++]}`);
      j++;
    } else if (i < n && (j === m || common[i + 1][j] >= common[i][j + 1])) {
      lines.push(`- ${expected[i++]}`);
    } else {
      lines.push(`+ ${actual[j++]}`);
    }
  }
  return lines;
}
