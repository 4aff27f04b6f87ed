/**
 * explainPlan: the one printer of physical plans, in PostgreSQL's EXPLAIN text layout (or its
 * JSON format, explain-json.ts):
 *
 *   Limit  (cost=37.02..37.04 rows=10 width=8)
 *     ->  Sort  (cost=37.02..39.52 rows=1000 width=8)
 *           Sort Key: a DESC
 *           ->  Seq Scan on t  (cost=0.00..15.00 rows=1000 width=8)
 *                 Filter: (a > 1)
 *
 * A node's details sit two columns right of its name; its children start there with `->  `.
 * Without options it prints EXPLAIN (COSTS OFF): names and details only (what tests read).
 * With `costs` each node gets `(cost=startup..total rows=… width=…)` from the optimizer's
 * estimate; with `actuals` (EXPLAIN ANALYZE) `(actual time=first..last rows=… loops=…)`,
 * averaged per loop as PostgreSQL does, and `Planning Time` / `Execution Time` lines.
 *
 * Projections are not shown (PostgreSQL folds them into the node below); a Filter node is shown
 * as the `Filter:` line of the node it filters. A Hash Join's inner input is shown under a Hash
 * node and a plain nested loop's scanned inner input under a Materialize node, as PostgreSQL's
 * plans have them (our operators do that work inside the join). Subqueries appear as
 * `SubPlan n` / `InitPlan n` under the node whose expressions hold them. Column names are
 * qualified when the plan reads several relations.
 *
 * The plan is first turned into a tree of `ExplainEntry`s (what to show per node), which the
 * text and JSON renderers share.
 */
import { assertNever, type Value } from '@rustydb/common';
import type { SortKey } from '@rustydb/planner';
import { Deparser, forEachChild } from './deparse.js';
import { renderJson } from './explain-json.js';
import type { FunctionScanNode, PhysicalExpr, PhysicalPlan, PlanEstimate } from './physical-plan.js';

/** What EXPLAIN ANALYZE measured for one plan node (every loop summed). */
export interface NodeActuals {
  /** Times the node was started (rescans included). */
  readonly loops: number;
  /** Rows it returned, over all loops. */
  readonly rows: number;
  /** Milliseconds until its first row, summed over loops. */
  readonly startupMs: number;
  /** Milliseconds until its last row, summed over loops. */
  readonly totalMs: number;
  /** Index Only Scan: entries whose version had to be fetched (not on an all-visible page). */
  readonly heapFetches?: number;
}

/** How to print: PostgreSQL's EXPLAIN options. */
export interface ExplainOptions {
  /** Print estimated costs (EXPLAIN's default; off here so tests read COSTS OFF layouts). */
  readonly costs?: boolean;
  readonly format?: 'text' | 'json';
  /** EXPLAIN ANALYZE: what each node did, keyed by plan node. */
  readonly actuals?: ReadonlyMap<PhysicalPlan, NodeActuals>;
  /** With `actuals`: print times (TIMING, default on). */
  readonly timing?: boolean;
  /** SUMMARY: the `Planning Time` / `Execution Time` lines, in milliseconds. */
  readonly planningMs?: number;
  readonly executionMs?: number;
  /** EXPLAIN EXECUTE: the values of the statement's `$n`, printed in their place (deparse.ts). */
  readonly params?: readonly Value[];
  /**
   * EXPLAIN DECLARE … SCROLL CURSOR: a plan PostgreSQL's executor cannot run backwards shows
   * under a Materialize node, which its planner adds for such a cursor (ours keeps the rows it
   * read itself, whatever the plan: sql-cursor.ts in the engine).
   */
  readonly scrollCursor?: boolean;
}

/** One detail of a node: the text line `label: text`, and its JSON form. */
export interface ExplainDetail {
  readonly label: string;
  readonly text: string;
  readonly json: string | readonly string[];
}

