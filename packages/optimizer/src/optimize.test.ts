/**
 * The optimizer's choices, read through explainPlan: access paths, pushdown, join algorithms,
 * folding and top-N sorts. Layouts follow PostgreSQL's EXPLAIN (COSTS OFF).
 */
import type { CatalogReader, IndexDef, TableDef } from '@rustydb/catalog';
import { type Oid, type SqlType, sqlType } from '@rustydb/common';
import { parse } from '@rustydb/parser';
import { bindStatement } from '@rustydb/planner';
import { describe, expect, it } from 'vitest';
import { explainPlan } from './explain-plan.js';
import { optimize } from './optimize.js';

const col = (attnum: number, name: string, type: SqlType) => ({ attnum, name, type, notNull: false });
const index = (oid: number, name: string, columns: number[], unique: boolean): IndexDef => ({
  oid: oid as Oid,
  name,
  table: 100 as Oid,
  file: oid as never,
  method: 'btree',
  columns,
  descending: columns.map(() => false),
  unique,
  primary: name.endsWith('_pkey'),
});
const t: TableDef = {
  oid: 100 as Oid,
  schema: 'public',
  name: 't',
  method: 'memory',
  file: 100 as never,
  columns: [col(1, 'id', sqlType('int4')), col(2, 'v', sqlType('text')), col(3, 'k', sqlType('int8'))],
  indexes: [index(200, 't_pkey', [1], true), index(201, 't_v_k', [2, 3], false)],
  constraints: [],
};
const u: TableDef = {
  ...t,
  oid: 101 as Oid,
  name: 'u',
  columns: [col(1, 'tid', sqlType('int4')), col(2, 'w', sqlType('text'))],
  indexes: [],
};
/** No statistics: t is a large table (1000 pages), u a small one (10); defaults do the rest. */
const catalog: CatalogReader = {
  table: (name) => [t, u].find((x) => x.name === name),
  tableByOid: (o) => [t, u].find((x) => x.oid === o),
  tables: () => [t, u],
  relationPages: (x) => (x.name === 't' ? 1000 : 10),
};

function explain(sql: string, settings?: Record<string, string>): string[] {
  const plan = bindStatement(parse(sql)[0].stmt, { catalog, sql, paramTypes: [] });
  return explainPlan(
    optimize(plan, { catalog, ...(settings ? { settings: new Map(Object.entries(settings)) } : {}) }),
  );
}

describe('access paths', () => {
  it('uses the primary key for equality, parameters and folded constants', () => {
    expect(explain('select * from t where id = 42')).toEqual([
      'Index Scan using t_pkey on t',
      '  Index Cond: (id = 42)',
    ]);
    expect(explain('select * from t where id = $1')).toEqual([
      'Index Scan using t_pkey on t',
      '  Index Cond: (id = $1)',
    ]);
    expect(explain('select * from t where 40 + 2 = id')).toEqual([
      'Index Scan using t_pkey on t',
      '  Index Cond: (42 = id)',
    ]);
  });

  it('uses ranges and keeps the other conditions as a filter', () => {
    expect(explain("select * from t where id between 1 and 5 and v like 'a%'")).toEqual([
      'Index Scan using t_pkey on t',
      '  Index Cond: ((id >= 1) AND (id <= 5))',
      "  Filter: (v ~~ 'a%'::text)",
    ]);
  });

  it('matches a leading prefix of a multi-column index', () => {
    expect(explain("select id from t where v = 'x' and k > 5")).toEqual([
      'Index Scan using t_v_k on t',
      "  Index Cond: ((v = 'x'::text) AND (k > '5'::bigint))",
    ]);
    expect(explain('select id from t where k = 5')).toEqual(['Seq Scan on t', "  Filter: (k = '5'::bigint)"]);
  });

  it('falls back to a sequential scan', () => {
    expect(explain('select * from t where id + 1 = 3')).toEqual([
      'Seq Scan on t',
      '  Filter: ((id + 1) = 3)',
    ]);
    expect(explain('select * from t where id = 1', { enable_indexscan: 'off' })).toEqual([
      'Seq Scan on t',
      '  Filter: (id = 1)',
    ]);
  });

  it('drops constant-true conditions and folds expressions', () => {
    expect(explain('select * from t where 1 = 1 and v is not null')).toEqual([
      'Seq Scan on t',
      '  Filter: (v IS NOT NULL)',
    ]);
    expect(explain("select * from t where v = 'a' || 'b'")).toEqual([
      'Index Scan using t_v_k on t',
      "  Index Cond: (v = 'ab'::text)",
    ]);
  });
});

