/**
 * How SQL values live in JavaScript. One representation per type, chosen for speed on hot paths:
 *
 * | SQL type                    | JavaScript                                           |
 * |-----------------------------|------------------------------------------------------|
 * | NULL (any type)             | `null`                                               |
 * | bool                        | `boolean`                                            |
 * | int2, int4, oid             | `number` (an integer in range)                       |
 * | int8                        | `bigint`                                             |
 * | float4, float8              | `number`                                             |
 * | numeric                     | `Numeric` (exact decimal, NaN, ±Infinity; immutable) |
 * | text, varchar, bpchar, name | `string` (bpchar keeps its padding spaces)           |
 * | "char"                      | `string` of at most one character                    |
 * | bytea                       | `Uint8Array`                                         |
 *
 * Rows are plain arrays of values (`Row`), reused across batches on hot paths.
 */
import type { Numeric } from './numeric.js';

export type Value = null | boolean | number | bigint | string | Uint8Array | Numeric;
export type Row = Value[];