/** A node as EXPLAIN shows it. */
export interface ExplainEntry {
  /** The text format's title: `Hash Left Join`, `Seq Scan on t x`. */
  readonly title: string;
  /** JSON properties before the costs: "Node Type", "Join Type", "Relation Name", … */
  readonly props: readonly (readonly [string, string | boolean])[];
  readonly details: readonly ExplainDetail[];
  readonly est?: PlanEstimate;
  /** undefined: not analyzed; null: never executed. */
  readonly actual?: NodeActuals | null;
  readonly children: readonly {
    readonly relationship: string;
    readonly name?: string;
    readonly entry: ExplainEntry;
  }[];
}

/** The plan as EXPLAIN prints it, one string per line (JSON: one string). Sync, never throws. */
export function explainPlan(plan: PhysicalPlan, options: ExplainOptions = {}): string[] {
  const builder = new EntryBuilder(new Deparser(countRelations(plan) > 1, options.params), options.actuals);
  const root =
    options.scrollCursor && !supportsBackwardScan(plan)
      ? builder.virtual('Materialize', plan)
      : builder.entry(plan);
  if (options.format === 'json') return [renderJson(root, options)];
  const lines: string[] = [];
  renderText(root, 0, true, lines, options);
  if (options.planningMs !== undefined) lines.push(`Planning Time: ${options.planningMs.toFixed(3)} ms`);
  if (options.executionMs !== undefined) lines.push(`Execution Time: ${options.executionMs.toFixed(3)} ms`);
  return lines;
}

function renderText(e: ExplainEntry, at: number, root: boolean, out: string[], o: ExplainOptions): void {
  const indent = ' '.repeat(at);
  out.push(`${indent}${root ? '' : '->  '}${e.title}${suffix(e, o)}`);
  const detailAt = root ? at + 2 : at + 6;
  const pad = ' '.repeat(detailAt);
  for (const d of e.details) out.push(`${pad}${d.label}: ${d.text}`);
  for (const c of e.children) {
    if (c.name !== undefined) {
      out.push(`${pad}${c.name}`);
      renderText(c.entry, detailAt + 2, false, out, o);
    } else renderText(c.entry, detailAt, false, out, o);
  }
}

/** `  (cost=…)` and ` (actual …)` as PostgreSQL formats them. */
function suffix(e: ExplainEntry, o: ExplainOptions): string {
  let s = '';
  if (o.costs && e.est) {
    const { startup, total, rows, width } = e.est;
    s += `  (cost=${startup.toFixed(2)}..${total.toFixed(2)} rows=${Math.round(rows)} width=${Math.round(width)})`;
  }
  if (o.actuals) {
    const a = e.actual;
    if (a === null || a === undefined || a.loops === 0) s += ' (never executed)';
    else {
      const rows = Math.round(a.rows / a.loops);
      s +=
        o.timing === false
          ? ` (actual rows=${rows} loops=${a.loops})`
          : ` (actual time=${(a.startupMs / a.loops).toFixed(3)}..${(a.totalMs / a.loops).toFixed(3)} rows=${rows} loops=${a.loops})`;
    }
  }
  return s;
}

/**
 * PostgreSQL's ExecSupportsBackwardScan over the nodes EXPLAIN shows: scans, Sort and CTE Scan
 * can run backwards, Limit, LockRows and an Append (UNION ALL) when their inputs can; a Result
 * without input, joins, aggregation, set operations and windows cannot. Transparent nodes
 * (projections, filters, WITH) are the node below.
 */
function supportsBackwardScan(p: PhysicalPlan): boolean {
  switch (p.kind) {
    case 'seqScan':
    case 'indexScan':
    case 'systemScan':
    case 'valuesScan':
    case 'functionScan':
    case 'cteScan':
    case 'sort':
      return true;
    case 'project':
      return p.input.kind !== 'result' && supportsBackwardScan(p.input);
    case 'filter':
    case 'with':
    case 'limit':
    case 'lockRows':
      return supportsBackwardScan(p.input);
    case 'setOp':
      return p.op === 'union' && p.all && supportsBackwardScan(p.left) && supportsBackwardScan(p.right);
    default:
      return false;
  }
}

