/**
 * StatementCache: a session's plans for statement shapes, so a query or DML statement sent as
 * text (a simple Query message, `db.query`, `EmbeddedSession.query`) skips parsing, binding and
 * optimizing when a statement of the same shape ran before.
 *
 * KEY. The shape of the text (statement-shape.ts: literals replaced by class placeholders,
 * comments and whitespace runs normalized) plus the types of the caller's parameters. Under one
 * key live up to `VARIANTS` entries that differ in their frozen slots (literals that could not
 * become parameters, matched by text).
 *
 * MISS. The session parses and runs the statement as always; after binding and optimizing it
 * hands the plan to `learn`, which rewrites the statement with its literals as parameters
 * (literal-params.ts), binds and optimizes that, and keeps it only if the two plans are
 * equivalent (plan-equivalence.ts) — the proof that the cached plan is the one the binder makes
 * for the literal text. A statement that fails the proof is remembered as uncacheable (until the
 * epoch moves), so it costs one extra bind once.
 *
 * HIT. `lookup` converts each literal's text to its parameter's value (exactly as the binder
 * would type it) and returns the plan; the session executes it directly. A literal that does not
 * convert (`'abc'` for an integer) is a miss: the normal path reports the error with its position.
 *
 * VALIDITY. Like a prepared statement's plan (prepared-statement.ts): an entry holds while the
 * catalog view it was bound against (the catalog's epoch, search path included) and the
 * session's settings version are unchanged; otherwise it is dropped and learnt again.
 *
 * Bounded: `capacity` keys, least recently used first out; statements longer than
 * `MAX_KEY_LENGTH` are not kept.
 */
import type { CatalogView } from '@rustydb/catalog';
import { castValue, DbError, DEFAULT_DATE_TIME_STYLE, type SqlType, UTC, type Value } from '@rustydb/common';
import { optimize, type PhysicalPlan } from '@rustydb/optimizer';
import type { Statement } from '@rustydb/parser';
import { bindStatementWithParams, type LogicalPlan, outputColumns, type PlanColumn } from '@rustydb/planner';
import { parameterizeRepeatedRows, repeatedInsertRows, repeatedRowTypes } from './first-row-proof.js';
import {
  type LiteralParam,
  literalClassType,
  type ParameterizedStatement,
  parameterizeLiterals,
  shapeLiteralValue,
} from './literal-params.js';
import { comparePlans } from './plan-equivalence.js';
import type { TextInputSettings } from './planned-statement.js';
import type { SessionSettings } from './session-settings.js';
import type { StatementShape } from './statement-shape.js';

/** Text input with no session: UTC, ISO / MDY (tests and callers without settings). */
const DEFAULT_TEXT_INPUT: TextInputSettings = { timeZone: UTC, dateTimeStyle: DEFAULT_DATE_TIME_STYLE };

/** A plan to execute for a cached shape. */
export interface CachedStatement {
  readonly kind: Statement['kind'];
  readonly physical: PhysicalPlan;
  readonly columns: readonly PlanColumn[];
  /** Send RowDescription (queries always; DML only with RETURNING). */
  readonly returnsRows: boolean;
  /** Types of all parameters: the caller's, then the literals'. */
  readonly paramTypes: readonly SqlType[];
  /** The caller's parameter count (literal parameters follow). */
  readonly base: number;
  readonly literals: readonly LiteralParam[];
  /**
   * Casts the plan applies to literal parameters (`Cast($k)`): run once per hit before execution,
   * so a value the cast rejects goes the normal way — where the binder rejects the literal with
   * its position — instead of failing at execution.
   */
  readonly casts: readonly ParamCast[];
  /** The shape of the text the entry was learnt from (to move error positions). */
  readonly shape: StatementShape;
}

interface ParamCast {
  readonly index: number;
  readonly from: SqlType;
  readonly to: SqlType;
  readonly explicit: boolean;
}

interface Entry {
  readonly catalog: CatalogView;
  readonly settingsVersion: number;
  /** Slot index → required text, for literals that stay literals. */
  readonly frozen: readonly { readonly slot: number; readonly text: string }[];
  /** undefined: the shape cannot be cached (remembered so it is not tried again). */
  readonly statement: CachedStatement | undefined;
}

/** A statement's plan as the session bound it, with its literals (and the caller's parameter types). */
export interface LiteralPlan {
  readonly logical: LogicalPlan;
  readonly physical: PhysicalPlan;
  readonly paramTypes: readonly SqlType[];
}

/** What a lookup found. */
export type Lookup =
  | { readonly kind: 'hit'; readonly statement: CachedStatement; readonly params: readonly Value[] }
  /** Parse as usual; `learn` afterwards (the shape may be cacheable). */
  | { readonly kind: 'miss' }
  /** Parse as usual; the shape is known not to be cacheable. */
  | { readonly kind: 'uncacheable' };

