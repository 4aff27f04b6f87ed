/**
 * GROUP BY with ROLLUP, CUBE and GROUPING SETS: the clause expands, as PostgreSQL's
 * expand_grouping_sets does, into a list of grouping sets over one list of distinct keys.
 *
 *   GROUP BY a, ROLLUP (b, c)        → (a, b, c), (a, b), (a)
 *   CUBE (a, b)                      → (a, b), (a), (b), ()
 *   GROUPING SETS ((a, b), a, ())    → (a, b), (a), ()
 *
 * Each GROUP BY item yields a list of sets and the clause is their cross product. Duplicate sets
 * are kept (they produce duplicate rows, as in PostgreSQL) unless GROUP BY DISTINCT.
 */
import type * as ast from '@rustydb/parser';

/** The expansion: `undefined` sets when the clause has only plain items (ordinary grouping). */
export interface GroupingExpansion {
  readonly sets: number[][] | undefined;
}

/**
 * Expands `items`; `keyOf` binds a plain item and returns its index in the level's key list
 * (adding it when new). Synchronous; binding errors propagate.
 */
export function expandGroupingSets(
  items: readonly ast.GroupingElement[],
  distinct: boolean,
  keyOf: (e: ast.Expr) => number,
): GroupingExpansion {
  const hasSets = items.some((g) => g.kind === 'groupingSet' && g.type !== 'empty');
  if (!hasSets) {
    for (const g of items) if (g.kind !== 'groupingSet') keyOf(g);
    return { sets: undefined };
  }
  let product: number[][] = [[]];
  for (const g of items) {
    const sets = expand(g, keyOf);
    product = product.flatMap((p) => sets.map((s) => union(p, s)));
  }
  if (distinct) {
    const seen = new Set<string>();
    product = product.filter((s) => {
      const k = [...s].sort((a, b) => a - b).join(',');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  return { sets: product };
}

function expand(g: ast.GroupingElement, keyOf: (e: ast.Expr) => number): number[][] {
  if (g.kind !== 'groupingSet') return [[keyOf(g)]];
  const units = () => g.content.map((c) => unit(c, keyOf));
  switch (g.type) {
    case 'empty':
      return [[]];
    case 'rollup': {
      const u = units();
      const out: number[][] = [];
      for (let n = u.length; n >= 0; n--) out.push(u.slice(0, n).flat());
      return out;
    }
    case 'cube': {
      const u = units();
      const out: number[][] = [];
      const n = u.length;
      // PostgreSQL's order: the full set first, then by decreasing size.
      const masks = Array.from({ length: 1 << n }, (_, m) => m).sort(
        (a, b) => popcount(b) - popcount(a) || b - a,
      );
      for (const m of masks) out.push(u.filter((_, i) => (m & (1 << (n - 1 - i))) !== 0).flat());
      return out;
    }
    case 'sets':
      return g.content.flatMap((c) => (c.kind === 'groupingSet' ? expand(c, keyOf) : [unit(c, keyOf)]));
  }
}

/** An item of ROLLUP/CUBE/GROUPING SETS: a parenthesized list `(a, b)` groups its keys together. */
function unit(c: ast.GroupingElement, keyOf: (e: ast.Expr) => number): number[] {
  if (c.kind === 'groupingSet') return c.type === 'empty' ? [] : expand(c, keyOf).flat();
  if (c.kind === 'row' && !c.explicit) return c.args.map(keyOf);
  return [keyOf(c)];
}

function union(a: readonly number[], b: readonly number[]): number[] {
  const out = [...a];
  for (const k of b) if (!out.includes(k)) out.push(k);
  return out;
}

function popcount(m: number): number {
  let n = 0;
  for (let x = m; x; x &= x - 1) n++;
  return n;
}