function countRelations(plan: PhysicalPlan): number {
  let n = 0;
  walkPlan(plan, (x) => {
    if (
      x.kind === 'seqScan' ||
      x.kind === 'indexScan' ||
      x.kind === 'functionScan' ||
      x.kind === 'systemScan' ||
      x.kind === 'valuesScan' ||
      x.kind === 'cteScan' ||
      x.kind === 'workTableScan'
    )
      n++;
  });
  return n;
}

function walkPlan(plan: PhysicalPlan, f: (p: PhysicalPlan) => void): void {
  f(plan);
  for (const c of inputs(plan)) walkPlan(c, f);
}

/** A node's inputs, in the order EXPLAIN lists them. */
function inputs(p: PhysicalPlan): PhysicalPlan[] {
  switch (p.kind) {
    case 'seqScan':
    case 'indexScan':
    case 'valuesScan':
    case 'functionScan':
    case 'systemScan':
    case 'result':
    case 'cteScan':
    case 'workTableScan':
      return [];
    case 'nestedLoop':
    case 'hashJoin':
    case 'mergeJoin':
    case 'semiJoin':
    case 'setOp':
      return [p.left, p.right];
    case 'recursiveUnion':
      return [p.nonRecursive, p.recursive];
    case 'with':
      return [p.input, ...p.ctes.map((c) => c.plan)];
    case 'explain':
      return [p.plan];
    case 'project':
      // A projection over Result prints as that one Result node.
      return p.input.kind === 'result' ? [] : [p.input];
    default:
      return [p.input];
  }
}

const JOIN_TYPE: Record<string, string> = {
  inner: 'Inner',
  cross: 'Inner',
  left: 'Left',
  right: 'Right',
  full: 'Full',
  semi: 'Semi',
  anti: 'Anti',
};

class EntryBuilder {
  private subplans = 0;

  constructor(
    private readonly d: Deparser,
    private readonly actuals: ReadonlyMap<PhysicalPlan, NodeActuals> | undefined,
  ) {}