const MISS: Lookup = { kind: 'miss' };
const UNCACHEABLE: Lookup = { kind: 'uncacheable' };

const VARIANTS = 4;
const MAX_KEY_LENGTH = 256 * 1024;
const MAX_RETYPES = 8;
const QUERY_KINDS: ReadonlySet<Statement['kind']> = new Set(['select', 'values', 'setOp']);

export class StatementCache {
  readonly #entries = new Map<string, Entry[]>();
  /** The key `lookup` last moved to the most-recently-used end. */
  #lastKey: string | undefined;
  /** Hits and misses, for tests and tools. */
  hits = 0;
  misses = 0;

  constructor(readonly capacity = 256) {}

  /** Number of keys held. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The cached plan for `shape` with the caller's `params` (`paramTypes` as the session derived
   * them), valid for `catalog` and `settingsVersion`, with the parameter values to run it with
   * (the caller's text parameters and the literals read in the session's TimeZone and DateStyle, `input`). Sync; never throws a DbError (a literal
   * that does not convert is a miss).
   */
  lookup(
    shape: StatementShape,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    catalog: CatalogView,
    settingsVersion: number,
    coerce: (
      params: readonly Value[],
      types: readonly SqlType[],
      input: TextInputSettings,
    ) => readonly Value[],
    input: TextInputSettings = DEFAULT_TEXT_INPUT,
  ): Lookup {
    const key = cacheKey(shape, paramTypes);
    const variants = this.#entries.get(key);
    if (variants === undefined) return this.#miss();
    const at = matchingVariant(variants, shape);
    if (at < 0) return this.#miss();
    const entry = variants[at]!;
    if (entry.catalog !== catalog || entry.settingsVersion !== settingsVersion) {
      variants.splice(at, 1);
      if (variants.length === 0) this.#entries.delete(key);
      return this.#miss();
    }
    // Most recently used last (already so when the same key ran last: the repeated statement).
    if (key !== this.#lastKey) {
      this.#entries.delete(key);
      this.#entries.set(key, variants);
      this.#lastKey = key;
    }
    const st = entry.statement;
    if (st === undefined) return UNCACHEABLE;
    const values = literalValues(st, shape, params, coerce, input);
    if (values === undefined) return this.#miss();
    this.hits++;
    return { kind: 'hit', statement: st, params: values };
  }

