/**
 * The serialization failure SSI raises: SQLSTATE 40001 with PostgreSQL's message, a "Reason
 * code" detail naming where the dangerous structure was found, and the retry hint.
 */
import { DbError } from '@rustydb/common';

/** PostgreSQL's message for every SSI failure (predicate.c). */
export const SSI_FAILURE_MESSAGE =
  'could not serialize access due to read/write dependencies among transactions';

/** A 40001 error with DETAIL `Reason code: <reason>` and PostgreSQL's hint. */
export function serializationFailure(reason: string): DbError {
  return new DbError('40001', SSI_FAILURE_MESSAGE, {
    detail: `Reason code: ${reason}`,
    hint: 'The transaction might succeed if retried.',
  });
}
