import { describe, expect, it } from 'vitest';
import {
  objectDescription,
  operatorIsVisible,
  procName,
  procOidByName,
  textSearchIsVisible,
} from './catalog-functions.js';
import { castFunctionRows, pgCast, pgOperator } from './operator-rows.js';
import { pgDescription } from './pg-class-relations.js';
import { pgLanguage, pgProc } from './pg-global-relations.js';
import { pgTsConfig, pgTsDict, pgTsParser, pgTsTemplate } from './text-search-rows.js';

/** A catalog whose engine has int4 = int4 (96), int4 <> int4 (518) and int4 + int4 (551). */
const sc = (operators?: number[], functions: { name: string; args: string[] }[] = []) =>
  ({
    session: {
      functions: () => functions,
      ...(operators !== undefined ? { operators: () => new Set(operators) } : {}),
    },
    view: {
      description: () => undefined,
      effectivePath: ['public'],
      relations: () => [],
      functions: () => [],
      enumTypes: () => [],
      domainTypes: () => [],
      functionByOid: () => undefined,
      functionsNamed: () => [],
      extensions: () => [],
    },
    relations: () => [],
    namespaces: () => [],
    namespaceOid: () => undefined,
  }) as never;

describe('pg_operator', () => {
  it("lists PostgreSQL's rows of the operators the engine reports, with their OIDs and facts", () => {
    const rows = pgOperator.rows(sc([96, 551]));
    expect(rows).toEqual([
      [96, '=', 11, 10, 'b', true, true, 23, 23, 16, 96, 0, 'int4eq', 'eqsel', 'eqjoinsel'],
      [551, '+', 11, 10, 'b', false, false, 23, 23, 23, 551, 0, 'int4pl', '-', '-'],
    ]);
    // The negator (<>, 518) is a row only when the engine has it.
    expect(pgOperator.rows(sc([96, 518]))[0]![11]).toBe(518);
  });

  it('lists none when the session reports no operators', () => {
    expect(pgOperator.rows(sc())).toEqual([]);
  });

  it('answers pg_operator_is_visible and obj_description for its rows only', () => {
    const c = sc([96]);
    expect(operatorIsVisible(c, 96)).toBe(true);
    expect(operatorIsVisible(c, 551)).toBeNull();
    expect(objectDescription(c, 96, 'pg_operator')).toBe('equal');
    expect(objectDescription(c, 551, 'pg_operator')).toBeNull();
    expect(objectDescription(c, 96, 'pg_class')).toBeNull();
    expect(pgDescription.rows(c)).toContainEqual([96, 2617, 0, 'equal']);
  });
});

describe('regproc of the functions operators and text search objects name', () => {
  it("reads as PostgreSQL's OIDs (oprcode::oid, as pg_dump asks) and back", () => {
    expect(procOidByName(sc(), 'int4eq')).toBe(65);
    expect(procOidByName(sc(), 'pg_catalog.eqsel')).toBe(101);
    expect(procOidByName(sc(), 'prsd_start')).toBe(3717);
    expect(procOidByName(sc(), 'jsonb_delete')).toBe(3302);
    // An operator's function a built-in's overloads share a name with (tsquery_phrase, `<->`).
    const overloaded = sc(undefined, [
      { name: 'tsquery_phrase', args: ['tsquery', 'tsquery'] },
      { name: 'tsquery_phrase', args: ['tsquery', 'tsquery', 'int4'] },
    ]);
    expect(procOidByName(overloaded, 'tsquery_phrase')).toBe(5003);
    expect(procName(sc(), 65)).toBe('int4eq');
    expect(procName(sc(), 13148)).toBe('dsnowball_init');
  });
});

describe('pg_cast', () => {
  const casts = pgCast.rows(sc());
  const cast = (source: number, target: number) => casts.find((r) => r[1] === source && r[2] === target);

  it("lists PostgreSQL's casts between RustyDB's types in the context canCast allows", () => {
    expect(cast(23, 20)).toEqual([10010, 23, 20, 481, 'i', 'f']); // int4 → int8, int8(int4)
    expect(cast(20, 23)).toEqual([10001, 20, 23, 480, 'a', 'f']); // int8 → int4
    expect(cast(23, 16)?.[4]).toBe('e'); // int4 → bool
    expect(cast(23, 26)?.slice(3)).toEqual([0, 'i', 'b']); // int4 → oid, binary coercible
    expect(cast(3802, 16)?.slice(4)).toEqual(['e', 'f']); // jsonb → bool
    // point (600) and money (790) are not RustyDB types
    expect(
      casts.some((r) => [600, 790].includes(r[1] as number) || [600, 790].includes(r[2] as number)),
    ).toBe(false);
  });

  it('gives the cast functions pg_proc rows, unless a built-in function stands for one', () => {
    const rows = castFunctionRows(sc());
    const int8 = rows.find((r) => r[0] === 481)!;
    expect(int8.slice(0, 2)).toEqual([481, 'int8']);
    expect(int8[18]).toBe(20);
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length);
    // text(inet) is a built-in function: the cast names its pg_proc row, no second row appears
    const withText = sc(undefined, [{ name: 'text', args: ['inet'] }]);
    expect(castFunctionRows(withText).some((r) => r[1] === 'text' && r[0] === 730)).toBe(false);
    expect(pgCast.rows(withText).find((r) => r[1] === 869 && r[2] === 25)?.[3]).toBe(14000);
    expect(pgProc.rows(withText).filter((r) => r[0] === 481)).toHaveLength(1);
  });
});

describe('pg_language', () => {
  it('gives plpgsql a call handler, as `\\dL` filters on it, and its description', () => {
    const plpgsql = pgLanguage.rows(sc()).find((r) => r[1] === 'plpgsql')!;
    expect(plpgsql.slice(5, 8)).toEqual([13560, 13561, 13562]);
    expect(objectDescription(sc(), 13563, 'pg_language')).toBe('PL/pgSQL procedural language');
    expect(pgDescription.rows(sc())).toContainEqual([14, 2612, 0, 'SQL-language functions']);
  });
});

describe('text search catalogs', () => {
  it('list the simple and english configurations with their parser, dictionaries and templates', () => {
    expect(pgTsConfig.rows(sc()).map((r) => [r[0], r[1], r[4]])).toEqual([
      [3748, 'simple', 3722],
      [13164, 'english', 3722],
    ]);
    expect(pgTsParser.rows(sc()).map((r) => r[1])).toEqual(['default']);
    expect(pgTsDict.rows(sc()).map((r) => [r[1], r[4]])).toEqual([
      ['simple', 3727],
      ['english_stem', 13150],
    ]);
    expect(pgTsTemplate.rows(sc()).map((r) => r[1])).toEqual(['simple', 'snowball']);
  });

  it('answer the visibility functions and obj_description', () => {
    expect(textSearchIsVisible('pg_ts_config', 13164)).toBe(true);
    expect(textSearchIsVisible('pg_ts_config', 3765)).toBeNull();
    expect(textSearchIsVisible('pg_ts_dict', 3765)).toBe(true);
    expect(textSearchIsVisible('pg_ts_parser', 3722)).toBe(true);
    expect(textSearchIsVisible('pg_ts_template', 13150)).toBe(true);
    expect(objectDescription(sc(), 3748, 'pg_ts_config')).toBe('simple configuration');
    expect(objectDescription(sc(), 13163, 'pg_ts_dict')).toBe('snowball stemmer for english language');
  });
});
