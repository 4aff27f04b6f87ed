import { describe, expect, test } from 'vitest';
import type { AlterTableStmt, AlterTriggerStmt, CreateTriggerStmt, DropTriggerStmt } from './ast/index.js';
import { parse } from './index.js';

const one = <T>(sql: string): T => parse(sql)[0]!.stmt as T;

describe('CREATE TRIGGER', () => {
  test('events, UPDATE OF, level, WHEN and the arguments as strings', () => {
    const s = one<CreateTriggerStmt>(
      'CREATE OR REPLACE TRIGGER Audit AFTER INSERT OR UPDATE OF a, "B" OR DELETE ON s.t FOR EACH ROW WHEN (NEW.a > 0) EXECUTE FUNCTION s.f(\'x\', 1, 2.5, Abc)',
    );
    expect(s).toMatchObject({
      kind: 'createTrigger',
      replace: true,
      constraint: false,
      name: 'audit',
      timing: 'after',
      events: [{ kind: 'insert' }, { kind: 'update', columns: ['a', 'B'] }, { kind: 'delete' }],
      table: { schema: 's', name: 't' },
      forEachRow: true,
      when: { kind: 'binaryOp' },
      function: { schema: 's', name: 'f' },
      args: ['x', '1', '2.5', 'abc'],
    });
  });

  test('statement level by default; EXECUTE PROCEDURE; FOR STATEMENT without EACH', () => {
    const a = one<CreateTriggerStmt>('CREATE TRIGGER t1 BEFORE TRUNCATE ON t EXECUTE PROCEDURE f()');
    expect(a).toMatchObject({
      timing: 'before',
      events: [{ kind: 'truncate' }],
      forEachRow: false,
      args: [],
    });
    expect(
      one<CreateTriggerStmt>('CREATE TRIGGER t1 BEFORE DELETE ON t FOR STATEMENT EXECUTE FUNCTION f()')
        .forEachRow,
    ).toBe(false);
    expect(
      one<CreateTriggerStmt>(
        'CREATE CONSTRAINT TRIGGER c AFTER INSERT ON t DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION f()',
      ).constraint,
    ).toBe(true);
  });

  test('trigger words stay usable as names', () => {
    expect(
      parse(
        'CREATE TABLE trigger (before int, after int, each int, statement int, procedure int, enable int, disable int)',
      ),
    ).toHaveLength(1);
    expect(one<{ kind: string }>('GRANT TRIGGER ON t TO PUBLIC').kind).toBe('grant');
  });

  test('a missing timing is a syntax error', () => {
    expect(() => parse('CREATE TRIGGER x INSERT ON t EXECUTE FUNCTION f()')).toThrow(
      expect.objectContaining({ code: '42601' }),
    );
  });
});

describe('DROP / ALTER TRIGGER, ENABLE / DISABLE', () => {
  test('DROP TRIGGER [IF EXISTS] name ON table [CASCADE]', () => {
    expect(one<DropTriggerStmt>('DROP TRIGGER IF EXISTS x ON s.t CASCADE')).toMatchObject({
      kind: 'dropTrigger',
      name: 'x',
      table: { schema: 's', name: 't' },
      ifExists: true,
      behavior: 'cascade',
    });
  });

  test('ALTER TRIGGER … RENAME TO', () => {
    expect(one<AlterTriggerStmt>('ALTER TRIGGER x ON t RENAME TO y')).toMatchObject({
      kind: 'alterTrigger',
      name: 'x',
      table: { name: 't' },
      newName: 'y',
    });
  });

  test('ALTER TABLE … ENABLE / DISABLE TRIGGER name | ALL | USER', () => {
    const s = one<AlterTableStmt>(
      'ALTER TABLE t DISABLE TRIGGER x, ENABLE TRIGGER ALL, DISABLE TRIGGER USER',
    );
    expect(s.actions).toEqual([
      { kind: 'enableTrigger', enable: false, name: 'x', all: false },
      { kind: 'enableTrigger', enable: true, all: true },
      { kind: 'enableTrigger', enable: false, all: false },
    ]);
  });
});
