import type { CatalogReader } from '@rustydb/catalog';
import { DbError } from '@rustydb/common';
import { type FuncCall, parse, parseExpression } from '@rustydb/parser';
import { describe, expect, it } from 'vitest';
import { bindStatement } from './bind-statement.js';
import { outputColumns } from './logical-plan.js';
import { positionalArguments } from './named-arguments.js';

const call = (sql: string) => parseExpression(sql) as FuncCall;
const text = (args: ReturnType<typeof positionalArguments>) =>
  args?.map((a) => (a.kind === 'literal' ? a.value : a.kind));

const catalog: CatalogReader = { table: () => undefined, tableByOid: () => undefined, tables: () => [] };
const bind = (sql: string) => bindStatement(parse(sql)[0].stmt, { catalog, sql });

describe('positionalArguments', () => {
  it('places named arguments at their parameters and fills the rest with defaults', () => {
    expect(text(positionalArguments(call('make_interval(days => 3, hours => 4)')))).toEqual([
      '0',
      '0',
      '0',
      '3',
      '4',
      '0',
      '0',
    ]);
    expect(text(positionalArguments(call('make_interval(1, secs => 2.5)')))).toEqual([
      '1',
      '0',
      '0',
      '0',
      '0',
      '0',
      '2.5',
    ]);
  });

  it("fills jsonb_path_*'s vars and silent with their defaults ('{}', false)", () => {
    expect(text(positionalArguments(call('jsonb_path_query(j, p, silent => true)')))).toEqual([
      'columnRef',
      'columnRef',
      '{}',
      'true',
    ]);
    expect(text(positionalArguments(call('jsonb_path_exists_tz(j, p, vars => v)')))).toEqual([
      'columnRef',
      'columnRef',
      'columnRef',
    ]);
    expect(positionalArguments(call('jsonb_path_match(j, p, strict => true)'))).toBeUndefined();
  });

  it('picks the overload the named arguments reach', () => {
    expect(positionalArguments(call('make_timestamptz(2024, 1, 2, 3, 4, sec => 5)'))).toHaveLength(6);
    expect(
      positionalArguments(call("make_timestamptz(2024, 1, 2, 3, 4, 5, timezone => 'UTC')")),
    ).toHaveLength(7);
  });

  it('leaves positional calls alone and refuses names PostgreSQL would not match', () => {
    const plain = call('make_date(2024, 1, 2)');
    expect(positionalArguments(plain)).toBe(plain.args);
    expect(positionalArguments(call('make_interval(nope => 1)'))).toBeUndefined();
    expect(positionalArguments(call('make_interval(days => 1, days => 2)'))).toBeUndefined();
    expect(positionalArguments(call('make_date(month => 1, day => 2)'))).toBeUndefined();
    expect(positionalArguments(call('lower(x => 1)'))).toBeUndefined();
  });
});

describe('binding named calls', () => {
  it('binds make_interval(days => 3, hours => 4) as make_interval(0, 0, 0, 3, 4, 0, 0)', () => {
    const plan = bind('SELECT make_interval(days => 3, hours => 4)');
    expect(outputColumns(plan).map((c) => `${c.name}:${c.type.name}`)).toEqual(['make_interval:interval']);
    expect(JSON.stringify(plan)).toContain('"name":"make_interval"');
  });

  it('raises 42883 naming the argument for an unknown parameter name', () => {
    try {
      bind('SELECT make_interval(nope => 1)');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DbError);
      expect((err as DbError).code).toBe('42883');
      expect((err as DbError).message).toBe('function make_interval(nope => integer) does not exist');
    }
  });
});
