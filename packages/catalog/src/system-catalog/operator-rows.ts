/**
 * pg_operator and pg_cast: PostgreSQL 15's rows (pg-operator-facts.ts) for the operators and casts
 * RustyDB has. Which those are is not listed here: an operator is RustyDB's when the binder
 * resolves it to PostgreSQL's result type (SessionInfo.operators, the engine's probe), a cast
 * when common's canCast allows it (its castcontext is the weakest context canCast allows it in).
 * The cast functions get pg_proc rows of their own (PostgreSQL's OIDs and names, as `\dC` joins
 * them), unless a built-in function of that name and signature already has one.
 */
import { type CastContext, canCast, TYPE_OID, typeByOid, type Value, vectorOf } from '@rustydb/common';
import { LANGUAGE_OIDS } from './function-rows.js';
import {
  PG_CAST_FACTS,
  PG_OPERATOR_FACTS,
  type PgCastFact,
  type PgOperatorFact,
} from './pg-operator-facts.js';
import { BOOTSTRAP_SUPERUSER_OID } from './session-info.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

/** pg_operator's and pg_cast's OIDs: the classoids of their descriptions. */
export const PG_OPERATOR_CLASS_OID = 2617;
const PG_CAST_CLASS_OID = 2605;
const PG_CATALOG_NAMESPACE = 11;

const OPERATOR_BY_OID = new Map(PG_OPERATOR_FACTS.map((o) => [o.oid, o]));

/** The pg_operator rows RustyDB has (the engine's answer; none when the session gives none). */
export function builtinOperators(sc: SystemCatalog): PgOperatorFact[] {
  const oids = sc.session.operators?.();
  if (oids === undefined) return [];
  return PG_OPERATOR_FACTS.filter((o) => oids.has(o.oid));
}

/** The operator of OID `oid` when RustyDB has it (pg_operator_is_visible, obj_description). */
export function builtinOperator(sc: SystemCatalog, oid: number): PgOperatorFact | undefined {
  const o = OPERATOR_BY_OID.get(oid);
  return o !== undefined && sc.session.operators?.().has(oid) === true ? o : undefined;
}

export const pgOperator = defineRelation(
  'pg_catalog',
  'pg_operator',
  PG_OPERATOR_CLASS_OID,
  `oid oid, oprname name, oprnamespace oid, oprowner oid, oprkind char, oprcanmerge bool,
  oprcanhash bool, oprleft oid, oprright oid, oprresult oid, oprcom oid, oprnegate oid,
  oprcode regproc, oprrest regproc, oprjoin regproc`,
  (sc) => {
    const has = sc.session.operators?.() ?? new Set<number>();
    // A commutator or negator RustyDB lacks is no row: 0, as for an operator that has none.
    const ifPresent = (oid: number) => (has.has(oid) ? oid : 0);
    return builtinOperators(sc).map((o): Value[] => [
      o.oid,
      o.name,
      PG_CATALOG_NAMESPACE,
      BOOTSTRAP_SUPERUSER_OID,
      o.kind,
      o.canMerge,
      o.canHash,
      o.left,
      o.right,
      o.result,
      ifPresent(o.commutator),
      ifPresent(o.negator),
      o.code,
      o.restrict,
      o.join,
    ]);
  },
);

/** The operators' pg_description rows (every built-in operator has one in PostgreSQL 15). */
export const operatorDescriptions = (sc: SystemCatalog): Value[][] =>
  builtinOperators(sc).map((o) => [o.oid, PG_OPERATOR_CLASS_OID, 0, o.description]);

const CONTEXT_CODES: readonly [CastContext, 'i' | 'a' | 'e'][] = [
  ['implicit', 'i'],
  ['assignment', 'a'],
  ['explicit', 'e'],
];

/** A pg_cast row RustyDB has: PostgreSQL's, with the context RustyDB allows it in. */
interface BuiltinCast {
  readonly fact: PgCastFact;
  readonly context: 'i' | 'a' | 'e';
}

let builtinCastList: readonly BuiltinCast[] | undefined;

/** PostgreSQL's casts between types RustyDB has that canCast allows (computed once: pure). */
export function builtinCasts(): readonly BuiltinCast[] {
  builtinCastList ??= PG_CAST_FACTS.flatMap((fact): BuiltinCast[] => {
    const from = typeByOid(fact.source);
    const to = typeByOid(fact.target);
    if (from === undefined || to === undefined) return [];
    const context = CONTEXT_CODES.find(([c]) => canCast(from, to, c))?.[1];
    return context === undefined ? [] : [{ fact, context }];
  });
  return builtinCastList;
}

const sameArgs = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The built-in function (SessionInfo.functions) of a cast function's name and signature: its OID. */
function builtinFunctionOid(sc: SystemCatalog, fact: PgCastFact): number | undefined {
  const i = sc.session.functions().findIndex(
    (f) =>
      f.name === fact.funcName &&
      sameArgs(
        f.args.map((a) => TYPE_OID[a]),
        fact.funcArgs,
      ),
  );
  return i < 0 ? undefined : FIRST_BUILTIN_PROC_OID + i;
}

/** Where pg_proc numbers the built-in functions (pg-global-relations.ts). */
export const FIRST_BUILTIN_PROC_OID = 14000;

export const pgCast = defineRelation(
  'pg_catalog',
  'pg_cast',
  PG_CAST_CLASS_OID,
  'oid oid, castsource oid, casttarget oid, castfunc oid, castcontext char, castmethod char',
  (sc) =>
    builtinCasts().map(({ fact, context }) => [
      fact.oid,
      fact.source,
      fact.target,
      fact.func === 0 ? 0 : (builtinFunctionOid(sc, fact) ?? fact.func),
      context,
      fact.method,
    ]),
);

/**
 * The pg_proc rows of the cast functions (columns as pg_proc's): PostgreSQL's OID, name and
 * signature, one per function (several casts may share one), except those a built-in function
 * row already stands for. Their argument types are all RustyDB's (typmod coercions take int4 and
 * bool after the type itself).
 */
export function castFunctionRows(sc: SystemCatalog): Value[][] {
  const seen = new Set<number>();
  const out: Value[][] = [];
  for (const { fact } of builtinCasts()) {
    if (fact.func === 0 || seen.has(fact.func) || builtinFunctionOid(sc, fact) !== undefined) continue;
    if (!fact.funcArgs.every((t) => typeByOid(t) !== undefined)) continue;
    seen.add(fact.func);
    out.push([
      fact.func,
      fact.funcName,
      PG_CATALOG_NAMESPACE,
      BOOTSTRAP_SUPERUSER_OID,
      LANGUAGE_OIDS.internal,
      1,
      0,
      0,
      '-',
      'f',
      false,
      false,
      true,
      false,
      'i',
      's',
      fact.funcArgs.length,
      0,
      fact.funcResult,
      vectorOf(fact.funcArgs),
      null,
      null,
      null,
      null,
      null,
      fact.funcName,
      null,
      null,
      null,
      null,
    ]);
  }
  return out;
}
