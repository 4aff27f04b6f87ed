/**
 * The read-only transaction check (25006) for statements that write.
 */
import { DbError } from '@rustydb/common';
import type { Statement } from '@rustydb/parser';
import type { Transaction } from '@rustydb/txn';

/** The command tag PostgreSQL's 25006 message names, for each statement kind that writes. */
const STATEMENT_TAG: Partial<Record<Statement['kind'], string>> = {
  insert: 'INSERT',
  update: 'UPDATE',
  delete: 'DELETE',
  merge: 'MERGE',
  createTable: 'CREATE TABLE',
  createIndex: 'CREATE INDEX',
  drop: 'DROP',
  createTableAs: 'CREATE TABLE AS',
  refreshMatView: 'REFRESH MATERIALIZED VIEW',
  createView: 'CREATE VIEW',
  createSchema: 'CREATE SCHEMA',
  createSequence: 'CREATE SEQUENCE',
  alterSequence: 'ALTER SEQUENCE',
  alterTable: 'ALTER TABLE',
  alterIndex: 'ALTER INDEX',
  truncate: 'TRUNCATE TABLE',
  comment: 'COMMENT',
  createRole: 'CREATE ROLE',
  alterRole: 'ALTER ROLE',
  dropRole: 'DROP ROLE',
  reindex: 'REINDEX',
  createDomain: 'CREATE DOMAIN',
  alterDomain: 'ALTER DOMAIN',
  alterFunctionOwner: 'ALTER FUNCTION',
  createTrigger: 'CREATE TRIGGER',
  dropTrigger: 'DROP TRIGGER',
  alterTrigger: 'ALTER TRIGGER',
};

/**
 * Sync. @throws DbError 25006 for a statement of `kind` that writes, in a read-only transaction
 * (`objectType`: DROP's, named in the message).
 */
export function checkWritable(kind: Statement['kind'], tx: Transaction, objectType?: string): void {
  const tag = STATEMENT_TAG[kind];
  if (tag === undefined || !tx.readOnly) return;
  const what = objectType !== undefined ? `DROP ${objectType.toUpperCase()}` : tag;
  throw new DbError('25006', `cannot execute ${what} in a read-only transaction`);
}
