/**
 * Whether a statement's rows come in a defined order: only a top-level ORDER BY promises one.
 * Everything else (a bare SELECT, a join, RETURNING, a set operation without ORDER BY) is
 * compared as a multiset, since PostgreSQL and RustyDB may legitimately produce rows in
 * different orders.
 *
 * "Top level" means outside every parenthesis: `OVER (ORDER BY …)`, `string_agg(x ORDER BY y)`
 * and ORDER BY inside a subquery or CTE body do not order the statement's result. The scan skips
 * string literals ('…', E'…'), quoted identifiers ("…"), dollar-quoted strings and comments, so
 * words inside them never count.
 */

/**
 * True when `sql` has the keywords ORDER BY outside all parentheses, literals and comments. Pure.
 */
export function hasTopLevelOrderBy(sql: string): boolean {
  const words = topLevelWords(sql);
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i] === 'order' && words[i + 1] === 'by') return true;
  }
  return false;
}

/** The lower-cased bare words of `sql` at parenthesis depth 0, in order. */
function topLevelWords(sql: string): string[] {
  const words: string[] = [];
  let depth = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      i = skipQuoted(sql, i, c);
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? sql.length : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === '$' && /^\$[A-Za-z_]*\$/.test(sql.slice(i))) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))![0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end < 0 ? sql.length : end + tag.length;
    } else if (c === '(') {
      depth++;
      i++;
    } else if (c === ')') {
      depth--;
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j])) j++;
      if (depth === 0) words.push(sql.slice(i, j).toLowerCase());
      i = j;
    } else {
      i++;
    }
  }
  return words;
}

/** Index just past the literal or quoted identifier opened by `quote` at `start`. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    // E'…' literals escape with a backslash; for the scan it is enough to skip the next char.
    if (sql[i] === '\\' && quote === "'" && isEscapeString(sql, start)) i++;
    i++;
  }
  return i;
}

function isEscapeString(sql: string, quoteAt: number): boolean {
  const prev = sql[quoteAt - 1];
  return (prev === 'E' || prev === 'e') && !/[A-Za-z0-9_]/.test(sql[quoteAt - 2] ?? ' ');
}
