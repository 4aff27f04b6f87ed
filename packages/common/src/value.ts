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
 * | text, varchar, bpchar, name | `string`                                             |
 * | bytea                       | `Uint8Array`                                         |
 *
 * Rows are plain arrays of values (`Row`), reused across batches on hot paths.
 */
export type Value = null | boolean | number | bigint | string | Uint8Array;
export type Row = Value[];
