/**
 * sys_description: COMMENT ON's transactional storage, its removal with the commented object,
 * and persistence across a reopen of the catalog.
 */
import { type Oid, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { useCatalogTestBed } from './catalog-test-bed.js';

const int4 = sqlType('int4');

describe('sys_description', () => {
  const bed = useCatalogTestBed('descriptions');

  async function createTable(name = 't'): Promise<Oid> {
    const tx = bed.txns.begin();
    const t = bed.catalog.createTable(tx, {
      name,
      columns: [
        { name: 'a', type: int4 },
        { name: 'b', type: int4 },
      ],
    });
    await bed.commit(tx);
    return t.oid;
  }

  it('is visible to its transaction at once, to others after commit, and replaced or removed', async () => {
    const oid = await createTable();
    const tx = bed.txns.begin();
    bed.catalog.setDescription(tx, oid, 0, 'the table', 't');
    bed.catalog.setDescription(tx, oid, 2, 'column b', 't');
    expect(bed.catalog.reader(tx).description(oid, 0)).toBe('the table');
    expect(bed.catalog.reader(tx).description(oid, 2)).toBe('column b');
    expect(bed.catalog.reader().description(oid, 0)).toBeUndefined();
    await bed.commit(tx);
    expect(bed.catalog.reader().description(oid, 0)).toBe('the table');
    expect(bed.catalog.reader().description(oid, 1)).toBeUndefined();

    const tx2 = bed.txns.begin();
    bed.catalog.setDescription(tx2, oid, 0, 'renamed', 't');
    bed.catalog.setDescription(tx2, oid, 2, '', 't'); // IS '' removes, as PostgreSQL
    expect(bed.catalog.reader(tx2).description(oid, 0)).toBe('renamed');
    expect(bed.catalog.reader(tx2).description(oid, 2)).toBeUndefined();
    await bed.commit(tx2);
    expect(bed.catalog.reader().description(oid, 0)).toBe('renamed');
    expect(bed.catalog.reader().description(oid, 2)).toBeUndefined();

    const tx3 = bed.txns.begin();
    bed.catalog.setDescription(tx3, oid, 0, null, 't');
    await bed.commit(tx3);
    expect(bed.catalog.reader().description(oid, 0)).toBeUndefined();
  });

  it('forgets an aborted COMMENT and survives a reopen', async () => {
    const oid = await createTable();
    const tx = bed.txns.begin();
    bed.catalog.setDescription(tx, oid, 0, 'kept', 't');
    await bed.commit(tx);
    const tx2 = bed.txns.begin();
    bed.catalog.setDescription(tx2, oid, 0, 'aborted', 't');
    tx2.abort();
    bed.catalog.abortTransaction(tx2);
    expect(bed.catalog.reader().description(oid, 0)).toBe('kept');
    bed.reopen();
    expect(bed.catalog.reader().description(oid, 0)).toBe('kept');
  });

  it('goes with a dropped table or column, and comes back when the drop aborts', async () => {
    const oid = await createTable();
    const other = await createTable('u');
    const tx = bed.txns.begin();
    bed.catalog.setDescription(tx, oid, 0, 'table', 't');
    bed.catalog.setDescription(tx, oid, 1, 'a', 't');
    bed.catalog.setDescription(tx, oid, 2, 'b', 't');
    bed.catalog.setDescription(tx, other, 0, 'other', 'u');
    await bed.commit(tx);

    const drop = bed.txns.begin();
    bed.catalog.dropColumn(drop, oid, 'a');
    expect(bed.catalog.reader(drop).description(oid, 1)).toBeUndefined();
    expect(bed.catalog.reader(drop).description(oid, 2)).toBe('b');
    bed.catalog.dropTable(drop, oid);
    expect(bed.catalog.reader(drop).description(oid, 0)).toBeUndefined();
    expect(bed.catalog.reader(drop).description(oid, 2)).toBeUndefined();
    drop.abort();
    bed.catalog.abortTransaction(drop);
    expect(bed.catalog.reader().description(oid, 1)).toBe('a');
    expect(bed.catalog.reader().description(oid, 0)).toBe('table');

    const drop2 = bed.txns.begin();
    bed.catalog.dropTable(drop2, oid);
    await bed.commit(drop2);
    expect(bed.catalog.reader().description(oid, 0)).toBeUndefined();
    expect(bed.catalog.reader().description(oid, 2)).toBeUndefined();
    expect(bed.catalog.reader().description(other, 0)).toBe('other');
  });

  it('raises 55P03 when another live transaction is changing the same comment', async () => {
    const oid = await createTable();
    const tx = bed.txns.begin();
    bed.catalog.setDescription(tx, oid, 0, 'first', 't');
    await bed.commit(tx);
    const a = bed.txns.begin();
    const b = bed.txns.begin();
    bed.catalog.setDescription(a, oid, 0, 'by a', 't');
    expect(() => bed.catalog.setDescription(b, oid, 0, 'by b', 't')).toThrow(
      expect.objectContaining({ code: '55P03' }),
    );
    await bed.commit(a);
    b.abort();
    bed.catalog.abortTransaction(b);
    expect(bed.catalog.reader().description(oid, 0)).toBe('by a');
  });
});
