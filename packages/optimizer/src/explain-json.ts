/**
 * EXPLAIN (FORMAT JSON): PostgreSQL's JSON shape, indented as it indents it:
 *
 *   [
 *     {
 *       "Plan": {
 *         "Node Type": "Seq Scan",
 *         "Parallel Aware": false,
 *         "Async Capable": false,
 *         "Relation Name": "t",
 *         "Alias": "t",
 *         "Startup Cost": 0.00,
 *         "Total Cost": 35.50,
 *         "Plan Rows": 2550,
 *         "Plan Width": 4,
 *         "Plans": [ … ]
 *       },
 *       "Planning Time": 0.050,
 *       "Execution Time": 0.020
 *     }
 *   ]
 *
 * Costs print with two decimals and times with three, as PostgreSQL's numbers do (so they are
 * written here rather than by JSON.stringify, which would drop trailing zeros).
 */
import type { ExplainEntry, ExplainOptions } from './explain-plan.js';

/** A JSON value: objects keep their key order; `raw` numbers are written as formatted. */
type Json =
  | string
  | boolean
  | { readonly raw: string }
  | { readonly obj: readonly (readonly [string, Json])[] }
  | readonly Json[];

const raw = (text: string) => ({ raw: text });

/** The JSON document of EXPLAIN (FORMAT JSON) for `root`. Sync, never throws. */
export function renderJson(root: ExplainEntry, o: ExplainOptions): string {
  const top: [string, Json][] = [['Plan', node(root, undefined, o)]];
  if (o.planningMs !== undefined) top.push(['Planning Time', raw(o.planningMs.toFixed(3))]);
  if (o.actuals) top.push(['Triggers', []]);
  if (o.executionMs !== undefined) top.push(['Execution Time', raw(o.executionMs.toFixed(3))]);
  return write([{ obj: top }], 0);
}

/**
 * EXPLAIN (FORMAT JSON) of a statement that has no plan to show, as PostgreSQL's
 * ExplainDummyGroup writes it: `name` alone in the list (`"Utility Statement"`, `"Notify"`,
 * `"CREATE TABLE AS"` for one that skipped an existing table). Sync, never throws.
 */
export function explainDummyJson(name: string): string {
  return write([name], 0);
}

function node(
  e: ExplainEntry,
  parent: { relationship: string; name?: string } | undefined,
  o: ExplainOptions,
): Json {
  const props: [string, Json][] = [];
  const [first, ...rest] = e.props;
  if (first) props.push([first[0], first[1]]);
  if (parent) {
    props.push(['Parent Relationship', parent.relationship]);
    if (parent.name !== undefined) props.push(['Subplan Name', parent.name]);
  }
  for (const [k, v] of rest) props.push([k, v]);
  if (o.costs && e.est) {
    props.push(['Startup Cost', raw(e.est.startup.toFixed(2))]);
    props.push(['Total Cost', raw(e.est.total.toFixed(2))]);
    props.push(['Plan Rows', raw(String(Math.round(e.est.rows)))]);
    props.push(['Plan Width', raw(String(Math.round(e.est.width)))]);
  }
  if (o.actuals) {
    const a = e.actual;
    const loops = a ? a.loops : 0;
    const per = (x: number) => (loops > 0 ? x / loops : 0);
    if (o.timing !== false) {
      props.push(['Actual Startup Time', raw(per(a?.startupMs ?? 0).toFixed(3))]);
      props.push(['Actual Total Time', raw(per(a?.totalMs ?? 0).toFixed(3))]);
    }
    props.push(['Actual Rows', raw(String(Math.round(per(a?.rows ?? 0))))]);
    props.push(['Actual Loops', raw(String(loops))]);
  }
  for (const d of e.details) props.push([d.label, typeof d.json === 'string' ? d.json : [...d.json]]);
  if (e.children.length > 0) {
    const plans = e.children.map((c) =>
      node(c.entry, { relationship: c.relationship, ...(c.name !== undefined ? { name: c.name } : {}) }, o),
    );
    props.push(['Plans', plans]);
  }
  return { obj: props };
}

function write(v: Json, depth: number): string {
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) {
    const items = v as readonly Json[];
    if (items.length === 0) return '[]';
    return `[\n${items.map((x) => `${pad}${write(x, depth + 1)}`).join(',\n')}\n${end}]`;
  }
  if ('raw' in (v as object)) return (v as { raw: string }).raw;
  const entries = (v as { obj: readonly (readonly [string, Json])[] }).obj;
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${write(x, depth + 1)}`);
  return `{\n${body.join(',\n')}\n${end}}`;
}
