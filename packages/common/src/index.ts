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

// Date/time: representations, zones, I/O, casts, arithmetic, fields, to_char
export * from './calendar.js';
// Casts, operators, comparison
export {
  type CastContext,
  canCast,
  castDependsOnDateStyle,
  castDependsOnTimeZone,
  castNeedsCatalog,
  castValue,
  isRegType,
  isStringType,
  REG_TYPES,
  rint,
  trimTrailingSpaces,
} from './cast.js';
// Characters as code points
export { codePointLength, codePointOffset, codePointWidth, codePointWidthBefore } from './code-points.js';
export { compareFloats, compareValues, valuesEqual } from './compare-values.js';
export { crc32c } from './crc32c.js';
export {
  checkDateStyle,
  checkIntervalStyle,
  type DateOrder,
  type DateStyle,
  type DateTimeStyle,
  DEFAULT_DATE_TIME_STYLE,
  dateTimeStyle,
  dateTimeStyleOf,
  type IntervalStyle,
} from './date-style.js';
export {
  checkTimestamp,
  convertDateTime,
  dateToTimestamp,
  instantToLocal,
  localToInstant,
  timestampToDate,
  timestampToTime,
} from './date-time-cast.js';
export { dateTrunc, extractField } from './date-time-fields.js';
export {
  formatDate,
  formatTime,
  formatTimestamp,
  formatTimestamptz,
  timestamptzToFields,
} from './date-time-format.js';
export {
  age,
  dateAddDays,
  dateAddInterval,
  dateAddTime,
  dateDiff,
  dateSubDays,
  dayOf,
  makeDate,
  timeAddInterval,
  timeDiff,
  timestampAddInterval,
  timestampDiff,
  timestampSubInterval,
} from './date-time-operators.js';
export {
  currentTimestamp,
  parseDate,
  parseTime,
  parseTimestamp,
  unixSeconds,
  wallClockMs,
} from './date-time-parse.js';
export {
  intervalFields,
  intervalPrecision,
  intervalTypmod,
  MAX_DATETIME_PRECISION,
} from './datetime-typmod.js';
export {
  assert,
  assertNever,
  DbError,
  type ErrorFields,
  InternalError,
  resourceLimitError,
  type Severity,
  toDbError,
} from './db-error.js';
export { emptyArray } from './empty-array.js';
export * from './errors.js';
export { yieldToEventLoop } from './event-loop.js';
export { formatFloat4, formatFloat8, parseFloat4, parseFloat8 } from './float-text.js';
export * from './ids.js';
export {
  castInet,
  compareBits,
  compareInet,
  formatInet,
  INET_FAMILY_V4,
  INET_FAMILY_V6,
  type InetAddress,
  inetAddress,
  inetFromSortKey,
  inetFromWire,
  inetSortKey,
  inetText,
  inetToWire,
  maskedBytes,
  parseInet,
  parseInetAddress,
} from './inet.js';
export {
  compareIntervals,
  formatInterval,
  Interval,
  intervalAdd,
  intervalDiv,
  intervalMul,
  intervalNeg,
  intervalSub,
  justifyDays,
  justifyHours,
  makeInterval,
  parseInterval,
} from './interval.js';
export { encodeInterval } from './interval-output.js';
export * from './json-text-access.js';
export {
  compareJsonb,
  formatJson,
  isJsonObject,
  Jsonb,
  type JsonMembers,
  type JsonObject,
  type JsonValue,
  jsonbEquals,
  jsonbKey,
  jsonMembers,
  jsonMemberText,
  makeObject,
  parseJson,
  parseJsonb,
  parseJsonValue,
  quoteJsonString,
} from './jsonb.js';
export * from './jsonb-operators.js';
// jsonpath: the SQL/JSON path language
export {
  ANY_LAST,
  escapeJsonPathString,
  formatJsonPath,
  JsonPath,
  type JsonPathItem,
  type JsonPathRegexCompiler,
  jsonPathRecv,
  jsonPathSend,
  parseJsonPath,
  setJsonPathRegexCompiler,
} from './jsonpath/jsonpath.js';
export {
  executeJsonPath,
  type JsonPathResult,
  jsonbPathExists,
  jsonbPathMatch,
  jsonbPathQuery,
} from './jsonpath/jsonpath-exec.js';
export { createLogger, type Logger, type LoggerOptions, type LogLevel, silentLogger } from './logger.js';
export { formatMacaddr, macaddrBytes, parseMacaddr } from './macaddr.js';
export { coerceNumeric, Numeric, selectDivScale } from './numeric.js';
export { expNumeric, lnNumeric, logNumeric, sqrtNumeric } from './numeric-log-exp.js';
export { numericPower } from './numeric-power.js';
export {
  float4Add,
  float4Div,
  float4Mul,
  float4Sub,
  float8Add,
  float8Div,
  float8Mul,
  float8Neg,
  float8Pow,
  float8Sub,
  int2Add,
  int2Div,
  int2Mod,
  int2Mul,
  int2Neg,
  int2Sub,
  int4Add,
  int4Div,
  int4Mod,
  int4Mul,
  int4Neg,
  int4Sub,
  int8Add,
  int8Div,
  int8Mod,
  int8Mul,
  int8Neg,
  int8Sub,
  textConcat,
} from './operators.js';
export * from './page.js';
export { quoteIdent } from './quote-ident.js';
// range types
export {
  compareBounds,
  compareRangeElements,
  compareRanges,
  constructRange,
  formatRange,
  isRangeType,
  isRangeTypeName,
  makeRange,
  parseRange,
  RANGE_EMPTY,
  RANGE_LB_INC,
  RANGE_LB_INF,
  RANGE_SUBTYPES,
  RANGE_UB_INC,
  RANGE_UB_INF,
  type RangeBound,
  type RangeTypeName,
  rangeAdjacent,
  rangeAfter,
  rangeBefore,
  rangeBounds,
  rangeCallOperator,
  rangeContains,
  rangeContainsElement,
  rangeFromFlags,
  rangeIntersect,
  rangeMinus,
  rangeOperatorCall,
  rangeOverLeft,
  rangeOverlaps,
  rangeOverRight,
  rangeSubtype,
  rangesEqual,
  rangeTypeOfSubtype,
  rangeUnion,
  SqlRange,
} from './range.js';
// Row codec: the stored form of a row
export {
  decodeColumn,
  decodeRow,
  decodeRowSlots,
  encodeRow,
  fixedWidth,
  ROW_FORMAT_VERSION,
  RowEncoder,
} from './row-codec.js';
export { seededRandom } from './seeded-random.js';
export {
  appendElement,
  arraySizeExceeded,
  compareArrays,
  concatArrays,
  formatArray,
  MAX_ARRAY_ELEMENTS,
  parseArray,
  prependElement,
  pushBounded,
  SqlArray,
  vectorOf,
} from './sql-array.js';
export { sqlConstant } from './sql-constant.js';
export { formatRecord, parseRecord, SqlRecord } from './sql-record.js';
export { SQLSTATE, type SqlState } from './sql-state.js';
// Text I/O: typinput / typoutput
export { formatBytea, formatText, parseBool, parseBytea, parseEnum, parseText } from './text-io.js';
// full-text search: tsvector, tsquery, configurations, matching
export { stemEnglish } from './text-search/english-stemmer.js';
export {
  parseTsConfig,
  plainToTsQuery,
  TS_CONFIG_OID,
  type TsConfigName,
  toTsQuery,
  toTsVector,
  websearchToTsQuery,
} from './text-search/ts-config.js';
export { tsMatch } from './text-search/ts-match.js';
export { DEFAULT_RANK_WEIGHTS, rankWeights, tsRank } from './text-search/ts-rank.js';
export { tsRankCd } from './text-search/ts-rank-cd.js';
export {
  combineTsQueries,
  formatTsQuery,
  negateTsQuery,
  parseTsQueryText,
  TsQuery,
  type TsQueryNode,
  tsQueryNodeCount,
} from './text-search/tsquery.js';
export {
  concatTsVectors,
  formatTsVector,
  parseTsVector,
  posOf,
  setTsWeight,
  stripTsVector,
  type TsLexeme,
  TsVector,
  tsVectorOf,
  weightOf,
  withWeight,
} from './text-search/tsvector.js';
export {
  fixedTimeZone,
  formatOffset,
  offsetZoneName,
  parseTimeZoneName,
  parseTimeZoneSetting,
  type TimeZone,
  UTC,
} from './time-zone.js';
export { parseWithTemplate, type ToCharSource, toChar } from './to-char.js';
export { numericToChar } from './to-char-numeric.js';
export { toNumber } from './to-number.js';
export {
  type ArrayTypeName,
  arrayTypeOf,
  type CompositeType,
  charLength,
  charTypmod,
  compositeSqlType,
  type DomainCheck,
  type DomainType,
  domainBaseType,
  domainSqlType,
  type EnumLabel,
  type EnumType,
  elementType,
  enumSqlType,
  enumType,
  formatType,
  formatTypeName,
  isArrayType,
  isEnumType,
  numericPrecision,
  numericTypmod,
  type RecordField,
  recordType,
  type ScalarTypeName,
  type SqlType,
  sameType,
  sqlType,
  TYPE_OID,
  type TypeName,
  typeByOid,
  typeLength,
  typeOid,
  VECTOR_OID,
  VECTOR_TYPES,
  type VectorTypeName,
  vectorType,
  withoutTypmod,
} from './types.js';
export { checkUtf8 } from './utf8-check.js';
// uuid, json/jsonb, arrays
export { parseUuid, randomUuid, uuidFromBytes, uuidToBytes } from './uuid.js';
export type { Row, Value } from './value.js';
