import { describe, expect, it } from 'vitest';
import { movePosition, statementShape } from './statement-shape.js';

const key = (sql: string) => statementShape(sql)?.key;

describe('statementShape', () => {
  it('gives texts that differ only in literal values of one class the same key', () => {
    const a = statementShape("SELECT name FROM items WHERE id = 42 AND tag = 'x'");
    const b = statementShape("select name from items where id = 7 and tag = 'it''s'");
    expect(a?.key).toBe('SELECT name FROM items WHERE id = \0i AND tag = \0s');
    expect(b?.key).toBe('select name from items where id = \0i and tag = \0s');
    expect(b?.slots.map((s) => [s.cls, s.text])).toEqual([
      ['int4', '7'],
      ['string', "'it''s'"],
    ]);
    expect(key('SELECT 1  +\n\t2')).toBe(key('SELECT 3 + 4'));
  });

  it('puts the literal class in the key: int4, int8, beyond int8, decimal', () => {
    const classes = (sql: string) => statementShape(sql)?.slots.map((s) => s.cls);
    expect(
      classes('SELECT 2147483647, 2147483649, 9223372036854775807, 9223372036854775809, 1.5, 1e3, .5'),
    ).toEqual(['int4', 'int8', 'int8', 'bigint', 'decimal', 'decimal', 'decimal']);
    expect(key('SELECT 1')).not.toBe(key('SELECT 3000000000'));
    expect(key('SELECT 1')).not.toBe(key('SELECT 1.0'));
    expect(key('SELECT 1')).not.toBe(key("SELECT '1'"));
  });

  it('answers slot questions without making slot objects, as its slots say', () => {
    const rows = Array.from({ length: 300 }, (_, i) => `(${i}, 'n${i}', ${i}.5)`).join(', ');
    const shape = statementShape(`INSERT INTO t VALUES ${rows}`)!;
    expect(shape.slotCount).toBe(900);
    const fromMethods = Array.from({ length: shape.slotCount }, (_, i) => [
      shape.slotClass(i),
      shape.slotStart(i),
      shape.slotEnd(i),
    ]);
    expect(fromMethods).toEqual(shape.slots.map((s) => [s.cls, s.start, s.end]));
    expect(shape.slots[899]?.text).toBe('299.5');
    // The scanner's scratch is reused: an earlier shape keeps its own slots.
    statementShape("SELECT 'x'");
    expect(shape.slotClass(1)).toBe('string');
    expect(shape.sql.slice(shape.slotStart(1), shape.slotEnd(1))).toBe("'n0'");
  });

  it('keeps 2^31 and 2^63 verbatim (a folded minus sign changes their type)', () => {
    expect(statementShape('SELECT -2147483648')?.slots).toEqual([]);
    expect(key('SELECT -2147483648')).toBe('SELECT -2147483648');
    expect(key('SELECT -9223372036854775808')).toBe('SELECT -9223372036854775808');
  });

  it('drops comments, collapses whitespace and keeps operator adjacency', () => {
    expect(key('SELECT /* c /* nested */ */ a -- trailing\n FROM t;')).toBe('SELECT a FROM t');
    expect(key('SELECT a<=b FROM t')).not.toBe(key('SELECT a< =b FROM t'));
    expect(key('SELECT a/**/-1 FROM t')).toBe('SELECT a -\0i FROM t');
  });

  it('keeps identifiers, quoted names, parameters, prefixed and dollar-quoted strings verbatim', () => {
    expect(key(`SELECT "A b" FROM T WHERE x = $1 AND y = E'\\'' AND z = $q$ 5 $q$`)).toBe(
      `SELECT "A b" FROM T WHERE x = $1 AND y = E'\\'' AND z = $q$ 5 $q$`,
    );
    expect(key("SELECT B'101', X'1F'")).toBe("SELECT B'101', X'1F'");
  });

  it('gives up on what it does not model exactly', () => {
    for (const sql of [
      'SELECT 1; SELECT 2',
      'BEGIN',
      'CREATE TABLE t (a int)',
      'EXPLAIN SELECT 1',
      "SELECT 'a'\n'b'",
      "SELECT 'a' /* c */ 'b'",
      'SELECT 123abc',
      "SELECT 'unterminated",
      'SELECT /* unterminated',
      'SELECT 1..2',
      "SELECT '\u{1F600}'",
      '',
      '   ',
    ]) {
      expect(statementShape(sql), sql).toBeUndefined();
    }
    expect(statementShape('SELECT 1;  -- done')?.key).toBe('SELECT \0i');
    expect(statementShape('(SELECT 1)')?.key).toBe('(SELECT \0i)');
  });

  it('moves an error position to the same token of another text of the same shape', () => {
    const from = statementShape("SELECT * FROM t WHERE a = 'long literal' AND b = zzz")!;
    const to = statementShape("SELECT * FROM t WHERE a = 'x' AND b = zzz")!;
    const zzzFrom = "SELECT * FROM t WHERE a = 'long literal' AND b = zzz".indexOf('zzz') + 1;
    const zzzTo = "SELECT * FROM t WHERE a = 'x' AND b = zzz".indexOf('zzz') + 1;
    expect(movePosition(zzzFrom, from, to)).toBe(zzzTo);
    expect(movePosition(27, from, to)).toBe(27);
  });
});