  #actual(p: PhysicalPlan): NodeActuals | null | undefined {
    if (!this.actuals) return undefined;
    return this.actuals.get(p) ?? null;
  }

  /**
   * The entry of `p`. Transparent nodes (projections, filters, WITH) show up on the node below;
   * `outer` is the outermost of them, whose estimate and actuals the entry shows, and `filters`
   * the predicates of the Filter nodes passed on the way (shown as `Filter:` lines).
   */
  entry(
    p: PhysicalPlan,
    filters: readonly PhysicalExpr[] = [],
    ctes: readonly { name: string; plan: PhysicalPlan }[] = [],
    outer: PhysicalPlan = p,
  ): ExplainEntry {
    if (p.kind === 'project' && p.input.kind !== 'result') return this.entry(p.input, filters, ctes, outer);
    if (p.kind === 'filter') return this.entry(p.input, [...filters, p.predicate], ctes, outer);
    if (p.kind === 'with') return this.entry(p.input, filters, p.ctes, outer);
    // Number the subplans first: the detail lines refer to them.
    const subs: { name: string; relationship: string; plan: PhysicalPlan }[] = ctes.map((c) => ({
      name: `CTE ${c.name}`,
      relationship: 'InitPlan',
      plan: c.plan,
    }));
    for (const e of [...nodeExprs(p), ...filters]) this.#collectSubplans(e, subs);
    const details = [...this.#details(p), ...filters.map((f) => this.#detail('Filter', f))];
    const fetches = p.kind === 'indexScan' && p.indexOnly ? this.#actual(p)?.heapFetches : undefined;
    // PostgreSQL prints it under ANALYZE, after the conditions.
    if (fetches !== undefined)
      details.push({ label: 'Heap Fetches', text: String(fetches), json: String(fetches) });
    const children: ExplainEntry['children'][number][] = subs.map((s) => ({
      relationship: s.relationship,
      name: s.name,
      entry: this.entry(s.plan),
    }));
    children.push(...this.#inputs(p));
    const est = outer.est ?? p.est;
    const actual = this.#actual(outer) ?? this.#actual(p);
    return {
      title: this.#title(p),
      props: this.#props(p),
      details,
      ...(est ? { est } : {}),
      ...(actual !== undefined ? { actual } : {}),
      children,
    };
  }

  #inputs(p: PhysicalPlan): ExplainEntry['children'][number][] {
    const outer = (x: PhysicalPlan) => ({ relationship: 'Outer', entry: this.entry(x) });
    const inner = (x: PhysicalPlan) => ({ relationship: 'Inner', entry: this.entry(x) });
    switch (p.kind) {
      case 'hashJoin':
        return [outer(p.left), { relationship: 'Inner', entry: this.virtual('Hash', p.right) }];
      case 'semiJoin':
        if (p.method === 'hash') {
          return [outer(p.left), { relationship: 'Inner', entry: this.virtual('Hash', p.right) }];
        }
        return [outer(p.left), this.#materialized(p.right)];
      case 'mergeJoin':
        return [outer(p.left), inner(p.right)];
      case 'nestedLoop':
        return [outer(p.left), p.lateral ? inner(p.right) : this.#materialized(p.right)];
      case 'setOp':
        if (p.op === 'union' && p.all)
          return [p.left, p.right].map((x) => ({ relationship: 'Member', entry: this.entry(x) }));
        return [
          {
            relationship: 'Outer',
            entry: {
              title: 'Append',
              props: [['Node Type', 'Append']],
              details: [],
              children: [p.left, p.right].map((x) => ({ relationship: 'Member', entry: this.entry(x) })),
            },
          },
        ];
      case 'recursiveUnion':
        return [outer(p.nonRecursive), inner(p.recursive)];
      default:
        return inputs(p).map(outer);
    }
  }

  /** A scanned inner input of a nested loop shows under Materialize (PostgreSQL materializes it). */
  #materialized(p: PhysicalPlan): ExplainEntry['children'][number] {
    if (
      p.kind === 'seqScan' ||
      p.kind === 'valuesScan' ||
      p.kind === 'functionScan' ||
      p.kind === 'systemScan'
    ) {
      return { relationship: 'Inner', entry: this.virtual('Materialize', p) };
    }
    return { relationship: 'Inner', entry: this.entry(p) };
  }

  /** A node PostgreSQL has and our join (or cursor) does inside itself: Hash or Materialize over `input`. */
  virtual(name: 'Hash' | 'Materialize', input: PhysicalPlan): ExplainEntry {
    const child = this.entry(input);
    const e = child.est;
    const est = e
      ? name === 'Hash'
        ? { startup: e.total, total: e.total, rows: e.rows, width: e.width }
        : { startup: e.startup, total: e.total + 0.005 * e.rows, rows: e.rows, width: e.width }
      : undefined;
    return {
      title: name,
      props: [['Node Type', name]],
      details: [],
      ...(est ? { est } : {}),
      ...(child.actual !== undefined ? { actual: child.actual } : {}),
      children: [{ relationship: 'Outer', entry: child }],
    };
  }

  #collectSubplans(e: PhysicalExpr, out: { name: string; relationship: string; plan: PhysicalPlan }[]): void {
    if (e.kind === 'subquery') {
      const n = ++this.subplans;
      this.d.subplanNumbers.set(e, n);
      const init = !e.correlated && e.mode === 'scalar';
      out.push({
        name: init ? `InitPlan ${n} (returns $${n - 1})` : `SubPlan ${n}`,
        relationship: init ? 'InitPlan' : 'SubPlan',
        plan: e.plan,
      });
    }
    forEachChild(e, (c) => this.#collectSubplans(c, out));
  }

  #detail(label: string, e: PhysicalExpr): ExplainDetail {
    const text = this.d.cond(e);
    return { label, text, json: text };
  }

  #conds(label: string, list: readonly PhysicalExpr[]): ExplainDetail {
    return this.#detail(label, list.length === 1 ? list[0] : { kind: 'and', type: list[0].type, args: list });
  }

  #title(p: PhysicalPlan): string {
    switch (p.kind) {
      case 'seqScan':
        return `Seq Scan on ${relation(p.table.name, p.alias)}`;
      case 'indexScan':
        return `${p.indexOnly ? 'Index Only Scan' : 'Index Scan'} using ${p.index.name} on ${relation(p.table.name, p.alias)}`;
      case 'valuesScan':
        return 'Values Scan on "*VALUES*"';
      case 'functionScan':
        return `Function Scan on ${relation(scannedFunctionName(p) ?? p.alias, p.alias)}`;
      case 'systemScan':
        return `Seq Scan on ${relation(p.relation.name, p.alias)}`;
      case 'result':
      case 'project':
        return 'Result';
      case 'projectSet':
        return 'ProjectSet';
      case 'nestedLoop':
        return `Nested Loop${joinSuffix(p.joinType)}`;
      case 'hashJoin':
        return p.joinType === 'inner' ? 'Hash Join' : `Hash${joinSuffix(p.joinType)}`;
      case 'mergeJoin':
        return p.joinType === 'inner' ? 'Merge Join' : `Merge${joinSuffix(p.joinType)}`;
      case 'semiJoin':
        return `${p.method === 'hash' ? 'Hash' : 'Nested Loop'} ${p.anti ? 'Anti' : 'Semi'} Join`;
      case 'aggregate':
        if (p.groupingSets) return 'MixedAggregate';
        return p.strategy === 'hashed'
          ? 'HashAggregate'
          : p.strategy === 'sorted'
            ? 'GroupAggregate'
            : 'Aggregate';
      case 'sort':
        return 'Sort';
      case 'limit':
        return 'Limit';
      case 'lockRows':
        return 'LockRows';
      case 'distinct':
        return p.on ? 'Unique' : 'HashAggregate';
      case 'insert':
        return `Insert on ${p.table.name}`;
      case 'update':
        return `Update on ${p.table.name}`;
      case 'delete':
        return `Delete on ${p.table.name}`;
      case 'merge':
        return `Merge on ${p.table.name}`;
      case 'explain':
        return 'Explain';
      case 'filter':
        return 'Filter';
      case 'cteScan':
        return `CTE Scan on ${relation(p.name, p.alias)}`;
      case 'workTableScan':
        return `WorkTable Scan on ${relation(p.name, p.alias)}`;
      case 'with':
        return 'With';
      case 'recursiveUnion':
        return 'Recursive Union';
      case 'setOp':
        if (p.op === 'union') return p.all ? 'Append' : 'HashAggregate';
        return `HashSetOp ${p.op === 'intersect' ? 'Intersect' : 'Except'}${p.all ? ' All' : ''}`;
      case 'window':
        return 'WindowAgg';
      default:
        return assertNever(p, 'physical plan node');
    }
  }

  /** The JSON properties that identify the node (PostgreSQL's names and order). */
  #props(p: PhysicalPlan): [string, string | boolean][] {
    const base = (type: string): [string, string | boolean][] => [
      ['Node Type', type],
      ['Parallel Aware', false],
      ['Async Capable', false],
    ];
    const rel = (name: string, alias: string): [string, string][] => [
      ['Relation Name', name],
      ['Alias', alias],
    ];
    switch (p.kind) {
      case 'seqScan':
        return [...base('Seq Scan'), ...rel(p.table.name, p.alias)];
      case 'indexScan':
        return [
          ...base(p.indexOnly ? 'Index Only Scan' : 'Index Scan'),
          ['Scan Direction', 'Forward'],
          ['Index Name', p.index.name],
          ...rel(p.table.name, p.alias),
        ];
      case 'hashJoin':
      case 'mergeJoin':
      case 'nestedLoop':
        return [
          ...base(
            p.kind === 'hashJoin' ? 'Hash Join' : p.kind === 'mergeJoin' ? 'Merge Join' : 'Nested Loop',
          ),
          ['Join Type', JOIN_TYPE[p.joinType]],
          ['Inner Unique', false],
        ];
      case 'semiJoin':
        return [
          ...base(p.method === 'hash' ? 'Hash Join' : 'Nested Loop'),
          ['Join Type', p.anti ? 'Anti' : 'Semi'],
          ['Inner Unique', false],
        ];
      case 'aggregate':
        return [
          ...base('Aggregate'),
          [
            'Strategy',
            p.groupingSets
              ? 'Mixed'
              : p.strategy === 'hashed'
                ? 'Hashed'
                : p.strategy === 'sorted'
                  ? 'Sorted'
                  : 'Plain',
          ],
          ['Partial Mode', 'Simple'],
        ];
      case 'distinct':
        return p.on
          ? base('Unique')
          : [...base('Aggregate'), ['Strategy', 'Hashed'], ['Partial Mode', 'Simple']];
      case 'insert':
      case 'update':
      case 'delete':
      case 'merge':
        return [
          ...base('ModifyTable'),
          ['Operation', OPERATIONS[p.kind]],
          ...rel(p.table.name, p.table.name),
        ];
      case 'functionScan': {
        const name = scannedFunctionName(p);
        const named: [string, string][] = name === undefined ? [] : [['Function Name', name]];
        return [...base('Function Scan'), ...named, ['Alias', p.alias]];
      }
      case 'systemScan':
        return [...base('Seq Scan'), ...rel(p.relation.name, p.alias)];
      case 'cteScan':
        return [...base('CTE Scan'), ['CTE Name', p.name], ['Alias', p.alias]];
      case 'workTableScan':
        return [...base('WorkTable Scan'), ['CTE Name', p.name], ['Alias', p.alias]];
      case 'valuesScan':
        return [...base('Values Scan'), ['Alias', '*VALUES*']];
      case 'setOp':
        if (p.op === 'union') return p.all ? base('Append') : [...base('Aggregate'), ['Strategy', 'Hashed']];
        return [
          ...base('SetOp'),
          [
            'Command',
            p.op === 'intersect' ? (p.all ? 'Intersect All' : 'Intersect') : p.all ? 'Except All' : 'Except',
          ],
          ['Strategy', 'Hashed'],
        ];
      default:
        return base(this.#title(p));
    }
  }

  #details(p: PhysicalPlan): ExplainDetail[] {
    switch (p.kind) {
      case 'seqScan':
        return p.filter ? [this.#detail('Filter', p.filter)] : [];
      case 'indexScan': {
        // A partial index whose predicate the query implies may be scanned with no key condition.
        const out =
          p.keyConds.length === 0
            ? []
            : [
                this.#conds(
                  'Index Cond',
                  p.keyConds.map((k) => k.cond),
                ),
              ];
        if (p.residual) out.push(this.#detail('Filter', p.residual));
        return out;
      }
      case 'nestedLoop':
        return p.condition ? [this.#detail('Join Filter', p.condition)] : [];
      case 'hashJoin': {
        const out = [this.#conds('Hash Cond', p.hashConds)];
        if (p.residual) out.push(this.#detail('Join Filter', p.residual));
        return out;
      }
      case 'mergeJoin': {
        const out = [this.#conds('Merge Cond', p.mergeConds)];
        if (p.residual) out.push(this.#detail('Join Filter', p.residual));
        return out;
      }
      case 'semiJoin': {
        const out = p.hashConds.length > 0 ? [this.#conds('Hash Cond', p.hashConds)] : [];
        if (p.residual) out.push(this.#detail('Join Filter', p.residual));
        return out;
      }
      case 'aggregate':
        if (p.groupingSets) {
          return p.groupingSets.map((set) => {
            const keys = set.map((k) => this.d.expr(p.groupBy[k], false));
            return { label: 'Group Key', text: keys.length === 0 ? '()' : keys.join(', '), json: keys };
          });
        }
        return p.groupBy.length > 0
          ? [
              this.#list(
                'Group Key',
                p.groupBy.map((g) => this.d.expr(g, false)),
              ),
            ]
          : [];
      case 'distinct':
        return p.on
          ? []
          : [
              this.#list(
                'Group Key',
                p.columns.map((c) => c.name),
              ),
            ];
      case 'setOp':
        return p.op === 'union' && !p.all
          ? [
              this.#list(
                'Group Key',
                p.columns.map((c) => c.name),
              ),
            ]
          : [];
      case 'sort':
        return [
          this.#list(
            'Sort Key',
            p.keys.map((k) => this.#sortKey(k)),
          ),
        ];
      default:
        return [];
    }
  }

  #list(label: string, items: readonly string[]): ExplainDetail {
    return { label, text: items.join(', '), json: items };
  }

  #sortKey(k: SortKey<PhysicalPlan>): string {
    let s = this.d.expr(k.expr, false);
    if (k.descending) s += ' DESC';
    if (k.nullsFirst !== k.descending) s += k.nullsFirst ? ' NULLS FIRST' : ' NULLS LAST';
    return s;
  }
}

/** The expressions a node evaluates itself (not its inputs'), for finding its subqueries. */
function nodeExprs(p: PhysicalPlan): PhysicalExpr[] {
  switch (p.kind) {
    case 'seqScan':
      return p.filter ? [p.filter] : [];
    case 'indexScan':
      return [...p.keyConds.map((k) => k.value), ...(p.residual ? [p.residual] : [])];
    case 'valuesScan':
      return p.rows.flat();
    case 'functionScan':
      return p.functions.flatMap((f) => f.args);
    case 'systemScan':
      return [];
    case 'filter':
      return [p.predicate];
    case 'project':
      return [...p.exprs];
    case 'projectSet':
      return [...p.exprs, ...p.srfs.flatMap((s) => s.args)];
    case 'nestedLoop':
      return p.condition ? [p.condition] : [];
    case 'hashJoin':
      return [...p.hashConds, ...(p.residual ? [p.residual] : [])];
    case 'mergeJoin':
      return [...p.mergeConds, ...(p.residual ? [p.residual] : [])];
    case 'semiJoin':
      return [...p.hashConds, ...(p.residual ? [p.residual] : [])];
    case 'aggregate':
      return [...p.groupBy, ...p.aggregates.flatMap((a) => [...a.args, ...(a.filter ? [a.filter] : [])])];
    case 'sort':
      return p.keys.map((k) => k.expr);
    case 'limit':
      return [...(p.limit ? [p.limit] : []), ...(p.offset ? [p.offset] : []), ...(p.withTies ?? [])];
    case 'insert':
    case 'delete':
      return p.returning ? [...p.returning.exprs] : [];
    case 'update':
      return [...p.assignments.map((a) => a.expr), ...(p.returning ? p.returning.exprs : [])];
    case 'merge':
      return p.actions.flatMap((a) => [
        ...(a.condition ? [a.condition] : []),
        ...a.assignments.map((x) => x.expr),
        ...a.values,
      ]);
    case 'window':
      return p.calls.flatMap((c) => [...c.args, ...c.partitionBy, ...c.orderBy.map((k) => k.expr)]);
    default:
      return [];
  }
}

/** ModifyTable's Operation in EXPLAIN (FORMAT JSON …). */
const OPERATIONS = { insert: 'Insert', update: 'Update', delete: 'Delete', merge: 'Merge' } as const;

/** The function a Function Scan names: its only one (ROWS FROM of several names none, as PostgreSQL). */
function scannedFunctionName(p: FunctionScanNode): string | undefined {
  return p.functions.length === 1 ? p.functions[0].fn : undefined;
}

function relation(name: string, alias: string): string {
  return alias === name ? name : `${name} ${alias}`;
}

function joinSuffix(t: string): string {
  switch (t) {
    case 'left':
      return ' Left Join';
    case 'right':
      return ' Right Join';
    case 'full':
      return ' Full Join';
    default:
      return '';
  }
}
