/**
 * parseWorkMem: the `work_mem` setting's text → bytes, with PostgreSQL's rules for integer
 * settings in memory units (guc.c `parse_int` / `convert_to_base_unit`):
 *
 * - A number as C's strtol reads it (base 0: `0x100` is hex, a leading 0 octal), or as strtod
 *   when it has a fraction or an exponent (`1.5MB`, `1e3`); whitespace around it is allowed.
 * - An optional unit after it (whitespace between is allowed): `B`, `kB`, `MB`, `GB`, `TB`,
 *   case-sensitive; no unit means kB, the setting's base unit. A fractional value is first
 *   rounded to a whole number of the next smaller unit (`1.5MB` = 1536kB), then to whole kB.
 * - The result must fit an int4 (HINT "Value exceeds integer range.") and lie in
 *   64 .. 2147483647 kB.
 *
 * Every failure is 22023 with PostgreSQL's message, so SET can validate with it too.
 */
import { DbError } from '@rustydb/common';

/** PostgreSQL's bounds for work_mem, in kB. */
export const MIN_WORK_MEM_KB = 64;
export const MAX_WORK_MEM_KB = 2147483647;

const UNITS_HINT = 'Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".';

/** Memory units in kB (the base unit), largest first, as guc.c's memory_unit_conversion_table. */
const UNITS: readonly { readonly name: string; readonly kb: number }[] = [
  { name: 'TB', kb: 1024 ** 3 },
  { name: 'GB', kb: 1024 ** 2 },
  { name: 'MB', kb: 1024 },
  { name: 'kB', kb: 1 },
  { name: 'B', kb: 1 / 1024 },
];

const INTEGER = /^\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/;
const REAL = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/i;

let lastText: string | undefined;
let lastBytes = 0;

/**
 * The bytes `text` (a work_mem value as SET stores it) stands for. Synchronous; remembers the
 * last answer (the engine asks once per statement). Throws DbError 22023 for a malformed or
 * out-of-range value, with PostgreSQL's message and hint.
 */
export function parseWorkMem(text: string): number {
  if (text === lastText) return lastBytes;
  const kb = parseKilobytes(text);
  lastText = text;
  lastBytes = kb * 1024;
  return lastBytes;
}

function invalid(text: string, hint?: string): DbError {
  return new DbError(
    '22023',
    `invalid value for parameter "work_mem": "${text}"`,
    hint === undefined ? {} : { hint },
  );
}

function parseKilobytes(text: string): number {
  let value: number;
  let rest: string;
  const int = INTEGER.exec(text);
  const afterInt = int ? text.slice(int[0].length) : '';
  if (int && !/^[.eE]/.test(afterInt)) {
    const digits = int[2];
    const base = /^0[xX]/.test(digits) ? 16 : digits.length > 1 && digits[0] === '0' ? 8 : 10;
    value = Number.parseInt(base === 16 ? digits.slice(2) : digits, base) * (int[1] === '-' ? -1 : 1);
    rest = afterInt;
  } else {
    const real = REAL.exec(text);
    if (!real) throw invalid(text);
    value = Number(real[0].trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
    if (Number.isNaN(value)) throw invalid(text);
    rest = text.slice(real[0].length);
  }
  rest = rest.replace(/^\s+/, '');
  if (rest !== '') value = convertToKilobytes(value, rest, text);
  value = rint(value);
  if (value > 2147483647 || value < -2147483648 || !Number.isFinite(value)) {
    throw invalid(text, 'Value exceeds integer range.');
  }
  if (value < MIN_WORK_MEM_KB || value > MAX_WORK_MEM_KB) {
    throw new DbError(
      '22023',
      `${value} kB is outside the valid range for parameter "work_mem" (${MIN_WORK_MEM_KB} .. ${MAX_WORK_MEM_KB})`,
    );
  }
  return value;
}

/** `value` in `unit` (plus trailing whitespace) → kB, rounding a fraction to the next smaller unit. */
function convertToKilobytes(value: number, unitText: string, text: string): number {
  const unit = unitText.replace(/\s+$/, '');
  const i = UNITS.findIndex((u) => u.name === unit);
  if (i < 0) throw invalid(text, UNITS_HINT);
  const next = UNITS[i + 1];
  if (next === undefined) return value * UNITS[i].kb;
  const ratio = UNITS[i].kb / next.kb;
  return rint(value * ratio) * next.kb;
}

/** C's rint: to the nearest integer, halves to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
