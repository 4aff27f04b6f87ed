/**
 * PostgreSQL's message texts, in one place. Clients and ORMs match on these strings, so each
 * factory reproduces PostgreSQL 15's wording exactly.
 */
import { DbError, type ErrorFields } from './db-error.js';

export const syntaxError = (message: string, position?: number): DbError =>
  new DbError('42601', message, position === undefined ? {} : { position });
export const syntaxErrorAt = (token: string, position?: number): DbError =>
  token === ''
    ? syntaxError('syntax error at end of input', position)
    : syntaxError(`syntax error at or near "${token}"`, position);
export const undefinedTable = (name: string, position?: number): DbError =>
  new DbError('42P01', `relation "${name}" does not exist`, position === undefined ? {} : { position });
export const duplicateTable = (name: string): DbError =>
  new DbError('42P07', `relation "${name}" already exists`);
export const undefinedColumn = (name: string, position?: number): DbError =>
  new DbError('42703', `column "${name}" does not exist`, position === undefined ? {} : { position });
export const undefinedFunction = (signature: string, position?: number): DbError =>
  new DbError('42883', `function ${signature} does not exist`, {
    hint: 'No function matches the given name and argument types. You might need to add explicit type casts.',
    ...(position === undefined ? {} : { position }),
  });
export const divisionByZero = (): DbError => new DbError('22012', 'division by zero');
export const outOfRange = (typeName: string): DbError => new DbError('22003', `${typeName} out of range`);
export const invalidTextRepresentation = (typeName: string, input: string): DbError =>
  new DbError('22P02', `invalid input syntax for type ${typeName}: "${input}"`);
export const uniqueViolation = (constraint: string, detail: string, fields: ErrorFields = {}): DbError =>
  new DbError('23505', `duplicate key value violates unique constraint "${constraint}"`, {
    detail,
    constraint,
    ...fields,
  });
export const notNullViolation = (column: string, table: string, detail?: string): DbError =>
  new DbError(
    '23502',
    `null value in column "${column}" of relation "${table}" violates not-null constraint`,
    {
      column,
      table,
      ...(detail === undefined ? {} : { detail }),
    },
  );
export const inFailedTransaction = (): DbError =>
  new DbError('25P02', 'current transaction is aborted, commands ignored until end of transaction block');
export const featureNotSupported = (what: string): DbError =>
  new DbError('0A000', `${what} is not supported`);
export const protocolViolation = (message: string): DbError => new DbError('08P01', message);
