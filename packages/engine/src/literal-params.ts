/**
 * Literals as parameters, for the statement cache (statement-cache.ts): which literals of a parsed
 * statement may become parameters `$k`, the statement rewritten that way, and the values a
 * literal's text stands for — exactly those the binder would give the literal (bind-literal.ts).
 *
 * SAFETY RULES. A literal becomes a parameter only where a value of its type is all the binder
 * and optimizer use, whatever the value; everywhere else it stays a literal and its slot is matched
 * by text (frozen). Allowed positions (an allow-list: when unsure, freeze):
 * - operands of binary operators, IS DISTINCT FROM, BETWEEN, IN lists, LIKE patterns, NULLIF,
 *   COALESCE, CASE branches;
 * - select-list and RETURNING items, VALUES rows (and so INSERT values), UPDATE SET values;
 * - LIMIT and OFFSET.
 * Never: ORDER BY / GROUP BY / DISTINCT ON items (integers there are column ordinals), cast
 * operands (typed literals such as `interval '1 day'`, typmods), window frames, anything inside
 * a function call (the binder copies an aggregate call's source text into the plan), unary
 * operator operands. Each candidate is also checked against its slot: the same start offset, the
 * same class and the same value text (a literal with a folded minus sign starts at the `-` token
 * just before its slot); any doubt freezes it.
 * Whatever these rules let through, the cache then proves the parameterized plan equal to the
 * literal plan (plan-equivalence.ts) before using it.
 */
import {
  castValue,
  type DateTimeStyle,
  DEFAULT_DATE_TIME_STYLE,
  Numeric,
  parseText,
  type SqlType,
  sqlType,
  UTC,
  type Value,
} from '@rustydb/common';
import type { Statement } from '@rustydb/parser';
import type { LiteralClass, StatementShape } from './statement-shape.js';

/** One literal turned parameter: its slot in the shape, and whether a minus sign was folded in. */
export interface LiteralParam {
  readonly slot: number;
  readonly negate: boolean;
}

/** `stmt` with literals replaced by parameters `$base+1…`, in the order of `params`. */
export interface ParameterizedStatement {
  readonly stmt: Statement;
  readonly literals: readonly LiteralParam[];
  /** Slots that stay literals: the cache matches them by text. */
  readonly frozen: readonly number[];
}

/** Positions (owner node kind + property path) where a literal may become a parameter. */
const ALLOWED: ReadonlySet<string> = new Set([
  'binaryOp.left',
  'binaryOp.right',
  'distinctFrom.left',
  'distinctFrom.right',
  'between.arg',
  'between.low',
  'between.high',
  'inList.arg',
  'inList.list',
  'like.arg',
  'like.pattern',
  'nullIf.left',
  'nullIf.right',
  'coalesce.args',
  'case.arg',
  'case.whens.when',
  'case.whens.then',
  'case.else',
  'select.targets.expr',
  'insert.returning.expr',
  'update.returning.expr',
  'delete.returning.expr',
  'values.rows',
  'set.value',
  'select.limit',
  'select.offset',
  'values.limit',
  'values.offset',
  'setOp.limit',
  'setOp.offset',
]);

/** ALLOWED by owner node kind, then property path: no position string made per literal. */
const ALLOWED_BY_OWNER: ReadonlyMap<string, ReadonlySet<string>> = (() => {
  const byOwner = new Map<string, Set<string>>();
  for (const position of ALLOWED) {
    const dot = position.indexOf('.');
    const owner = position.slice(0, dot);
    if (!byOwner.has(owner)) byOwner.set(owner, new Set());
    byOwner.get(owner)!.add(position.slice(dot + 1));
  }
  return byOwner;
})();

/** Node kinds below which every literal stays a literal. */
const FREEZING_KINDS: ReadonlySet<string> = new Set(['funcCall', 'cast', 'unaryOp', 'windowDef']);

/** Properties below which every literal stays a literal (ordinals, frames, window clauses). */
const FREEZING_KEYS: ReadonlySet<string> = new Set([
  'orderBy',
  'groupBy',
  'distinctOn',
  'frame',
  'windows',
  'over',
]);

/**
 * Rewrites `stmt` (parsed from the text `shape` was made of) with its parameterizable literals as
 * parameters numbered from `base + 1`. Pure: `stmt` is not changed.
 */
export function parameterizeLiterals(
  stmt: Statement,
  shape: StatementShape,
  sql: string,
  base: number,
): ParameterizedStatement {
  const params: LiteralParam[] = [];
  const used = new Set<number>();

  const literal = (node: Record<string, unknown>, owner: string, path: string, frozen: boolean): unknown => {
    if (frozen || ALLOWED_BY_OWNER.get(owner)?.has(path) !== true) return node;
    const found = matchSlot(node, shape, sql);
    if (found === undefined || used.has(found.slot)) return node;
    used.add(found.slot);
    params.push(found);
    return { kind: 'param', number: base + params.length, location: node.location };
  };

  const visit = (value: unknown, owner: string, path: string, frozen: boolean): unknown => {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const r = visit(value[i], owner, path, frozen);
        if (r !== value[i]) {
          out ??= value.slice();
          out[i] = r;
        }
      }
      return out ?? value;
    }
    if (value === null || typeof value !== 'object') return value;
    const node = value as Record<string, unknown>;
    const kind = typeof node.kind === 'string' ? node.kind : undefined;
    if (kind === 'literal') return literal(node, owner, path, frozen);
    const inner = frozen || (kind !== undefined && FREEZING_KINDS.has(kind));
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(node)) {
      // Ordinals: an ORDER BY / GROUP BY / DISTINCT ON item that is a literal picks a column.
      const freeze = inner || FREEZING_KEYS.has(k);
      const r =
        kind === undefined ? visit(node[k], owner, `${path}.${k}`, freeze) : visit(node[k], kind, k, freeze);
      if (r !== node[k]) {
        out ??= { ...node };
        out[k] = r;
      }
    }
    return out ?? node;
  };

  const rewritten = visit(stmt, '', '', false) as Statement;
  const frozen: number[] = [];
  for (let i = 0; i < shape.slotCount; i++) if (!used.has(i)) frozen.push(i);
  return { stmt: rewritten, literals: params, frozen };
}

