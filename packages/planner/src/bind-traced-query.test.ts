/**
 * bindTracedQuery: what it tells its BindTrace about each AST expression (the view-definition
 * printer walks the AST and prints these bindings).
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { type Oid, sqlType } from '@rustydb/common';
import { type Expr, parse, type Select, type SelectStmt, type Star } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import type { BindTrace } from './bind-expr.js';
import { bindTracedQuery } from './bind-traced-query.js';
import type { LogicalExpr } from './logical-plan.js';

const table = (oid: number, name: string, columns: string[]): TableDef => ({
  oid: oid as Oid,
  schema: 'public',
  name,
  method: 'memory',
  file: oid as never,
  columns: columns.map((c, i) => ({ attnum: i + 1, name: c, type: sqlType('int4'), notNull: false })),
  indexes: [],
  constraints: [],
});
const tables = [table(100, 't', ['a', 'b']), table(101, 'u', ['a', 'c'])];
const catalog = { table: (name: string) => tables.find((t) => t.name === name) } as unknown as CatalogReader;

/** Binds `sql` and returns what the trace was told. */
function trace(sql: string) {
  const plain = new Map<Expr, LogicalExpr>();
  const grouped = new Map<Expr, LogicalExpr>();
  const stars = new Map<Star, readonly LogicalExpr[]>();
  const items: (readonly string[])[] = [];
  const recorder: BindTrace = {
    expr: (e, bound, isGrouped) => (isGrouped ? grouped : plain).set(e, bound),
    star: (e, columns) => stars.set(e, columns),
    fromItem: (_item, columns) => items.push(columns),
  };
  const query = parse(sql)[0]!.stmt as SelectStmt;
  bindTracedQuery(query, catalog, recorder);
  return { query: query as Select, plain, grouped, stars, items };
}

describe('bindTracedQuery', () => {
  it('tells each expression as written, and the columns a * stands for with their table', () => {
    const r = trace('SELECT *, b + 1 FROM t x WHERE a > 1');
    const star = r.query.targets[0]!.expr as Star;
    expect(r.stars.get(star)?.map((c) => c.kind === 'column' && [c.table, c.name])).toEqual([
      ['x', 'a'],
      ['x', 'b'],
    ]);
    expect(r.plain.get(r.query.targets[1]!.expr)).toMatchObject({ kind: 'op', op: '+' });
    expect(r.plain.get(r.query.where!)).toMatchObject({ kind: 'op', op: '>' });
  });

  it('tells the group key and aggregate slots of a grouped level apart from the expressions', () => {
    const r = trace('SELECT a, count(*) FROM t GROUP BY a');
    const [key, agg] = r.query.targets.map((t) => t.expr);
    expect(r.plain.get(key!)).toMatchObject({ kind: 'column', name: 'a', table: 't' });
    expect(r.grouped.get(key!)).toMatchObject({ kind: 'column', index: 0 });
    expect(r.grouped.get(agg!)).toMatchObject({ kind: 'column', index: 1 });
  });

  it('names a USING column by its input table, and tells the columns a join merges', () => {
    const r = trace('SELECT a FROM t NATURAL JOIN u');
    expect(r.items).toEqual([['a']]);
    expect(r.plain.get(r.query.targets[0]!.expr)).toMatchObject({ kind: 'column', name: 'a', table: 't' });
  });
});
