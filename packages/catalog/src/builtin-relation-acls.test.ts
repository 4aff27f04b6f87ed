/**
 * The built-in relations' ACLs (builtin-relation-acls.ts): PostgreSQL 15's, as its pg_class.relacl
 * and pg_attribute.attacl show them after initdb, and what PrivilegeContext answers from them.
 */
import { describe, expect, it } from 'vitest';
import { formatAcl, GOPTION_SHIFT, Privilege } from './acl.js';
import {
  builtinColumnAcls,
  builtinRelationAcl,
  PG_AUTHID_OID,
  PG_SETTINGS_OID,
  PG_SUBSCRIPTION_OID,
  PG_USER_MAPPING_OID,
} from './builtin-relation-acls.js';
import { useCatalogTestBed } from './catalog-test-bed.js';
import { privilegesFor } from './privileges.js';
import { DEFAULT_ROLE_ATTRIBUTES } from './role-store.js';
import { SYSTEM_RELATIONS } from './system-catalog/index.js';

const name = (oid: number) => (oid === 10 ? 'postgres' : String(oid));
const byName = (n: string) => SYSTEM_RELATIONS.find((r) => `${r.schema}.${r.name}` === n);

describe('the ACLs of the built-in relations', () => {
  it("are PostgreSQL 15's relacl", () => {
    const relacl = (n: string) => formatAcl(builtinRelationAcl(byName(n)!.oid), name);
    expect(relacl('pg_catalog.pg_class')).toBe('{postgres=arwdDxt/postgres,=r/postgres}');
    expect(relacl('information_schema.tables')).toBe('{postgres=arwdDxt/postgres,=r/postgres}');
    expect(relacl('pg_catalog.pg_authid')).toBe('{postgres=arwdDxt/postgres}');
    expect(relacl('pg_catalog.pg_user_mapping')).toBe('{postgres=arwdDxt/postgres}');
    expect(relacl('pg_catalog.pg_subscription')).toBe('{postgres=arwdDxt/postgres}');
    expect(relacl('pg_catalog.pg_settings')).toBe('{postgres=arwdDxt/postgres,=rw/postgres}');
    // pg_subscription's attacl: {=r/postgres} on every column but subconninfo.
    const columns = builtinColumnAcls(PG_SUBSCRIPTION_OID)!;
    const subscription = byName('pg_catalog.pg_subscription')!;
    const readable = subscription.columns.filter((_, i) => columns.get(i + 1) !== undefined);
    expect(readable.map((c) => c.name)).toEqual(
      subscription.columns.map((c) => c.name).filter((n) => n !== 'subconninfo'),
    );
    expect(formatAcl(columns.get(1)!, name)).toBe('{=r/postgres}');
    expect(builtinColumnAcls(PG_AUTHID_OID)).toBeUndefined();
  });

  it('name the relations the registry gives those OIDs, and every restricted one PostgreSQL has', () => {
    const at = (oid: number) => SYSTEM_RELATIONS.find((r) => r.oid === oid)?.name;
    expect([PG_AUTHID_OID, PG_USER_MAPPING_OID, PG_SUBSCRIPTION_OID, PG_SETTINGS_OID].map(at)).toEqual([
      'pg_authid',
      'pg_user_mapping',
      'pg_subscription',
      'pg_settings',
    ]);
    // PostgreSQL's other relations without SELECT for PUBLIC (relacl without `=r`, or NULL):
    // whoever computes one of them must give it its ACL in builtin-relation-acls.ts.
    const restricted = [
      'pg_catalog.pg_config',
      'pg_catalog.pg_file_settings',
      'pg_catalog.pg_hba_file_rules',
      'pg_catalog.pg_ident_file_mappings',
      'pg_catalog.pg_largeobject',
      'pg_catalog.pg_replication_origin_status',
      'pg_catalog.pg_shadow',
      'pg_catalog.pg_statistic',
      'pg_catalog.pg_statistic_ext_data',
      'pg_catalog.pg_backend_memory_contexts',
      'pg_catalog.pg_shmem_allocations',
      'information_schema._pg_foreign_data_wrappers',
      'information_schema._pg_foreign_servers',
      'information_schema._pg_foreign_table_columns',
      'information_schema._pg_foreign_tables',
      'information_schema._pg_user_mappings',
      'information_schema.sql_parts',
      'information_schema.transforms',
    ];
    expect(restricted.filter(byName)).toEqual([]);
  });

  describe('answered by PrivilegeContext', () => {
    const bed = useCatalogTestBed('builtin-acl', { bootstrapSuperuser: 'admin' });

    it('a role holds SELECT (no grant option) on a catalog and no write privilege; a superuser everything', async () => {
      const tx = bed.txns.begin();
      const alice = bed.catalog.createRole(tx, 'alice', DEFAULT_ROLE_ATTRIBUTES).oid;
      await bed.commit(tx);
      const privs = privilegesFor(bed.catalog.reader());
      const pgClass = byName('pg_catalog.pg_class')!.oid;
      const writes =
        Privilege.INSERT |
        Privilege.UPDATE |
        Privilege.DELETE |
        Privilege.TRUNCATE |
        Privilege.REFERENCES |
        Privilege.TRIGGER;
      expect(privs.mask(alice, pgClass, 'table')).toBe(Privilege.SELECT);
      expect(privs.mask(alice, PG_AUTHID_OID, 'table')).toBe(0);
      expect(privs.mask(alice, PG_SETTINGS_OID, 'table')).toBe(Privilege.SELECT | Privilege.UPDATE);
      expect(privs.columnMask(alice, PG_SUBSCRIPTION_OID, 4)).toBe(Privilege.SELECT);
      expect(privs.columnMask(alice, PG_SUBSCRIPTION_OID, 11)).toBe(0);
      const all = Privilege.SELECT | writes;
      expect(privs.mask(10, PG_AUTHID_OID, 'table')).toBe(all | (all << GOPTION_SHIFT));
    });
  });
});
