/**
 * Type names as written in casts, column definitions and typed literals, normalized the way
 * PostgreSQL's grammar normalizes them, so the binder looks names up without knowing SQL's
 * multi-word spellings:
 *
 *   integer, int → int4        bigint → int8           smallint → int2
 *   real → float4              double precision → float8
 *   float → float8             float(p) → float4 when p ≤ 24, else float8 (no modifier kept)
 *   decimal, dec → numeric     boolean → bool
 *   character varying, varchar, char varying → varchar
 *   character, char → bpchar   (without a length: modifiers [1], as PostgreSQL does)
 *   "char" (quoted) → char     (the one-byte internal type)
 *   bit → bit (without a length: modifiers [1])      bit varying → varbit
 *   timestamp [without time zone] → timestamp        timestamp with time zone → timestamptz
 *   time [without time zone] → time                  time with time zone → timetz
 *   national character [varying] → bpchar / varchar
 *   anything else (text, int4, serial, bigserial, jsonb, uuid, …) → its case-folded name as is
 *
 * `modifiers` are the typmod arguments in source order (`numeric(10, 2)` → [10, 2];
 * `timestamp(3)` → [3]; `varchar(20)` → [20]). `arrayBounds` has one entry per `[]` or `[n]`
 * (-1 when no size is written; `ARRAY` and `ARRAY[n]` after a type count as one dimension).
 * `interval` may carry `intervalFields` such as 'year', 'day to second', 'minute to second'
 * (lower case, single spaces); `interval(3)` and `interval second(3)` put 3 in `modifiers`.
 */
export interface TypeName {
  readonly kind: 'typeName';
  readonly schema?: string;
  readonly name: string;
  readonly modifiers: readonly number[];
  readonly arrayBounds: readonly number[];
  readonly intervalFields?: string;
  readonly location: number;
}