/** The slot an AST literal came from, if it certainly did (offset, class and value agree). */
export function matchSlot(
  node: Record<string, unknown>,
  shape: StatementShape,
  sql: string,
): LiteralParam | undefined {
  const location = node.location as number;
  const value = node.value as string;
  const type = node.type as string;
  let index = slotStartingAt(shape, location);
  let negate = false;
  if (index === undefined && sql[location] === '-' && value.startsWith('-')) {
    // A folded minus: the literal starts at `-`; its digits are the next slot, after blanks only.
    let j = location + 1;
    while (j < sql.length && /\s/.test(sql[j]!)) j++;
    index = slotStartingAt(shape, j);
    negate = true;
  }
  if (index === undefined) return undefined;
  const cls = shape.slotClass(index);
  const text = sql.slice(shape.slotStart(index), shape.slotEnd(index));
  const expected = cls === 'string' ? decodeString(text) : (negate ? '-' : '') + text;
  const typeOk =
    cls === 'string' ? type === 'string' : cls === 'decimal' ? type === 'numeric' : type === 'integer';
  if (!typeOk || expected !== value) return undefined;
  return { slot: index, negate };
}

/** The slot of `shape` that starts at `offset`, if one does (slots are in text order). */
function slotStartingAt(shape: StatementShape, offset: number): number | undefined {
  let lo = 0;
  let hi = shape.slotCount - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const start = shape.slotStart(mid);
    if (start === offset) return mid;
    if (start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/** The type the binder gives a literal of class `cls` (undefined: unknown, typed by context). */
export function literalClassType(cls: LiteralClass): SqlType | undefined {
  switch (cls) {
    case 'int4':
      return sqlType('int4');
    case 'int8':
      return sqlType('int8');
    case 'bigint':
    case 'decimal':
      return sqlType('numeric');
    case 'string':
      return undefined;
  }
}

/**
 * The value the binder gives the literal in slot `i` of `shape` (with a folded minus when
 * `negate`), as a parameter of type `type` (the class's own type, or the type the binder converted
 * it to), read in the session's DateStyle `style` (a numeric date's field order). Read from the
 * statement's characters: no slot object (a hit runs this per literal).
 * @throws DbError when the text is not a valid value of `type` (the caller then parses the
 *   statement normally, so the error is reported as the literal's).
 */
export function shapeLiteralValue(
  shape: StatementShape,
  i: number,
  negate: boolean,
  type: SqlType,
  style: DateTimeStyle = DEFAULT_DATE_TIME_STYLE,
): Value {
  return valueOfLiteral(
    shape.slotClass(i),
    shape.sql,
    shape.slotStart(i),
    shape.slotEnd(i),
    negate,
    type,
    style,
  );
}

/** shapeLiteralValue of the literal `sql[start, end)` of class `cls`. */
function valueOfLiteral(
  cls: LiteralClass,
  sql: string,
  start: number,
  end: number,
  negate: boolean,
  type: SqlType,
  style: DateTimeStyle,
): Value {
  const sign = negate ? '-' : '';
  switch (cls) {
    case 'string': {
      // The body straight from the statement (no quoted copy first): this runs per literal per hit.
      const body = sql.slice(start + 1, end - 1);
      const text = body.includes("''") ? body.replaceAll("''", "'") : body;
      return TEXT_TYPES.has(type.name) ? text : parseText(text, type, UTC, style);
    }
    case 'int4': {
      // At most ten digits of magnitude ≤ 2^31-1: exact in a double, as Number(text) would be
      // (leading zeros included; a negated zero is -0 as Number('-0')).
      let v = 0;
      for (let i = start; i < end; i++) v = v * 10 + (sql.charCodeAt(i) - 0x30);
      return convert(negate ? -v : v, INT4, type);
    }
    case 'int8':
      return convert(BigInt(sign + sql.slice(start, end)), sqlType('int8'), type);
    case 'bigint':
    case 'decimal':
      return convert(Numeric.parse(sign + sql.slice(start, end)), sqlType('numeric'), type);
  }
}

const INT4 = sqlType('int4');

const convert = (v: Value, from: SqlType, to: SqlType): Value =>
  from.name === to.name ? v : castValue(v, from, to, false);

/** Types whose text input is the text itself (as the binder leaves an unknown literal for them). */
const TEXT_TYPES: ReadonlySet<string> = new Set(['text', 'varchar', 'bpchar', 'name', 'unknown']);

/** `'it''s'` → `it's`. */
const decodeString = (text: string): string => {
  const body = text.slice(1, -1);
  return body.includes("''") ? body.replaceAll("''", "'") : body;
};
