import { sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { implementsOperator, operatorResultType } from './operator-probe.js';

const t = sqlType;

describe('operatorResultType', () => {
  it('answers the result type of operators the binder implements', () => {
    expect(operatorResultType('+', t('int4'), t('int8'))?.name).toBe('int8');
    expect(operatorResultType('=', t('text'), t('text'))?.name).toBe('bool');
    expect(operatorResultType('-', t('date'), t('date'))?.name).toBe('int4');
    expect(operatorResultType('->>', t('jsonb'), t('text'))?.name).toBe('text');
    expect(operatorResultType('~', t('text'), t('text'))?.name).toBe('bool');
    expect(operatorResultType('@>', t('_int4'), t('_int4'))?.name).toBe('bool');
  });

  it('answers prefix operators', () => {
    expect(operatorResultType('-', undefined, t('int4'))?.name).toBe('int4');
    expect(operatorResultType('!!', undefined, t('tsquery'))?.name).toBe('tsquery');
  });

  it('answers undefined for operators it does not implement', () => {
    expect(operatorResultType('-', t('text'), t('text'))).toBeUndefined();
    expect(operatorResultType('=', t('json'), t('json'))).toBeUndefined();
    expect(operatorResultType('%', t('float8'), t('float8'))).toBeUndefined();
    expect(operatorResultType('+', undefined, t('text'))).toBeUndefined();
    expect(operatorResultType('abc', t('int4'), t('int4'))).toBeUndefined();
  });
});

describe('implementsOperator', () => {
  it('takes pg_operator rows the binder resolves to their result type', () => {
    expect(implementsOperator({ name: '+', left: 23, right: 20, result: 20 })).toBe(true); // int48pl
    expect(implementsOperator({ name: '-', left: 0, right: 701, result: 701 })).toBe(true); // float8um
    expect(implementsOperator({ name: '@>', left: 2277, right: 2277, result: 16 })).toBe(true); // arraycontains
    expect(implementsOperator({ name: '->', left: 3802, right: 25, result: 3802 })).toBe(true);
  });

  it('leaves out rows of types RustyDB lacks and rows resolving to another result', () => {
    expect(implementsOperator({ name: '+', left: 600, right: 600, result: 600 })).toBe(false); // point
    expect(implementsOperator({ name: '+', left: 790, right: 790, result: 790 })).toBe(false); // money
    // date - date is int4; a row claiming another result is not RustyDB's operator
    expect(implementsOperator({ name: '-', left: 1082, right: 1082, result: 1186 })).toBe(false);
  });
});
