import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';
import { forEachNode } from './walk-nodes.js';

describe('forEachNode', () => {
  it('visits every node, subqueries included, and stops at the first true', () => {
    const [stmt] = parse('SELECT a FROM t WHERE b IN (SELECT c FROM u JOIN v ON true)');
    const relations: string[] = [];
    forEachNode(stmt, (n) => {
      if (n.kind === 'relation') relations.push((n.name as { name: string }).name);
    });
    expect(relations.sort()).toEqual(['t', 'u', 'v']);
    let seen = 0;
    expect(
      forEachNode(stmt, (n) => {
        seen++;
        return n.kind === 'relation';
      }),
    ).toBe(true);
    expect(forEachNode(stmt, () => false)).toBe(false);
    expect(seen).toBeGreaterThan(0);
  });
});
