import { enumSqlType, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { useCatalogTestBed } from './catalog-test-bed.js';

describe('enum types (sys_type)', () => {
  const bed = useCatalogTestBed('enums');

  async function createMood() {
    const tx = bed.txns.begin();
    const e = bed.catalog.createEnum(tx, { name: 'mood', labels: ['sad', 'ok', 'happy'], owner: 10 });
    await bed.commit(tx);
    return e;
  }

  it('are transactional, numbered 1…n, and survive a reopen', async () => {
    const tx = bed.txns.begin();
    const e = bed.catalog.createEnum(tx, { name: 'mood', labels: ['sad', 'ok'], owner: 10 });
    expect(bed.catalog.reader(tx).enumType('mood')).toBe(e);
    expect(bed.catalog.reader().enumType('mood')).toBeUndefined();
    await bed.commit(tx);
    const reopened = bed.reopen().reader().enumType('mood')!;
    expect(reopened.labels.map((l) => [l.label, l.sortOrder])).toEqual([
      ['sad', 1],
      ['ok', 2],
    ]);
    expect(reopened.arrayOid).not.toBe(reopened.oid);
  });

  it('check names and labels as PostgreSQL does', async () => {
    await createMood();
    const tx = bed.txns.begin();
    expect(() => bed.catalog.createEnum(tx, { name: 'mood', labels: [], owner: 10 })).toThrow(
      'type "mood" already exists',
    );
    expect(() => bed.catalog.createEnum(tx, { name: 'd', labels: ['a', 'a'], owner: 10 })).toThrow(
      /pg_enum_typid_label_index/,
    );
    expect(() => bed.catalog.createEnum(tx, { name: 'l', labels: ['x'.repeat(64)], owner: 10 })).toThrow(
      /invalid enum label/,
    );
    expect(() => bed.catalog.createTable(tx, { name: 'mood', columns: [] })).toThrow(
      'type "mood" already exists',
    );
    bed.catalog.createTable(tx, { name: 't', columns: [{ name: 'a', type: sqlType('int4') }] });
    expect(() => bed.catalog.createEnum(tx, { name: 't', labels: [], owner: 10 })).toThrow(
      'type "t" already exists',
    );
  });

  it('add values before, after and at the end, by sort order', async () => {
    const e = await createMood();
    const tx = bed.txns.begin();
    bed.catalog.addEnumValue(tx, e.oid, 'awful', { label: 'sad', after: false });
    bed.catalog.addEnumValue(tx, e.oid, 'fine', { label: 'ok', after: true });
    bed.catalog.addEnumValue(tx, e.oid, 'ecstatic');
    expect(bed.catalog.addEnumValue(tx, e.oid, 'ok', undefined, true)).toBe(false);
    expect(() => bed.catalog.addEnumValue(tx, e.oid, 'ok')).toThrow('enum label "ok" already exists');
    expect(() => bed.catalog.addEnumValue(tx, e.oid, 'x', { label: 'nope', after: true })).toThrow(
      '"nope" is not an existing enum label',
    );
    bed.catalog.renameEnumValue(tx, e.oid, 'fine', 'good');
    const now = bed.catalog.reader(tx).enumTypeByOid(e.oid)!;
    expect(now.labels.map((l) => [l.label, l.sortOrder])).toEqual([
      ['awful', 0],
      ['sad', 1],
      ['ok', 2],
      ['good', 2.5],
      ['happy', 3],
      ['ecstatic', 4],
    ]);
    // The labels kept their OIDs: stored values need no rewrite.
    expect(now.byLabel.get('sad')!.oid).toBe(e.byLabel.get('sad')!.oid);
  });

  it('refuse DROP with dependent columns, and CASCADE drops the columns', async () => {
    const e = await createMood();
    const tx = bed.txns.begin();
    const mood = enumSqlType(e);
    const t = bed.catalog.createTable(tx, {
      name: 't1',
      columns: [
        { name: 'm', type: mood },
        { name: 'n', type: enumSqlType(e, true) },
        { name: 'k', type: sqlType('int4') },
      ],
    });
    expect(bed.catalog.reader(tx).tableByOid(t.oid)!.columns[0]!.type.enum?.oid).toBe(e.oid);
    let err: unknown;
    try {
      bed.catalog.dropType(tx, e.oid);
    } catch (x) {
      err = x;
    }
    expect(err).toMatchObject({
      code: '2BP01',
      message: 'cannot drop type mood because other objects depend on it',
      fields: {
        detail: 'column n of table t1 depends on type mood[]\ncolumn m of table t1 depends on type mood',
      },
    });
    expect(bed.catalog.dropType(tx, e.oid, true)).toEqual({
      message: 'drop cascades to 2 other objects',
      detail: 'drop cascades to column n of table t1\ndrop cascades to column m of table t1',
    });
    const after = bed.catalog.reader(tx);
    expect(after.enumType('mood')).toBeUndefined();
    expect(after.tableByOid(t.oid)!.columns.map((c) => c.name)).toEqual(['k']);
  });

  it('go with their schema: DROP SCHEMA needs CASCADE', async () => {
    const tx = bed.txns.begin();
    bed.catalog.createSchema(tx, 's');
    bed.catalog.createEnum(tx, { schema: 's', name: 'color', labels: [], owner: 10 });
    expect(() => bed.catalog.dropSchema(tx, 's')).toThrow(
      'cannot drop schema s because other objects depend on it',
    );
    expect(bed.catalog.dropSchema(tx, 's', true)).toEqual({ message: 'drop cascades to type s.color' });
    expect(bed.catalog.reader(tx).enumType('color', 's')).toBeUndefined();
  });
});
