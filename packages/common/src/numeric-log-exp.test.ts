import { describe, expect, it } from 'vitest';
import { Numeric } from './numeric.js';
import { expNumeric, lnNumeric, logNumeric, sqrtNumeric } from './numeric-log-exp.js';

const n = (s: string) => Numeric.parse(s);
const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
};

// Expected values are PostgreSQL 15's output for the same numeric inputs.
describe('numeric sqrt/exp/ln/log', () => {
  it('sqrt keeps PostgreSQL result scale', () => {
    const cases: [string, string][] = [
      ['0.0', '0.000000000000000'],
      ['2.0', '1.414213562373095'],
      ['16.0', '4.000000000000000'],
      ['1.21', '1.100000000000000'],
      ['0.5', '0.70710678118654752'],
      ['0.0001', '0.01000000000000000'],
      ['123456789.123', '11111.11106609056'],
      ['2', '1.414213562373095'],
      ['1e-10', '0.000010000000000000000'],
      ['99999999', '9999.9999499999999'],
      ['1.00000000000000000001', '1.00000000000000000000'],
    ];
    for (const [x, want] of cases) expect(sqrtNumeric(n(x)).toString(), x).toBe(want);
    expect(sqrtNumeric(Numeric.Infinity)).toBe(Numeric.Infinity);
    expect(err(() => sqrtNumeric(n('-1')))).toBe('2201F');
  });

  it('exp', () => {
    const cases: [string, string][] = [
      ['0', '1.0000000000000000'],
      ['-1', '0.3678794411714423'],
      ['10', '22026.465794806717'],
      ['100.5', '44319559098458954160107061979564816895899481.9'],
      ['-100', '0.00000000000000000000000000000000000000000003720075976020836'],
      ['0.001', '1.0010005001667083'],
      ['1.23456789012345678901', '3.43689308434600800458'],
      ['1.0', '2.7182818284590452'],
    ];
    for (const [x, want] of cases) expect(expNumeric(n(x)).toString(), x).toBe(want);
    expect(expNumeric(Numeric.NegativeInfinity).toString()).toBe('0');
    expect(err(() => expNumeric(n('10000')))).toBe('22003');
  });

  it('ln', () => {
    const cases: [string, string][] = [
      ['10', '2.3025850929940457'],
      ['0.5', '-0.6931471805599453'],
      ['1', '0.0000000000000000'],
      ['1.05', '0.048790164169432003'],
      ['1e100', '230.25850929940457'],
      ['0.0001', '-9.2103403719761827'],
      ['1.0000001', '0.00000009999999500000033'],
      ['123.456', '4.8158848172832639'],
      ['2.718281828459045', '0.9999999999999999'],
    ];
    for (const [x, want] of cases) expect(lnNumeric(n(x)).toString(), x).toBe(want);
    expect(err(() => lnNumeric(n('0')))).toBe('2201E');
    expect(err(() => lnNumeric(n('-1')))).toBe('2201E');
    expect(err(() => lnNumeric(Numeric.NegativeInfinity))).toBe('2201E');
  });

  it('log(b, x)', () => {
    const cases: [string, string, string][] = [
      ['10', '100', '2.0000000000000000'],
      ['10', '2.5', '0.3979400086720376'],
      ['10', '1000', '3.0000000000000000'],
      ['1.1', '2', '7.272540897341719'],
      ['2', '1.0001', '0.00014426229109455418'],
      ['0.5', '4', '-2.0000000000000000'],
      ['10', '1000.0', '3.0000000000000000'],
      ['10', '7', '0.8450980400142568'],
      ['2.0', '8.0', '3.0000000000000000'],
      ['2', '8', '3.0000000000000000'],
    ];
    for (const [b, x, want] of cases) expect(logNumeric(n(b), n(x)).toString(), `${b} ${x}`).toBe(want);
    expect(err(() => logNumeric(n('1'), n('2')))).toBe('22012');
    expect(err(() => logNumeric(n('0'), n('2')))).toBe('2201E');
    expect(err(() => logNumeric(n('-2'), n('2')))).toBe('2201E');
    expect(logNumeric(Numeric.Infinity, n('2')).toString()).toBe('0');
    expect(logNumeric(n('2'), Numeric.Infinity)).toBe(Numeric.Infinity);
  });
});