/** The `readSlots` of every table scan in the plan of `sql`, in tree order (undefined: all). */
function readSlotsOf(sql: string): (readonly number[] | undefined)[] {
  const plan = optimize(bindStatement(parse(sql)[0].stmt, { catalog, sql, paramTypes: [] }), { catalog });
  const out: (readonly number[] | undefined)[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const n = node as { kind?: string; readSlots?: readonly number[] };
    if (n.kind === 'seqScan' || n.kind === 'indexScan') out.push(n.readSlots);
    for (const [key, child] of Object.entries(node)) if (key !== 'table' && key !== 'index') visit(child);
  };
  visit(plan);
  return out;
}

describe('columns a scan decodes', () => {
  it('are those a single-table query reads, for index and sequential scans', () => {
    expect(readSlotsOf('select k from t where id = $1')).toEqual([[0, 2]]);
    expect(readSlotsOf('select k from t where v > $1 order by id')).toEqual([[0, 1, 2]]);
    expect(readSlotsOf('select count(*) from t')).toEqual([[]]);
  });

  it("are split between a join's inputs: what is read above it, its condition, filters between", () => {
    // t(id, v, k), u(tid, w): t's id and k, u's tid only.
    expect(readSlotsOf('select t.k from t join u on t.id = u.tid')).toEqual([[0, 2], [0]]);
    // A WHERE over the joined row, an ORDER BY and a LIMIT's WITH TIES keys add theirs.
    expect(readSlotsOf("select t.k from t join u on t.id = u.tid where u.w <> 'x'")).toEqual([
      [0, 2],
      [0, 1],
    ]);
    expect(readSlotsOf('select t.id from t left join u on t.id = u.tid order by u.w')).toEqual([[0], [0, 1]]);
    expect(readSlotsOf('select count(*) from t cross join u')).toEqual([[], []]);
    expect(readSlotsOf('select sum(t.k) from t join u on t.id = u.tid group by u.w')).toEqual([
      [0, 2],
      [0, 1],
    ]);
  });

  it('are every column under a LATERAL join, in DML, or with a subquery', () => {
    expect(readSlotsOf('select t.k, x.w from t, lateral (select u.w from u where u.tid = t.id) x')).toEqual([
      undefined,
      [0, 1],
    ]);
    // The subquery (planned on its own) and the join under it: every column.
    expect(
      readSlotsOf('select (select max(w) from u where tid = t.id) from t join u on t.id = u.tid'),
    ).toEqual([undefined, undefined, undefined]);
    expect(readSlotsOf('delete from t where id = 1')).toEqual([undefined]);
    expect(readSlotsOf('update t set k = 1 where id = 1')).toEqual([undefined]);
    expect(readSlotsOf('select (select max(tid) from u where tid = t.id) from t')).toEqual([
      undefined,
      undefined,
    ]);
  });
});

describe('joins and pushdown', () => {
  it('hash-joins equi-joins and pushes single-table conditions into the scans', () => {
    expect(explain("select * from t join u on t.id = u.tid where u.w = 'x' and t.id = 3")).toEqual([
      // The one-row side (t.id = 3) is the one hashed; the outer side's key is printed first.
      'Hash Join',
      '  Hash Cond: (u.tid = t.id)',
      '  ->  Seq Scan on u',
      "        Filter: (u.w = 'x'::text)",
      '  ->  Hash',
      '        ->  Index Scan using t_pkey on t',
      '              Index Cond: (t.id = 3)',
    ]);
  });

  it('turns comma joins with a WHERE equality into hash joins', () => {
    expect(explain('select * from t, u where t.id = u.tid')[0]).toBe('Hash Join');
  });

  it('uses a nested loop without an equality, and keeps WHERE on the nullable side above', () => {
    expect(explain('select * from t left join u on t.id < u.tid where u.w is null')).toEqual([
      'Nested Loop Left Join',
      '  Join Filter: (t.id < u.tid)',
      '  Filter: (u.w IS NULL)',
      '  ->  Seq Scan on t',
      '  ->  Materialize',
      '        ->  Seq Scan on u',
    ]);
  });

  it('pushes conditions through subqueries in FROM', () => {
    expect(explain('select * from (select id * 2 as d, v from t) s where s.v = $1')).toEqual([
      'Index Scan using t_v_k on t',
      '  Index Cond: (v = $1)',
    ]);
  });
});

