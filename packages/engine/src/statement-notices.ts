/**
 * NOTICEs schema statements send (PostgreSQL's wording is the caller's): `relation "t" already
 * exists, skipping`, `table "t" does not exist, skipping`, `drop cascades to view v`.
 */
import type { CascadeNotice } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import type { QueryOutput } from '@rustydb/protocol';

/** A NOTICE with SQLSTATE `code`. */
export const notice = (
  code: '00000' | '42P07' | '42P06' | '42710',
  message: string,
  detail?: string,
): DbError => new DbError(code, message, { severity: 'NOTICE', ...(detail === undefined ? {} : { detail }) });

/** Sends the NOTICE a cascading drop produced, if any. */
export function sendCascadeNotice(out: QueryOutput, n: CascadeNotice | undefined): void {
  if (n) out.notice(notice('00000', n.message, n.detail));
}
