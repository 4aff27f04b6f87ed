import { compositeSqlType, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { useCatalogTestBed } from './catalog-test-bed.js';

const int4 = sqlType('int4');
const text = sqlType('text');

describe('row types of relations', () => {
  const bed = useCatalogTestBed('row-types');

  it('a table gets a row type (reltype) and its array type after it, as PostgreSQL numbers them', async () => {
    const tx = bed.txns.begin();
    const t = bed.catalog.createTable(tx, {
      name: 'c2',
      columns: [
        { name: 'a', type: int4 },
        { name: 'b', type: text },
      ],
    });
    await bed.commit(tx);
    const c = bed.catalog.reader().compositeType('c2')!;
    expect(c).toMatchObject({
      name: 'c2',
      schema: 'public',
      relid: t.oid,
      arrayOid: t.oid + 1,
      oid: t.oid + 2,
    });
    expect(c.fields).toEqual([
      { name: 'a', type: int4 },
      { name: 'b', type: text },
    ]);
    expect(bed.catalog.reader().rowTypeOfRelation(t.oid)).toBe(c);
    expect(bed.catalog.reader().compositeTypeByOid(c.oid)).toBe(c);
    // Kept in sys_relation: the same OIDs after a restart.
    expect(bed.reopen().reader().compositeType('c2')).toMatchObject({ oid: c.oid, arrayOid: c.arrayOid });
  });

  it('a view has one too, found by its OID as the types of parameters are', async () => {
    const tx = bed.txns.begin();
    const v = bed.catalog.createView(tx, {
      name: 'v',
      columns: [{ name: 'x', type: int4 }],
      querySql: 'SELECT 1 AS x',
      dependsOn: [],
    });
    await bed.commit(tx);
    const c = bed.catalog.reader().rowTypeOfRelation(v.oid)!;
    expect(c.fields.map((f) => f.name)).toEqual(['x']);
    expect(bed.catalog.reader().enumSqlTypeOfOid(c.oid)).toBe(compositeSqlType(c));
  });

  it('CREATE TYPE … AS makes a relation of kind c whose name is taken for relations and types', async () => {
    const tx = bed.txns.begin();
    const c = bed.catalog.createCompositeType(tx, { name: 'pair', fields: [{ name: 'x', type: int4 }] });
    expect(() => bed.catalog.createTable(tx, { name: 'pair', columns: [{ name: 'a', type: int4 }] })).toThrow(
      'relation "pair" already exists',
    );
    expect(() => bed.catalog.createEnum(tx, { name: 'pair', labels: [], owner: 10 })).toThrow(
      'type "pair" already exists',
    );
    await bed.commit(tx);
    const reopened = bed.reopen().reader();
    expect(reopened.standaloneComposite('pair')).toMatchObject({
      oid: c.oid,
      relid: c.relid,
      fields: c.fields,
    });
    expect(reopened.compositeType('pair')?.oid).toBe(c.oid);
    const drop = bed.txns.begin();
    bed.catalog.dropCompositeType(drop, c.oid);
    await bed.commit(drop);
    expect(bed.catalog.reader().compositeType('pair')).toBeUndefined();
  });
});