describe('sorting and aggregation', () => {
  it('makes ORDER BY + LIMIT a top-N sort under the limit', () => {
    expect(explain('select v, count(*) from t group by v order by 2 desc limit 3')).toEqual([
      'Limit',
      '  ->  Sort',
      '        Sort Key: count DESC',
      '        ->  HashAggregate',
      '              Group Key: v',
      '              ->  Seq Scan on t',
    ]);
  });

  it('prints a Function Scan of several functions (ROWS FROM) under its alias only', () => {
    expect(explain('select * from rows from (generate_series(1, 2), generate_series(1, 3))')).toEqual([
      'Function Scan on generate_series',
    ]);
    expect(explain('select * from rows from (generate_series(1, 2), generate_series(1, 3)) as r')).toEqual([
      'Function Scan on r',
    ]);
    expect(explain('select * from unnest(array[1], array[2]) with ordinality as u')).toEqual([
      'Function Scan on u',
    ]);
    expect(explain('select * from rows from (generate_series(1, 2)) with ordinality as g')).toEqual([
      'Function Scan on generate_series g',
    ]);
  });

  it('prints plain aggregates, DISTINCT, VALUES, functions and DML', () => {
    expect(explain('select count(*) from t')).toEqual(['Aggregate', '  ->  Seq Scan on t']);
    expect(explain('select distinct v from t')).toEqual([
      'HashAggregate',
      '  Group Key: v',
      '  ->  Seq Scan on t',
    ]);
    expect(explain('select * from generate_series(1, 3) g')).toEqual(['Function Scan on generate_series g']);
    expect(explain('select 1')).toEqual(['Result']);
    expect(explain("insert into t values (1, 'a', 2), (2, 'b', 3)")).toEqual([
      'Insert on t',
      '  ->  Values Scan on "*VALUES*"',
    ]);
    expect(explain('delete from t where id = 1')).toEqual([
      'Delete on t',
      '  ->  Index Scan using t_pkey on t',
      '        Index Cond: (id = 1)',
    ]);
  });

  it('lists subqueries as SubPlans', () => {
    expect(explain('select id from t where k = (select max(k) from t)')).toEqual([
      'Seq Scan on t',
      '  Filter: (k = $0)',
      '  InitPlan 1 (returns $0)',
      '    ->  Aggregate',
      '          ->  Seq Scan on t',
    ]);
  });
});

describe('join search sizes', () => {
  const chain = (n: number) => {
    const joins = Array.from({ length: n - 1 }, (_, i) => `JOIN t t${i + 2} ON t${i + 2}.id = t${i + 1}.k`);
    return `select * from t t1 ${joins.join(' ')} where t1.v = 'x'`;
  };
  const plan = (sql: string) =>
    optimize(bindStatement(parse(sql)[0].stmt, { catalog, sql, paramTypes: [] }), { catalog });

  it('plans 8 inputs exhaustively, 12 greedily and 35 in pieces, keeping every column in order', () => {
    for (const n of [8, 12, 35]) {
      const p = plan(chain(n));
      const lines = explainPlan(p);
      expect(lines.filter((l) => / Scan /.test(l))).toHaveLength(n);
      expect(p.columns).toHaveLength(3 * n);
      expect(p.columns.slice(0, 3).map((c) => c.name)).toEqual(['id', 'v', 'k']);
    }
  });

  it('starts from the filtered input of a chain', () => {
    const lines = explainPlan(plan(chain(4)));
    // t1 (filtered on v, through its index) is hashed at the bottom of the tree, and the casts
    // between int4 ids and int8 keys keep the primary key out of the joins.
    const scans = lines.filter((l) => / Scan /.test(l));
    expect(scans.at(-1)?.trim()).toBe('->  Index Scan using t_v_k on t t1');
    expect(lines.at(-1)?.trim()).toBe("Index Cond: (t1.v = 'x'::text)");
  });
});

describe('printing for EXPLAIN EXECUTE and EXPLAIN DECLARE', () => {
  const plan = (sql: string) =>
    optimize(bindStatement(parse(sql)[0].stmt, { catalog, sql, paramTypes: [] }), { catalog });

  it('prints parameters as the constants EXECUTE binds them to', () => {
    const p = plan('select tid from u where tid = $1 and w = $2');
    expect(explainPlan(p)).toEqual(['Seq Scan on u', '  Filter: ((tid = $1) AND (w = $2))']);
    expect(explainPlan(p, { params: [-3, "it's"] })).toEqual([
      'Seq Scan on u',
      "  Filter: ((tid = '-3'::integer) AND (w = 'it''s'::text))",
    ]);
    expect(explainPlan(plan('select * from t where id = $1'), { params: [7] })).toEqual([
      'Index Scan using t_pkey on t',
      '  Index Cond: (id = 7)',
    ]);
  });

  it('shows a scroll cursor over a plan PostgreSQL cannot run backwards under Materialize', () => {
    const scroll = (sql: string) => explainPlan(plan(sql), { scrollCursor: true });
    expect(scroll('select * from u order by w')).toEqual(['Sort', '  Sort Key: w', '  ->  Seq Scan on u']);
    expect(scroll('select tid from u union all select tid from u limit 3')[0]).toBe('Limit');
    expect(scroll('select count(*) from u')).toEqual([
      'Materialize',
      '  ->  Aggregate',
      '        ->  Seq Scan on u',
    ]);
    expect(scroll('select 1')).toEqual(['Materialize', '  ->  Result']);
    expect(scroll('select tid from u union select tid from u')[0]).toBe('Materialize');
    // Without SCROLL the plan is as a query's.
    expect(explainPlan(plan('select count(*) from u'))[0]).toBe('Aggregate');
  });
});
