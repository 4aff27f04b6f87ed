/**
 * A walk over every node object of an AST, subqueries and all: arrays are looked into, not
 * visited. For checks that do not care about structure (a name mentioned anywhere, a kind of
 * node forbidden anywhere).
 */

/** An AST node as the walk sees it: an object with any fields. */
export type AnyNode = { readonly kind?: string } & Readonly<Record<string, unknown>>;

/**
 * Calls `visit` on every object reachable from `root` (depth first, arrays traversed). Stops at
 * the first node `visit` returns true for, and then returns true. Sync.
 */
export function forEachNode(root: unknown, visit: (node: AnyNode) => unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    if (visit(n as AnyNode) === true) return true;
    for (const v of Object.values(n)) if (v && typeof v === 'object') stack.push(v);
  }
  return false;
}
