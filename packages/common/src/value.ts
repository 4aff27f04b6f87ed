/**
 * How SQL values live in JavaScript. One representation per type, chosen for speed on hot paths:
 *
 * | SQL type                    | JavaScript                                                     |
 * |-----------------------------|----------------------------------------------------------------|
 * | NULL (any type)             | `null`                                                         |
 * | bool                        | `boolean`                                                      |
 * | int2, int4, oid             | `number` (an integer in range)                                 |
 * | int8                        | `bigint`                                                       |
 * | float4, float8              | `number`                                                       |
 * | numeric                     | `Numeric` (exact decimal, NaN, ±Infinity; immutable)           |
 * | text, varchar, bpchar, name | `string` (bpchar keeps its padding spaces)                     |
 * | "char"                      | `string` of at most one character                              |
 * | bytea                       | `Uint8Array`                                                   |
 * | date                        | `number`: days since 2000-01-01 (int32; ±infinity are          |
 * |                             | -2^31 and 2^31-1, PostgreSQL's DATEVAL_NOBEGIN/NOEND)          |
 * | time                        | `number`: microseconds since midnight, 0 to 86400000000        |
 * | timestamp, timestamptz      | `bigint`: microseconds since 2000-01-01 00:00:00 (UTC for      |
 * |                             | timestamptz); ±infinity are the int64 extremes, as PostgreSQL  |
 * | interval                    | `Interval` {months, days, micros: bigint} (interval.ts)        |
 * | uuid                        | `string`: canonical lowercase `8-4-4-4-12` text                |
 * | json                        | `string`: the input text, unchanged                            |
 * | inet, cidr                  | `string`: canonical text (`10.1.2.3/8`, `10.0.0.0/8`; inet.ts) |
 * | macaddr                     | `string`: canonical `08:00:2b:01:02:03` (macaddr.ts)           |
 * | jsonb                       | `Jsonb`: a normalized parsed document (jsonb.ts)               |
 * | tsvector, tsquery           | `TsVector`, `TsQuery` (text-search/)                           |
 * | int4range, numrange, …      | `SqlRange`: flags + bound values of the subtype (range.ts)     |
 * | jsonpath                    | `JsonPath`: the parsed path (jsonpath/jsonpath.ts)             |
 * | regconfig                   | `string`: the configuration's name (`english`)                 |
 * | arrays (`_int4`, …)         | `SqlArray`: flat elements + dimensions; the element type is    |
 * |                             | the SQL type's (sql-array.ts)                                  |
 * | record (composites)         | `SqlRecord`: the field values; field names and types live in   |
 * |                             | the SQL type's `fields` (sql-record.ts)                        |
 *
 * Rows are plain arrays of values (`Row`), reused across batches on hot paths.
 */
import type { Interval } from './interval.js';
import type { Jsonb } from './jsonb.js';
import type { JsonPath } from './jsonpath/jsonpath.js';
import type { Numeric } from './numeric.js';
import type { SqlRange } from './range.js';
import type { SqlArray } from './sql-array.js';
import type { SqlRecord } from './sql-record.js';
import type { TsQuery } from './text-search/tsquery.js';
import type { TsVector } from './text-search/tsvector.js';

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | Numeric
  | Interval
  | Jsonb
  | SqlArray
  | SqlRecord
  | TsVector
  | TsQuery
  | SqlRange
  | JsonPath;
export type Row = Value[];