  #miss(): Lookup {
    this.misses++;
    return MISS;
  }

  /**
   * After a miss: `stmt` (parsed from `sql`, of shape `shape`) was bound with its literals by
   * `planLiteral` (called here for `stmt`, or for a statement cut from it: first-row-proof.ts);
   * decide whether a parameterized plan can stand for it and remember the verdict. Returns the
   * cached statement when there is one (the caller may run it for this very text, with
   * `valuesOf`, as a hit would), else undefined. Sync. Binder errors of the parameterized
   * statement make the shape uncacheable; `planLiteral(stmt)`'s errors (the statement's own)
   * and other exceptions (our bugs) propagate.
   */
  learn(
    shape: StatementShape,
    sql: string,
    stmt: Statement,
    planLiteral: (stmt: Statement) => LiteralPlan,
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    catalog: CatalogView,
    settings: SessionSettings,
  ): CachedStatement | undefined {
    const key = cacheKey(shape, paramTypes);
    if (key.length > MAX_KEY_LENGTH) return undefined;
    const base = paramTypes?.length ?? 0;
    // A bulk load's rows written alike are rewritten from the first row's (first-row-proof.ts).
    const rewritten =
      parameterizeRepeatedRows(stmt, shape, sql, base) ?? parameterizeLiterals(stmt, shape, sql, base);
    const frozen = rewritten.frozen.map((slot) => ({
      slot,
      text: shape.sql.slice(shape.slotStart(slot), shape.slotEnd(slot)),
    }));
    const proof: Proof = { shape, sql, kind: stmt.kind, paramTypes, base, rewritten, catalog, settings };
    let statement = this.#proveByFirstRow(proof, stmt, planLiteral);
    if (statement === undefined) {
      const literal = planLiteral(stmt);
      try {
        statement = this.#prove(proof, literal, rewritten.stmt, rewritten.literals.length, undefined);
      } catch (err) {
        if (!(err instanceof DbError)) throw err;
        statement = undefined;
      }
    }
    const entry: Entry = { catalog, settingsVersion: settings.version, frozen, statement };
    this.#lastKey = undefined;
    const variants = this.#entries.get(key) ?? [];
    this.#entries.delete(key);
    variants.push(entry);
    if (variants.length > VARIANTS) variants.shift();
    this.#entries.set(key, variants);
    while (this.#entries.size > this.capacity) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
    return statement;
  }

  /**
   * The parameter values to run `st` with for a text of shape `shape` and the caller's `params`
   * (what a hit passes), or undefined when a literal does not convert. Sync; never throws a DbError.
   */
  valuesOf(
    st: CachedStatement,
    shape: StatementShape,
    params: readonly Value[],
    coerce: (
      params: readonly Value[],
      types: readonly SqlType[],
      input: TextInputSettings,
    ) => readonly Value[],
    input: TextInputSettings = DEFAULT_TEXT_INPUT,
  ): readonly Value[] | undefined {
    return literalValues(st, shape, params, coerce, input);
  }

  /** Forgets everything (tests; a session that ends). */
  clear(): void {
    this.#entries.clear();
    this.#lastKey = undefined;
  }

  /**
   * The proof on the first row of a repeated INSERT … VALUES (first-row-proof.ts): the plan of
   * the whole parameterized statement, or undefined when the statement is not one or the proof
   * on its first row does not hold (the caller then proves on the whole statement). Sync; never
   * throws a DbError.
   */
  #proveByFirstRow(
    proof: Proof,
    stmt: Statement,
    planLiteral: (stmt: Statement) => LiteralPlan,
  ): CachedStatement | undefined {
    const rows = repeatedInsertRows(stmt, proof.rewritten, proof.shape, proof.base);
    if (rows === undefined) return undefined;
    try {
      const literal = planLiteral(rows.literalFirstRow);
      return this.#prove(proof, literal, rows.parameterizedFirstRow, rows.perRow, (firstRow) => {
        const types = repeatedRowTypes(firstRow, proof.base, rows);
        const bound = bindStatementWithParams(proof.rewritten.stmt, {
          catalog: proof.catalog,
          sql: proof.sql,
          paramTypes: types,
        });
        // The binder keeps the types it is given; anything else is not the plan proven.
        if (!sameTypeNames(bound.paramTypes, types)) return undefined;
        return {
          bound,
          physical: optimize(bound.plan, { catalog: proof.catalog, settings: proof.settings.all() }),
        };
      });
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
      return undefined;
    }
  }

  /**
   * Binds `parameterized` (the statement with its literals as parameters, or a part of it using
   * the first `literalCount` of them) and compares it with `literal`, retyping parameters as the
   * comparison asks. When they are the
   * same, the cached statement: its plan is the one proven, or when `whole` is given, the plan
   * `whole` makes from the proven parameter types (undefined: none).
   * @throws DbError from the binder
   */
  #prove(
    proof: Proof,
    literal: LiteralPlan,
    parameterized: Statement,
    literalCount: number,
    whole:
      | ((types: readonly SqlType[]) => { bound: BoundStatement; physical: PhysicalPlan } | undefined)
      | undefined,
  ): CachedStatement | undefined {
    const { shape, sql, kind, paramTypes, base, rewritten, catalog, settings } = proof;
    const columns = outputColumns(literal.logical);
    const returnsRows = QUERY_KINDS.has(kind) || columns.length > 0;
    const common = { kind, columns, returnsRows, base, literals: rewritten.literals, shape };
    if (rewritten.literals.length === 0) {
      // Nothing to parameterize: the literal plan is the plan.
      return { ...common, casts: [], physical: literal.physical, paramTypes: literal.paramTypes };
    }
    const types: (SqlType | undefined)[] = [...(paramTypes ?? [])];
    for (let i = 0; i < literalCount; i++) {
      types.push(literalClassType(shape.slotClass(rewritten.literals[i]!.slot)));
    }
    for (let round = 0; round <= MAX_RETYPES; round++) {
      const bound = bindStatementWithParams(parameterized, { catalog, sql, paramTypes: types });
      if (bound.paramTypes.slice(base).some((t) => t.typmod !== -1)) return undefined;
      const physical = optimize(bound.plan, { catalog, settings: settings.all() });
      const literalValueOf = (index: number, type: SqlType): Value => {
        const p = rewritten.literals[index - base]!;
        return shapeLiteralValue(shape, p.slot, p.negate, type, settings.textOutput().dateTimeStyle);
      };
      const verdict = comparePlans(
        { physical: literal.physical, columns },
        { physical, columns: outputColumns(bound.plan) },
        base,
        literalValueOf,
      );
      if (verdict.kind === 'same') {
        const plan = whole === undefined ? { bound, physical } : whole(bound.paramTypes);
        if (plan === undefined) return undefined;
        return {
          ...common,
          casts: paramCasts(plan.physical, base),
          physical: plan.physical,
          paramTypes: plan.bound.paramTypes,
        };
      }
      if (verdict.kind === 'different' || types[verdict.index]?.name === verdict.type.name) return undefined;
      types[verdict.index] = verdict.type;
    }
    return undefined;
  }
}

