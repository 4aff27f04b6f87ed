import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('NOT VALID and VALIDATE CONSTRAINT', () => {
  it('marks CHECK and FOREIGN KEY table constraints', () => {
    expect(one('ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID')).toMatchObject({
      actions: [{ kind: 'addConstraint', constraint: { kind: 'check', name: 'c', notValid: true } }],
    });
    expect(one('ALTER TABLE t ADD FOREIGN KEY (a) REFERENCES p NOT VALID')).toMatchObject({
      actions: [{ constraint: { kind: 'foreignKey', notValid: true } }],
    });
    expect(one('ALTER TABLE t VALIDATE CONSTRAINT c')).toMatchObject({
      actions: [{ kind: 'validateConstraint', name: 'c' }],
    });
  });

  it('refuses it on keys (0A000 at NOT) and after a column constraint (syntax error at VALID)', () => {
    expect(() => one('ALTER TABLE t ADD UNIQUE (a) NOT VALID')).toThrow(
      expect.objectContaining({ code: '0A000', message: 'UNIQUE constraints cannot be marked NOT VALID' }),
    );
    expect(() => one('CREATE TABLE t (a int CHECK (a > 0) NOT VALID)')).toThrow(
      expect.objectContaining({ code: '42601', fields: { position: 41 } }),
    );
  });
});

describe('CREATE TABLE … (LIKE …)', () => {
  it('folds the options left to right and records where the columns go', () => {
    expect(one('CREATE TABLE t (x int, LIKE s INCLUDING ALL EXCLUDING INDEXES, y int)')).toMatchObject({
      columns: [{ name: 'x' }, { name: 'y' }],
      likes: [
        {
          table: { name: 's' },
          columnIndex: 1,
          including: [
            'comments',
            'compression',
            'constraints',
            'defaults',
            'generated',
            'identity',
            'statistics',
            'storage',
          ],
        },
      ],
    });
    expect(one('CREATE TABLE t (LIKE s)')).toMatchObject({ likes: [{ including: [] }] });
    expect(() => one('CREATE TABLE t (LIKE s INCLUDING bogus)')).toThrow(/syntax error at or near "bogus"/);
  });
});

describe('SELECT … INTO', () => {
  it('is CREATE TABLE AS in a top-level SELECT', () => {
    expect(one('SELECT a INTO TEMP TABLE n FROM t UNION SELECT 2')).toMatchObject({
      kind: 'createTableAs',
      name: { name: 'n' },
      temporary: true,
      withData: true,
      query: { kind: 'setOp' },
    });
    expect(one('SELECT 1 INTO UNLOGGED n')).toMatchObject({ kind: 'createTableAs', unlogged: true });
  });

  it('is not allowed anywhere else', () => {
    expect(() => one('SELECT * FROM (SELECT 1 INTO n) s')).toThrow(
      expect.objectContaining({ code: '42601', message: 'SELECT ... INTO is not allowed here' }),
    );
    expect(() => one('CREATE VIEW v AS SELECT 1 INTO n')).toThrow(expect.objectContaining({ code: '0A000' }));
    expect(() => one('COPY (SELECT 1 INTO n) TO STDOUT')).toThrow(expect.objectContaining({ code: '0A000' }));
  });
});

describe('ALTER INDEX and storage parameters', () => {
  it('parses RENAME, SET and RESET', () => {
    expect(one('ALTER INDEX IF EXISTS s.i RENAME TO j')).toEqual({
      kind: 'alterIndex',
      name: { schema: 's', name: 'i', location: 22 },
      ifExists: true,
      action: { kind: 'rename', to: 'j' },
    });
    expect(one('ALTER INDEX i SET (fillfactor = 70)')).toMatchObject({
      action: { kind: 'setOptions', reset: false, options: [{ name: 'fillfactor', value: '70' }] },
    });
    expect(one('ALTER TABLE t RESET (fillfactor, autovacuum_enabled)')).toMatchObject({
      actions: [
        {
          kind: 'setOptions',
          reset: true,
          options: [{ name: 'fillfactor' }, { name: 'autovacuum_enabled' }],
        },
      ],
    });
  });
});
