/**
 * Binding of the PostgreSQL query features (set operations, WITH, windows, grouping sets,
 * DISTINCT ON, LATERAL, ON CONFLICT) and the comparison-operand bug found by the conformance
 * corpus. Result types and errors checked against PostgreSQL 15.
 */
import type { CatalogReader, TableDef } from '@rustydb/catalog';
import { DbError, type Oid, type SqlType, sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement, bindStatementWithParams } from './bind-statement.js';
import type { LogicalExpr, LogicalPlan } from './logical-plan.js';

const col = (attnum: number, name: string, type: SqlType) => ({ attnum, name, type, notNull: false });
const t: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 't',
  method: 'memory',
  file: 100 as never,
  columns: [col(1, 'a', sqlType('int4')), col(2, 'b', sqlType('text')), col(3, 'c', sqlType('int8'))],
  indexes: [
    {
      oid: 200 as Oid,
      name: 't_pkey',
      table: 100 as Oid,
      file: 200 as never,
      method: 'btree',
      columns: [1],
      descending: [false],
      unique: true,
      primary: true,
    },
  ],
  constraints: [],
};
const catalog: CatalogReader = {
  table: (name) => (name === 't' ? t : undefined),
  tableByOid: (o) => (o === t.oid ? t : undefined),
  tables: () => [t],
};

const bind = (sql: string): LogicalPlan => bindStatement(parse(sql)[0].stmt, { catalog, sql });
const columns = (sql: string) => bind(sql).columns.map((c) => `${c.name}:${c.type.name}`);

function error(sql: string): string {
  try {
    bind(sql);
  } catch (err) {
    if (err instanceof DbError) return `${err.code} ${err.message}`;
    throw err;
  }
  throw new Error(`no error for ${sql}`);
}

/** The first node of `kind` in the plan (depth first through inputs). */
function find<K extends LogicalPlan['kind']>(p: LogicalPlan, kind: K): Extract<LogicalPlan, { kind: K }> {
  const stack: LogicalPlan[] = [p];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.kind === kind) return n as Extract<LogicalPlan, { kind: K }>;
    for (const v of Object.values(n)) {
      if (v && typeof v === 'object' && 'kind' in v && 'columns' in v) stack.push(v as LogicalPlan);
    }
    if (n.kind === 'with') for (const c of n.ctes) stack.push(c.plan);
  }
  throw new Error(`no ${kind} node`);
}

describe('comparisons', () => {
  it('keeps the operands in written order when an integer constant is narrowed', () => {
    // `5 < c` (c int8) once became `c < 5`: the constant was narrowed and swapped sides.
    const f = find(bind('select a from t where 5 < c'), 'filter');
    const p = f.predicate as Extract<LogicalExpr, { kind: 'op' }>;
    expect(p.op).toBe('<');
    expect(p.args.map((a) => a.kind)).toEqual(['const', 'column']);
    expect(p.args[0]).toMatchObject({ type: { name: 'int8' }, value: 5n });
  });
});

describe('set operations', () => {
  it('unifies branch types and takes names from the left branch', () => {
    expect(columns("select 1 as x, 'a' union select 2.5, 'b'")).toEqual(['x:numeric', '?column?:text']);
    expect(columns('select null union select c from t')).toEqual(['?column?:int8']);
  });

  it('rejects mismatches as PostgreSQL does', () => {
    expect(error("select 1 union select 'a'::text")).toBe(
      '42804 UNION types integer and text cannot be matched',
    );
    expect(error('select 1 intersect select 1, 2')).toBe(
      '42601 each INTERSECT query must have the same number of columns',
    );
    expect(error('select a from t union select a from t order by a + 1')).toBe(
      '0A000 invalid UNION/INTERSECT/EXCEPT ORDER BY clause',
    );
  });
});

describe('WITH', () => {
  it('binds CTE references as scans of one CTE', () => {
    const p = bind('with w as (select a from t) select * from w x join w y on x.a = y.a');
    const w = find(p, 'with');
    expect(w.ctes.map((c) => c.name)).toEqual(['w']);
    expect(find(p, 'cteScan').cteId).toBe(w.ctes[0].id);
  });

  it('types a recursive CTE by its non-recursive term', () => {
    const p = bind(
      'with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select n from r',
    );
    const ru = find(p, 'recursiveUnion');
    expect(ru.columns.map((c) => `${c.name}:${c.type.name}`)).toEqual(['n:int4']);
    expect(find(ru.recursive, 'workTableScan').cteId).toBe(ru.cteId);
    expect(error('with recursive r(n) as (select 1 union all select n::int8 from r) select 1')).toMatch(
      /^42804 recursive query "r" column 1 has type integer in non-recursive term but type bigint overall$/,
    );
  });

  it('binds INSERT / UPDATE / DELETE in the statement’s own WITH, their RETURNING as the columns', () => {
    const p = bind(
      'with d(x) as (delete from t where a = 1 returning a, b), u as (update t set c = 0) insert into t (a, b) select x, b from d',
    );
    expect(p.kind).toBe('with');
    const w = find(p, 'with');
    expect(w.ctes.map((c) => `${c.name}:${c.plan.kind}:${c.plan.columns.map((x) => x.name)}`)).toEqual([
      'd:delete:x,b',
      'u:update:',
    ]);
    expect(w.input.kind).toBe('insert');
    expect(find(w.input, 'cteScan').cteId).toBe(w.ctes[0].id);
    expect(columns('with i as (insert into t (a) values (1) returning a + 1 as n) select n from i')).toEqual([
      'n:int4',
    ]);
  });

  it('refuses data-modifying CTEs below the top level, without RETURNING, or recursive', () => {
    const topLevel = '0A000 WITH clause containing a data-modifying statement must be at the top level';
    expect(error('select * from (with d as (delete from t returning a) select a from d) s')).toBe(topLevel);
    expect(error('with x as (with d as (delete from t returning a) select a from d) select * from x')).toBe(
      topLevel,
    );
    expect(error('select (with d as (delete from t returning a) select a from d)')).toBe(topLevel);
    expect(error('insert into t (a) with d as (delete from t returning a) select a from d')).toBe(topLevel);
    expect(
      error('with x as (with d as (delete from t returning a) insert into t (a) select a from d) select 1'),
    ).toBe(topLevel);
    expect(error('with d as (delete from t) select * from d')).toBe(
      '0A000 WITH query "d" does not have a RETURNING clause',
    );
    expect(
      error('with recursive d as (delete from t where a in (select a from d) returning a) select 1'),
    ).toBe('42P19 recursive query "d" must not contain data-modifying statements');
  });
});

