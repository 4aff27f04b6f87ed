/**
 * sys_authid: the bootstrap superuser, transactional CREATE / ALTER / RENAME / DROP ROLE, the
 * conflicts between live transactions, and persistence across a reopen of the catalog.
 */

import { describe, expect, it } from 'vitest';
import { useCatalogTestBed } from './catalog-test-bed.js';
import { isPredefinedRole, PREDEFINED_ROLES } from './predefined-roles.js';
import { BOOTSTRAP_SUPERUSER_OID, DEFAULT_ROLE_ATTRIBUTES } from './role-store.js';

describe('sys_authid', () => {
  const bed = useCatalogTestBed('roles', { bootstrapSuperuser: 'admin' });

  /** The stored roles' names (the predefined ones are listed too, but not stored). */
  const stored = () =>
    bed.catalog
      .roles()
      .filter((r) => !isPredefinedRole(r.oid))
      .map((r) => r.name);

  it('starts with the bootstrap superuser, OID 10, every attribute and no password', () => {
    const roles = bed.catalog.roles();
    expect(roles.map((r) => r.name)).toEqual(['admin', ...PREDEFINED_ROLES.map((r) => r.name)]);
    const admin = roles[0]!;
    expect(admin.oid).toBe(BOOTSTRAP_SUPERUSER_OID);
    expect(admin).toMatchObject({ superuser: true, canLogin: true, createRole: true, password: null });
  });

  it('creates, alters, renames and drops roles transactionally', async () => {
    const tx = bed.txns.begin();
    const r = bed.catalog.createRole(tx, 'alice', {
      ...DEFAULT_ROLE_ATTRIBUTES,
      canLogin: true,
      password: 'md5x',
    });
    expect(r.oid).toBeGreaterThanOrEqual(16384);
    expect(bed.catalog.role('alice', tx)?.canLogin).toBe(true);
    expect(bed.catalog.role('alice')).toBeUndefined();
    expect(() => bed.catalog.createRole(tx, 'alice', DEFAULT_ROLE_ATTRIBUTES)).toThrow(
      'role "alice" already exists',
    );
    await bed.commit(tx);
    expect(bed.catalog.role('alice')?.password).toBe('md5x');

    const alter = bed.txns.begin();
    bed.catalog.alterRole(alter, 'alice', { password: null, connectionLimit: 3 });
    bed.catalog.alterRole(alter, 'alice', {}, 'bob');
    expect(bed.catalog.role('alice', alter)).toBeUndefined();
    expect(bed.catalog.role('bob', alter)).toMatchObject({ oid: r.oid, password: null, connectionLimit: 3 });
    expect(bed.catalog.role('alice')?.password).toBe('md5x');
    bed.abort(alter);
    expect(bed.catalog.role('alice')?.password).toBe('md5x');
    expect(bed.catalog.role('bob')).toBeUndefined();

    const drop = bed.txns.begin();
    bed.catalog.dropRole(drop, 'alice');
    expect(() => bed.catalog.dropRole(drop, 'alice')).toThrow('role "alice" does not exist');
    await bed.commit(drop);
    expect(stored()).toEqual(['admin']);
  });

  it('refuses a name another live transaction created, and a role another one is changing', async () => {
    const a = bed.txns.begin();
    const b = bed.txns.begin();
    bed.catalog.createRole(a, 'carol', DEFAULT_ROLE_ATTRIBUTES);
    expect(() => bed.catalog.createRole(b, 'carol', DEFAULT_ROLE_ATTRIBUTES)).toThrow(
      expect.objectContaining({ code: '42710' }),
    );
    await bed.commit(a);
    const c = bed.txns.begin();
    const d = bed.txns.begin();
    bed.catalog.alterRole(c, 'carol', { canLogin: true });
    expect(() => bed.catalog.alterRole(d, 'carol', { superuser: true })).toThrow(
      expect.objectContaining({ code: '55P03' }),
    );
    await bed.commit(c);
    bed.abort(d);
    expect(bed.catalog.role('carol')?.canLogin).toBe(true);
  });

  it('keeps committed roles across a reopen', async () => {
    const tx = bed.txns.begin();
    bed.catalog.createRole(tx, 'dave', { ...DEFAULT_ROLE_ATTRIBUTES, validUntil: 123n });
    await bed.commit(tx);
    bed.reopen();
    expect(stored()).toEqual(['admin', 'dave']);
    expect(bed.catalog.role('dave')?.validUntil).toBe(123n);
  });
});
