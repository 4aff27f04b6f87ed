/**
 * @rustydb/common — what every layer shares.
 *
 * - Errors: `DbError` carries a SQLSTATE (`SqlState`, generated from PostgreSQL's errcodes.txt)
 *   and the ErrorResponse fields; message factories reproduce PostgreSQL's texts.
 * - Types and values: `SqlType` (PostgreSQL type names, OIDs and typmods) and `Value`, the
 *   JavaScript representation of each SQL type.
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
} from './types.js';
export type { Value, Row } from './value.js';
export { createLogger, silentLogger, type Logger, type LogLevel, type LoggerOptions } from './logger.js';
