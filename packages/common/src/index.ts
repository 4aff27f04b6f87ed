/**
 * @rustydb/common — what every layer shares.
 *
 * - Errors: `DbError` carries a SQLSTATE (`SqlState`, generated from PostgreSQL's errcodes.txt)
 *   and the ErrorResponse fields; message factories reproduce PostgreSQL's texts.
 * - Types and values: `SqlType` (PostgreSQL type names, OIDs and typmods) and `Value`, the
 *   JavaScript representation of each SQL type; `Numeric`, PostgreSQL's exact decimal.
 * - Value semantics, matching PostgreSQL 15: text I/O (`formatText`/`parseText`), casts
 *   (`castValue`, `canCast` from pg_cast), operator kernels with PostgreSQL's overflow errors,
 *   comparison (`compareValues`: C collation, NaN sorts last), and the versioned row codec
 *   (`encodeRow`/`decodeRow`) that stores rows on disk. Every one of these reports user-facing
 *   failures as DbErrors with PostgreSQL's SQLSTATE and message text.
 * - Ids: branded `TxnId`, `Lsn`, `Oid`, `FileId`, and `Tid`.
 * - Pages: the header every page starts with (LSN, checksum, kind).
 * - CRC32C for pages and WAL records; the pino logger factory.
 */
export { SQLSTATE, type SqlState } from './sql-state.js';
export {
  DbError,
  InternalError,
  assert,
  assertNever,
  resourceLimitError,
  toDbError,
  type ErrorFields,
  type Severity,
} from './db-error.js';
export * from './errors.js';
export * from './ids.js';
export * from './page.js';
export { crc32c } from './crc32c.js';
export {
  TYPE_OID,
  sqlType,
  isArrayType,
  elementType,
  arrayTypeOf,
  type ArrayTypeName,
  type ScalarTypeName,
  sameType,
  typeOid,
  typeByOid,
  typeLength,
  charLength,
  numericPrecision,
  numericTypmod,
  charTypmod,
  formatType,
  type SqlType,
  type TypeName,
  type RecordField,
  recordType,
} from './types.js';
export type { Value, Row } from './value.js';
export { Numeric, coerceNumeric, selectDivScale } from './numeric.js';

// Date/time: representations, zones, I/O, casts, arithmetic, fields, to_char
export * from './calendar.js';
export {
  type TimeZone,
  UTC,
  parseTimeZoneName,
  parseTimeZoneSetting,
  fixedTimeZone,
  formatOffset,
} from './time-zone.js';
export { parseDate, parseTime, parseTimestamp, currentTimestamp, unixSeconds } from './date-time-parse.js';
export {
  formatDate,
  formatTime,
  formatTimestamp,
  formatTimestamptz,
  timestamptzToFields,
} from './date-time-format.js';
export {
  convertDateTime,
  dateToTimestamp,
  timestampToDate,
  timestampToTime,
  instantToLocal,
  localToInstant,
  checkTimestamp,
} from './date-time-cast.js';
export {
  dateAddDays,
  dateSubDays,
  dateDiff,
  dateAddInterval,
  dateAddTime,
  timestampAddInterval,
  timestampSubInterval,
  timestampDiff,
  timeAddInterval,
  timeDiff,
  age,
  dayOf,
  makeDate,
} from './date-time-operators.js';
export { extractField, dateTrunc } from './date-time-fields.js';
export { toChar, parseWithTemplate, type ToCharSource } from './to-char.js';
export { numericToChar } from './to-char-numeric.js';
export {
  Interval,
  makeInterval,
  parseInterval,
  formatInterval,
  compareIntervals,
  intervalAdd,
  intervalSub,
  intervalNeg,
  intervalMul,
  intervalDiv,
  justifyHours,
  justifyDays,
} from './interval.js';

// uuid, json/jsonb, arrays
export { parseUuid, randomUuid } from './uuid.js';
export {
  Jsonb,
  type JsonValue,
  type JsonObject,
  parseJson,
  parseJsonb,
  parseJsonValue,
  formatJson,
  quoteJsonString,
  compareJsonb,
  jsonbEquals,
  jsonbKey,
  makeObject,
  isJsonObject,
} from './jsonb.js';
export * from './jsonb-operators.js';
export {
  SqlArray,
  parseArray,
  formatArray,
  compareArrays,
  MAX_ARRAY_ELEMENTS,
  arraySizeExceeded,
  pushBounded,
} from './sql-array.js';
export { SqlRecord, formatRecord } from './sql-record.js';
export { numericPower } from './numeric-power.js';
export { expNumeric, lnNumeric, logNumeric, sqrtNumeric } from './numeric-log-exp.js';

// Text I/O: typinput / typoutput
export { formatText, parseText, parseBool, formatBytea, parseBytea } from './text-io.js';
export { formatFloat4, formatFloat8, parseFloat4, parseFloat8 } from './float-text.js';

// Casts, operators, comparison
export {
  castValue,
  castDependsOnTimeZone,
  castNeedsCatalog,
  isRegType,
  REG_TYPES,
  canCast,
  rint,
  codePointLength,
  trimTrailingSpaces,
  type CastContext,
} from './cast.js';
export {
  int2Add,
  int2Sub,
  int2Mul,
  int2Div,
  int2Mod,
  int2Neg,
  int4Add,
  int4Sub,
  int4Mul,
  int4Div,
  int4Mod,
  int4Neg,
  int8Add,
  int8Sub,
  int8Mul,
  int8Div,
  int8Mod,
  int8Neg,
  float4Add,
  float4Sub,
  float4Mul,
  float4Div,
  float8Add,
  float8Sub,
  float8Mul,
  float8Div,
  float8Neg,
  float8Pow,
  textConcat,
} from './operators.js';
export { compareValues, valuesEqual, compareFloats } from './compare-values.js';

// Row codec: the stored form of a row
export {
  encodeRow,
  decodeRow,
  decodeRowSlots,
  decodeColumn,
  RowEncoder,
  ROW_FORMAT_VERSION,
} from './row-codec.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LoggerOptions } from './logger.js';
export { emptyArray } from './empty-array.js';