/** What a proof works on: the statement's shape, text and literals, and the catalog view and settings. */
interface Proof {
  readonly shape: StatementShape;
  readonly sql: string;
  readonly kind: Statement['kind'];
  readonly paramTypes: readonly (SqlType | undefined)[] | undefined;
  readonly base: number;
  readonly rewritten: ParameterizedStatement;
  readonly catalog: CatalogView;
  readonly settings: SessionSettings;
}

type BoundStatement = ReturnType<typeof bindStatementWithParams>;

/** Every `Cast($k)` of a literal parameter ($k from `base` on) in `plan`. */
function paramCasts(plan: unknown, base: number): ParamCast[] {
  const out: ParamCast[] = [];
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const v of x) visit(v);
      return;
    }
    const n = x as Record<string, unknown>;
    if (n.kind === 'const' || n.kind === 'param') return; // a bulk INSERT's VALUES is thousands of them
    const arg = n.arg as Record<string, unknown> | undefined;
    if (n.kind === 'cast' && arg?.kind === 'param' && (arg.index as number) >= base) {
      out.push({
        index: arg.index as number,
        from: arg.type as SqlType,
        to: n.type as SqlType,
        explicit: n.explicit === true,
      });
    }
    // for…in, not Object.entries: this walks a bulk INSERT's whole plan (thousands of nodes).
    for (const k in n) if (k !== 'table' && k !== 'est') visit(n[k]);
  };
  visit(plan);
  return out;
}

function cacheKey(shape: StatementShape, paramTypes: readonly (SqlType | undefined)[] | undefined): string {
  if (paramTypes === undefined) return shape.key;
  // The same shape object comes back for the same text (the session memoizes shapes), with
  // parameters of the same types: reuse the key built last time rather than concatenate (and
  // hash) a new string per statement.
  const last = lastKeys.get(shape);
  if (last !== undefined && sameTypeNames(last.types, paramTypes)) return last.key;
  let suffix = '';
  for (const t of paramTypes) suffix += `\u0001${t?.name ?? '?'}`;
  const key = shape.key + suffix;
  lastKeys.set(shape, { types: paramTypes, key });
  return key;
}

/** The last key built for each shape, and the parameter types it was built for. */
const lastKeys = new WeakMap<
  StatementShape,
  { readonly types: readonly (SqlType | undefined)[]; readonly key: string }
>();

function sameTypeNames(a: readonly (SqlType | undefined)[], b: readonly (SqlType | undefined)[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]?.name !== b[i]?.name) return false;
  return true;
}

/** The index of the variant whose frozen slots have this text's literals, or -1. */
function matchingVariant(variants: readonly Entry[], shape: StatementShape): number {
  outer: for (let v = 0; v < variants.length; v++) {
    const frozen = variants[v]!.frozen;
    for (let i = 0; i < frozen.length; i++) {
      const f = frozen[i]!;
      if (!slotTextIs(shape, f.slot, f.text)) continue outer;
    }
    return v;
  }
  return -1;
}

/** Is slot `i` of `shape` written `text`? (Compared in place: no slot object, no substring.) */
function slotTextIs(shape: StatementShape, i: number, text: string): boolean {
  const start = shape.slotStart(i);
  return shape.slotEnd(i) - start === text.length && shape.sql.startsWith(text, start);
}

/** The caller's parameters (coerced) followed by the literals' values; undefined if one does not convert. */
function literalValues(
  st: CachedStatement,
  shape: StatementShape,
  params: readonly Value[],
  coerce: (params: readonly Value[], types: readonly SqlType[], input: TextInputSettings) => readonly Value[],
  input: TextInputSettings,
): readonly Value[] | undefined {
  try {
    const literals = st.literals;
    // Only the caller's parameters (the usual `$1` statement): no copy.
    if (literals.length === 0 && st.casts.length === 0) {
      return st.base === 0
        ? []
        : coerce(
            params,
            st.base === st.paramTypes.length ? st.paramTypes : st.paramTypes.slice(0, st.base),
            input,
          );
    }
    // Sized once: a bulk INSERT has thousands of literals, and pushing grew the array again and again.
    const out: Value[] = new Array(st.base + literals.length);
    if (st.base > 0) {
      const caller = coerce(params, st.paramTypes.slice(0, st.base), input);
      for (let i = 0; i < st.base; i++) out[i] = caller[i]!;
    }
    for (let i = 0; i < literals.length; i++) {
      const p = literals[i]!;
      out[st.base + i] = shapeLiteralValue(
        shape,
        p.slot,
        p.negate,
        st.paramTypes[st.base + i]!,
        input.dateTimeStyle,
      );
    }
    for (const c of st.casts) castValue(out[c.index]!, c.from, c.to, c.explicit);
    return out;
  } catch (err) {
    if (err instanceof DbError) return undefined;
    throw err;
  }
}
