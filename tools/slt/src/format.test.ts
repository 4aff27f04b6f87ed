import { describe, expect, it } from 'vitest';
import { formatReal, formatRows, formatValue, hashLine, hashValues, sortValues } from './format.js';

describe('formatValue', () => {
  it('prints NULL for SQL NULL in every column type', () => {
    expect(formatValue(null, 'I')).toBe('NULL');
    expect(formatValue(null, 'R')).toBe('NULL');
    expect(formatValue(null, 'T')).toBe('NULL');
  });

  it('I: integers as they are; numerics truncate toward zero (atoi); text is 0; booleans 1/0', () => {
    expect(formatValue('42', 'I')).toBe('42');
    expect(formatValue('-7', 'I')).toBe('-7');
    expect(formatValue('9223372036854775807', 'I')).toBe('9223372036854775807');
    expect(formatValue('12.75', 'I')).toBe('12');
    expect(formatValue('-2.46875', 'I')).toBe('-2');
    expect(formatValue('-0.21875', 'I')).toBe('0');
    expect(formatValue('-50.0000000000000000', 'I')).toBe('-50');
    expect(formatValue('hello', 'I')).toBe('0');
    expect(formatValue('', 'I')).toBe('0');
    expect(formatValue('t', 'I')).toBe('1');
    expect(formatValue('f', 'I')).toBe('0');
  });

  it('R: three decimals from the leading number, C-style', () => {
    expect(formatValue('2', 'R')).toBe('2.000');
    expect(formatValue('-12.3456', 'R')).toBe('-12.346');
    expect(formatValue('1e+20', 'R')).toBe('100000000000000000000.000');
    expect(formatValue('abc', 'R')).toBe('0.000');
    expect(formatValue('NaN', 'R')).toBe('nan');
    expect(formatValue('-Infinity', 'R')).toBe('-inf');
  });

  it('T: (empty) for the empty string, @ for each byte outside printable ASCII', () => {
    expect(formatValue('abc def', 'T')).toBe('abc def');
    expect(formatValue('', 'T')).toBe('(empty)');
    expect(formatValue('a\tb\nc', 'T')).toBe('a@b@c');
    expect(formatValue('é~', 'T')).toBe('@@~');
    expect(formatValue('€', 'T')).toBe('@@@');
    expect(formatValue('\u007f', 'T')).toBe('@');
  });
});

describe('formatReal', () => {
  it("rounds exact ties half to even, like glibc's printf, unlike toFixed", () => {
    expect((0.0625).toFixed(3)).toBe('0.063'); // why formatReal exists
    expect(formatReal(0.0625)).toBe('0.062');
    expect(formatReal(0.1875)).toBe('0.188');
    expect(formatReal(-2.0625)).toBe('-2.062');
    expect(formatReal(1.0005)).toBe('1.000'); // not a tie: 1.0005 is just below in binary
  });

  it('keeps the sign of negative zero and of small negatives', () => {
    expect(formatReal(-0)).toBe('-0.000');
    expect(formatReal(-0.0001)).toBe('-0.000');
    expect(formatReal(0)).toBe('0.000');
  });
});

describe('formatRows', () => {
  it('flattens rows column by column using each column letter', () => {
    expect(
      formatRows(
        [
          ['1', '2.5', 'x'],
          [null, '3', ''],
        ],
        'IRT',
      ),
    ).toEqual(['1', '2.500', 'x', 'NULL', '3.000', '(empty)']);
  });
});

describe('sortValues', () => {
  const values = ['2', 'b', '10', 'a', '2', 'a'];

  it('nosort keeps the order; the input is not modified', () => {
    const sorted = sortValues(values, 2, 'nosort');
    expect(sorted).toEqual(values);
    expect(sorted).not.toBe(values);
  });

  it('rowsort sorts whole rows by strcmp, column after column', () => {
    expect(sortValues(values, 2, 'rowsort')).toEqual(['10', 'a', '2', 'a', '2', 'b']);
    expect(values).toEqual(['2', 'b', '10', 'a', '2', 'a']);
  });

  it('valuesort sorts every value on its own', () => {
    expect(sortValues(values, 2, 'valuesort')).toEqual(['10', '2', '2', 'a', 'a', 'b']);
  });

  it('sorts NULL and (empty) as the strings they print as', () => {
    expect(sortValues(['NULL', '(empty)', '-1', '@'], 1, 'valuesort')).toEqual([
      '(empty)',
      '-1',
      '@',
      'NULL',
    ]);
  });
});

describe('hashing', () => {
  it('hashes every value followed by a newline', () => {
    expect(hashValues(['1', '2', 'NULL'])).toBe('947ac7611a144a747fd1ba4cb9205642');
    expect(hashValues([])).toBe('d41d8cd98f00b204e9800998ecf8427e');
    expect(hashLine(['1', '2', 'NULL'])).toBe('3 values hashing to 947ac7611a144a747fd1ba4cb9205642');
  });

  it("reproduces the corpus's first hashed result (select1.test line 94)", () => {
    // SELECT CASE WHEN c>(SELECT avg(c) FROM t1) THEN a*2 ELSE b*10 END FROM t1 ORDER BY 1 (nosort),
    // over the (a, b, c) of the 30 rows select1.test inserts before it.
    const rows = [
      [104, 100, 102],
      [107, 105, 106],
      [111, 112, 113],
      [115, 118, 119],
      [121, 124, 123],
      [127, 129, 125],
      [131, 130, 134],
      [138, 139, 137],
      [142, 143, 141],
      [149, 145, 147],
      [153, 151, 150],
      [159, 158, 155],
      [163, 160, 161],
      [168, 167, 166],
      [174, 170, 172],
      [179, 175, 176],
      [182, 181, 184],
      [188, 186, 187],
      [191, 194, 193],
      [199, 198, 195],
      [201, 200, 202],
      [205, 206, 208],
      [213, 211, 214],
      [216, 218, 215],
      [220, 223, 224],
      [229, 228, 225],
      [234, 232, 231],
      [239, 236, 235],
      [243, 240, 244],
      [245, 249, 247],
    ];
    const avg = rows.reduce((s, r) => s + r[2], 0) / rows.length;
    const ordered = rows.map(([a, b, c]) => (c > avg ? a * 2 : b * 10)).sort((x, y) => x - y);
    const values = formatRows(
      ordered.map((v) => [String(v)]),
      'I',
    );
    expect(hashLine(sortValues(values, 1, 'nosort'))).toBe(
      '30 values hashing to 3c13dee48d9356ae19af2515e05e6b54',
    );
  });
});
