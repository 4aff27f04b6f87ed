/**
 * Temporary relations (CREATE TEMP TABLE / VIEW / SEQUENCE) live in the session's schema
 * `pg_temp_<pid>` and go when the session ends: its close drops them in a transaction of their
 * own. A crash leaves them in the catalog (their `memory` data is gone anyway); the next start
 * drops every temporary schema's relations before sessions connect.
 */
import type { Catalog } from '@rustydb/catalog';
import type { Logger } from '@rustydb/common';
import type { TxnManager } from '@rustydb/txn';

/** Drops every relation in `schemas`, one transaction per schema. Async (commits). */
export async function dropTempSchemas(
  db: { readonly txns: TxnManager; readonly catalog: Catalog; readonly logger: Logger },
  schemas: readonly string[],
): Promise<void> {
  for (const schema of schemas) {
    const tx = db.txns.begin();
    try {
      const n = db.catalog.dropTempSchema(tx, schema);
      await tx.commit();
      db.catalog.commitTransaction(tx);
      db.logger.debug({ schema, relations: n }, 'dropped temporary relations');
    } catch (err) {
      if (tx.state === 'active') {
        tx.abort();
        db.catalog.abortTransaction(tx);
      }
      throw err;
    }
  }
}