describe('window functions', () => {
  it('places window results after the grouped row', () => {
    const p = bind('select b, rank() over (order by count(*)) from t group by b');
    const w = find(p, 'window');
    // aggregate row: b, count(*) → the window value is slot 2.
    expect(w.input.columns.length).toBe(2);
    const proj = find(p, 'project');
    expect(proj.exprs[1]).toMatchObject({ kind: 'column', index: 2 });
    expect(w.calls[0]).toMatchObject({ fn: 'rank', type: { name: 'int8' } });
  });

  it('copies named windows and applies the default frame', () => {
    const w = find(bind('select sum(a) over (x order by c) from t window x as (partition by b)'), 'window');
    expect(w.calls[0].partitionBy).toHaveLength(1);
    expect(w.calls[0].orderBy).toHaveLength(1);
    expect(w.calls[0].frame).toMatchObject({ mode: 'range', start: { type: 'unboundedPreceding' } });
    expect(error('select a from t where row_number() over () > 1')).toBe(
      '42P20 window functions are not allowed in WHERE',
    );
    expect(error('select sum(row_number() over ()) from t')).toBe(
      '42803 aggregate function calls cannot contain window function calls',
    );
  });
});

describe('grouping', () => {
  it('expands ROLLUP and CUBE into grouping sets', () => {
    expect(find(bind('select a, b from t group by rollup (a, b)'), 'aggregate').groupingSets).toEqual([
      [0, 1],
      [0],
      [],
    ]);
    expect(find(bind('select a, b from t group by cube (a, b)'), 'aggregate').groupingSets).toEqual([
      [0, 1],
      [0],
      [1],
      [],
    ]);
    expect(
      find(bind('select a, b from t group by a, grouping sets (b, ())'), 'aggregate').groupingSets,
    ).toEqual([[0, 1], [0]]);
  });

  it('maps outer references of a subquery in a grouped query to the group keys', () => {
    const p = bind('select c, (select t2.a from t t2 where t2.c = t.c) from t group by b, c');
    const proj = find(p, 'project');
    const sub = proj.exprs[1] as Extract<LogicalExpr, { kind: 'subquery' }>;
    const inner = find(sub.plan, 'filter').predicate as Extract<LogicalExpr, { kind: 'op' }>;
    // t.c is group key 1 of the grouped row, not slot 2 of the table row.
    expect(inner.args[1]).toMatchObject({ kind: 'outerColumn', depth: 1, index: 1 });
    expect(error('select b, (select t.a) from t group by b')).toBe(
      '42803 subquery uses ungrouped column "t.a" from outer query',
    );
  });
});

describe('FROM and DML forms', () => {
  it('marks LATERAL joins only when the right side reads the left row', () => {
    expect(find(bind('select * from t, lateral (select t.a) s'), 'join').lateral).toBe(true);
    expect(find(bind('select * from t, lateral (select 1) s'), 'join').lateral).toBeUndefined();
    expect(find(bind('select * from t, generate_series(1, t.a) g'), 'join').lateral).toBe(true);
  });

  it('infers ON CONFLICT arbiters', () => {
    const p = bind('insert into t values (1, 2, 3) on conflict (a) do update set b = excluded.b');
    const ins = find(p, 'insert');
    expect(ins.onConflict?.arbiters.map((i) => i.name)).toEqual(['t_pkey']);
    expect(ins.onConflict?.assignments[0].expr).toMatchObject({ kind: 'column', index: 4 });
    expect(error('insert into t values (1) on conflict (b) do nothing')).toBe(
      '42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification',
    );
  });

  it('infers parameter types across UNION branches', () => {
    const s = 'select $1 union select c from t';
    const r = bindStatementWithParams(parse(s)[0].stmt, { catalog, sql: s, paramTypes: [] });
    expect(r.paramTypes.map((x) => x.name)).toEqual(['int8']);
  });
});
