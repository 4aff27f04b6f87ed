import { domainSqlType, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { useCatalogTestBed } from './catalog-test-bed.js';

describe('domains (sys_type rows with their definition)', () => {
  const bed = useCatalogTestBed('domains');
  const int4 = sqlType('int4');

  async function createPosint() {
    const tx = bed.txns.begin();
    const d = bed.catalog.createDomain(tx, {
      name: 'posint',
      baseType: int4,
      notNull: true,
      defaultSql: '1',
      checks: [{ checkSql: 'value > 0' }],
      owner: 10,
    });
    await bed.commit(tx);
    return d;
  }

  it('are transactional and survive a reopen with base type, NOT NULL, default and checks', async () => {
    const tx = bed.txns.begin();
    const d = bed.catalog.createDomain(tx, {
      name: 'code',
      baseType: sqlType('varchar', 7),
      notNull: false,
      checks: [
        { checkSql: "value <> 'no'" },
        { name: 'named', checkSql: 'length(value) > 1' },
        { checkSql: 'true' },
      ],
      owner: 10,
    });
    expect(bed.catalog.reader(tx).domainType?.('code')).toBe(d);
    expect(bed.catalog.reader().domainType?.('code')).toBeUndefined();
    await bed.commit(tx);
    const reopened = bed.reopen().reader().domainType!('code')!;
    expect(reopened.baseType).toEqual(sqlType('varchar', 7));
    expect(reopened.checks.map((c) => [c.name, c.checkSql, c.validated])).toEqual([
      ['code_check', "value <> 'no'", true],
      ['named', 'length(value) > 1', true],
      ['code_check1', 'true', true],
    ]);
    expect(reopened.arrayOid).not.toBe(reopened.oid);
  });

  it('give a domain over a domain its base, and columns of them a SqlType that survives a reopen', async () => {
    const posint = await createPosint();
    const tx = bed.txns.begin();
    const small = bed.catalog.createDomain(tx, {
      name: 'small',
      baseType: domainSqlType(posint),
      notNull: false,
      checks: [{ checkSql: 'value < 100' }],
      owner: 10,
    });
    bed.catalog.createTable(tx, { name: 't', columns: [{ name: 'a', type: domainSqlType(small) }] });
    await bed.commit(tx);
    const column = bed.reopen().reader().table('t')!.columns[0]!;
    expect(column.type.name).toBe('int4');
    expect(column.type.domain?.name).toBe('small');
    expect(column.type.domain?.baseType.domain?.name).toBe('posint');
  });

  it('refuse taken names and keep constraint names unique per domain', async () => {
    const d = await createPosint();
    const tx = bed.txns.begin();
    const spec = { name: 'posint', baseType: int4, notNull: false, checks: [], owner: 10 };
    expect(() => bed.catalog.createDomain(tx, spec)).toThrow('type "posint" already exists');
    expect(() => bed.catalog.createTable(tx, { name: 'posint', columns: [] })).toThrow(
      'type "posint" already exists',
    );
    expect(() =>
      bed.catalog.alterDomain(tx, d.oid, {
        kind: 'addCheck',
        name: 'posint_check',
        checkSql: 'true',
        validated: true,
      }),
    ).toThrow('constraint "posint_check" for domain "posint" already exists');
    expect(() => bed.catalog.alterDomain(tx, d.oid, { kind: 'dropCheck', name: 'nope' })).toThrow(
      'constraint "nope" of domain "posint" does not exist',
    );
  });

  it('record ALTER DOMAIN changes', async () => {
    const d = await createPosint();
    const tx = bed.txns.begin();
    const alter = (change: Parameters<typeof bed.catalog.alterDomain>[2]) =>
      bed.catalog.alterDomain(tx, d.oid, change);
    alter({ kind: 'addCheck', checkSql: 'value < 10', validated: false });
    alter({ kind: 'setDefault' });
    alter({ kind: 'setNotNull', notNull: false });
    alter({ kind: 'renameCheck', from: 'posint_check', to: 'positive' });
    alter({ kind: 'validateCheck', name: 'posint_check1' });
    alter({ kind: 'move', schema: 'public', name: 'natural' });
    const now = bed.catalog.reader(tx).domainType!('natural')!;
    expect(now.notNull).toBe(false);
    expect(now.defaultSql).toBeUndefined();
    expect(now.checks.map((c) => [c.name, c.validated])).toEqual([
      ['positive', true],
      ['posint_check1', true],
    ]);
    expect(bed.catalog.reader(tx).domainType!('posint')).toBeUndefined();
  });

  it('drop only without dependents unless CASCADE, which drops columns and domains over it', async () => {
    const posint = await createPosint();
    const tx = bed.txns.begin();
    const small = bed.catalog.createDomain(tx, {
      name: 'small',
      baseType: domainSqlType(posint),
      notNull: false,
      checks: [],
      owner: 10,
    });
    bed.catalog.createTable(tx, {
      name: 't',
      columns: [
        { name: 'id', type: int4 },
        { name: 'a', type: domainSqlType(posint) },
        { name: 'b', type: domainSqlType(small) },
      ],
    });
    expect(() => bed.catalog.dropDomain(tx, posint.oid)).toThrow(
      expect.objectContaining({
        code: '2BP01',
        fields: expect.objectContaining({
          detail:
            'type small depends on type posint\ncolumn b of table t depends on type small\ncolumn a of table t depends on type posint',
        }),
      }),
    );
    const notice = bed.catalog.dropDomain(tx, posint.oid, true);
    expect(notice?.message).toBe('drop cascades to 3 other objects');
    const reader = bed.catalog.reader(tx);
    expect(reader.table('t')!.columns.map((c) => c.name)).toEqual(['id']);
    expect(reader.domainType!('small')).toBeUndefined();
    await bed.commit(tx);
  });
});
