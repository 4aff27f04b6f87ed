/**
 * Role secrets for the server's start-up (rustydb-server): giving the bootstrap superuser the
 * RUSTYDB_PASSWORD verifier, and importing the verifiers of an old data directory's
 * auth/roles.json. Each call is one committed transaction, durable when it resolves.
 * Nothing here logs; the verifiers are stored as given.
 */

import type { Catalog } from '@rustydb/catalog';
import { DEFAULT_ROLE_ATTRIBUTES } from '@rustydb/catalog';
import type { TxnManager } from '@rustydb/txn';

interface RoleDatabase {
  readonly txns: TxnManager;
  readonly catalog: Catalog;
}

/**
 * Stores `verifier` (an md5 or SCRAM-SHA-256 verifier, or null) as role `name`'s password,
 * creating the role with LOGIN when it does not exist. Async (awaits the commit).
 * @throws DbError from the catalog (55P03 when a live transaction is changing the role) or the
 *   commit.
 */
export async function setRolePassword(
  db: RoleDatabase,
  name: string,
  verifier: string | null,
): Promise<void> {
  const tx = db.txns.begin();
  try {
    if (db.catalog.role(name, tx) === undefined) {
      db.catalog.createRole(tx, name, { ...DEFAULT_ROLE_ATTRIBUTES, canLogin: true, password: verifier });
    } else {
      db.catalog.alterRole(tx, name, { password: verifier });
    }
    await tx.commit();
    db.catalog.commitTransaction(tx);
  } catch (err) {
    if (tx.state === 'active') {
      tx.abort();
      db.catalog.abortTransaction(tx);
    }
    throw err;
  }
}
