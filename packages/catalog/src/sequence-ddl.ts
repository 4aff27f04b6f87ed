/**
 * CREATE / ALTER SEQUENCE and OWNED BY. A sequence is a relation of kind 'S' with a sys_sequence
 * row (its options, transactional like any catalog row) and a file holding its current value
 * (sequence-page.ts, non-transactional). Options are checked and defaulted as PostgreSQL's
 * init_params does, with its messages.
 */
import { DbError, fileId, formatType, type Oid, sqlType } from '@rustydb/common';
import type { SequenceDef } from './catalog-reader.js';
import type { CatalogWriter } from './catalog-writer.js';
import { checkSchema } from './table-ddl.js';
import { checkTypeNameFree } from './type-ddl.js';

export type SequenceType = 'int2' | 'int4' | 'int8';

/** Options as written; undefined: not given. `null` min/max: NO MINVALUE / NO MAXVALUE. */
export interface SequenceOptions {
  readonly type?: SequenceType;
  readonly increment?: bigint;
  readonly min?: bigint | null;
  readonly max?: bigint | null;
  readonly start?: bigint;
  readonly cache?: bigint;
  readonly cycle?: boolean;
}

/** Every option decided. */
export interface ResolvedSequence {
  readonly type: SequenceType;
  readonly increment: bigint;
  readonly min: bigint;
  readonly max: bigint;
  readonly start: bigint;
  readonly cache: bigint;
  readonly cycle: boolean;
}

const RANGE: Record<SequenceType, readonly [bigint, bigint]> = {
  int2: [-32768n, 32767n],
  int4: [-2147483648n, 2147483647n],
  int8: [-9223372036854775808n, 9223372036854775807n],
};

const bad = (message: string) => new DbError('22023', message);

/**
 * Applies `o` over `base` (ALTER) or the defaults (CREATE) and checks the result. Pure.
 * @throws DbError 22023 with PostgreSQL's messages (zero increment, bounds out of the type's
 *   range, MINVALUE ≥ MAXVALUE, START outside the bounds, CACHE ≤ 0).
 */
export function resolveSequenceOptions(o: SequenceOptions, base?: ResolvedSequence): ResolvedSequence {
  const type = o.type ?? base?.type ?? 'int8';
  const [lo, hi] = RANGE[type];
  const increment = o.increment ?? base?.increment ?? 1n;
  if (increment === 0n) throw bad('INCREMENT must not be zero');
  const up = increment > 0n;
  // Not given: the old value (ALTER) or the default; NO MINVALUE / NO MAXVALUE: the default.
  const pick = (given: bigint | null | undefined, old: bigint | undefined, dflt: bigint) =>
    given === undefined ? (old ?? dflt) : given === null ? dflt : given;
  const max = pick(o.max, base?.max, up ? hi : -1n);
  const min = pick(o.min, base?.min, up ? 1n : lo);
  const typeName = formatType(sqlType(type));
  if (max < lo || max > hi) throw bad(`MAXVALUE (${max}) is out of range for sequence data type ${typeName}`);
  if (min < lo || min > hi) throw bad(`MINVALUE (${min}) is out of range for sequence data type ${typeName}`);
  if (min >= max) throw bad(`MINVALUE (${min}) must be less than MAXVALUE (${max})`);
  const start = o.start ?? base?.start ?? (up ? min : max);
  if (start < min) throw bad(`START value (${start}) cannot be less than MINVALUE (${min})`);
  if (start > max) throw bad(`START value (${start}) cannot be greater than MAXVALUE (${max})`);
  const cache = o.cache ?? base?.cache ?? 1n;
  if (cache <= 0n) throw bad(`CACHE (${cache}) must be greater than zero`);
  return { type, increment, min, max, start, cache, cycle: o.cycle ?? base?.cycle ?? false };
}

export interface SequenceSpec {
  /** The first search_path schema when omitted. */
  readonly schema?: string;
  readonly name: string;
  readonly options: SequenceOptions;
}

/** CREATE SEQUENCE. See Catalog.createSequence. */
export function createSequence(w: CatalogWriter, spec: SequenceSpec): SequenceDef {
  const schema = spec.schema ?? w.view().creationSchema() ?? 'public';
  checkSchema(w, schema, spec.name);
  const o = resolveSequenceOptions(spec.options);
  w.checkNameFree(schema, spec.name);
  checkTypeNameFree(w.view(), schema, spec.name);
  const oid = w.allocateOid();
  w.claimName(schema, spec.name);
  w.createSequenceFile(o.start, fileId(oid));
  w.insert('relation', { oid, schema, name: spec.name, kind: 'S', method: '', file: oid, definition: null });
  w.insert('sequence', { relation: oid, ...o });
  return w.view().sequenceByOid(oid)!;
}

/**
 * ALTER SEQUENCE options: the new options (transactional). Returns the resolved options; the
 * caller restarts the value for RESTART. @throws DbError 22023 as resolveSequenceOptions.
 */
export function alterSequence(w: CatalogWriter, oid: Oid, options: SequenceOptions): SequenceDef {
  const seq = w.view().sequenceByOid(oid);
  if (!seq) throw new DbError('42704', `sequence with OID ${oid} does not exist`);
  const o = resolveSequenceOptions(options, { ...seq, type: seq.type.name as SequenceType });
  for (const r of w.view().rowsOf(oid)) {
    if (r.table === 'sequence') w.replace(r, { relation: oid, ...o }, seq.name);
  }
  return w.view().sequenceByOid(oid)!;
}

/**
 * OWNED BY: `owner` undefined removes the ownership. 'a' (SERIAL, OWNED BY) or 'i' (identity):
 * the sequence is dropped with its table.
 */
export function setSequenceOwner(
  w: CatalogWriter,
  oid: Oid,
  owner: { readonly table: Oid; readonly attnum: number; readonly type: 'a' | 'i' } | undefined,
): void {
  const seq = w.view().sequenceByOid(oid);
  if (!seq) throw new DbError('42704', `sequence with OID ${oid} does not exist`);
  for (const r of w.view().rowsOf(oid)) {
    if (r.table === 'depend' && r.row.type !== 'n') w.deleteRow(r, seq.name);
  }
  if (owner) {
    w.insert('depend', {
      object: oid,
      objectColumn: 0,
      referenced: owner.table,
      refColumn: owner.attnum,
      type: owner.type,
    });
  }
}
