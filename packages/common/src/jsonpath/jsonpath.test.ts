import { describe, expect, it } from 'vitest';
import { DbError } from '../db-error.js';
import { formatJson, parseJsonb } from '../jsonb.js';
import { jsonPathRecv, jsonPathSend, parseJsonPath } from './jsonpath.js';
import { jsonbPathExists, jsonbPathMatch, jsonbPathQuery } from './jsonpath-exec.js';

// Canonical forms as PostgreSQL 15's jsonpath_out prints them.
const CANONICAL: [string, string][] = [
  ['$.a[*] ? (@ > 1)', '$."a"[*]?(@ > 1)'],
  [
    'strict $.a.b."c d".*[1 to last, 2].** ? (exists (@.x) && !(@ == 1) || @ starts with "a")',
    'strict $."a"."b"."c d".*[1 to last,2].**?(exists (@."x") && !(@ == 1) || @ starts with "a")',
  ],
  ['$.**{2 to last}.**{1}.**{last}', '$.**{2 to last}.**{1}.**{last}'],
  ['1 + 2 * 3 - -$.a', '((1 + 2 * 3) - -$."a")'],
  ['(1+2)*3', '((1 + 2) * 3)'],
  ['-(1+2)', '(-(1 + 2))'],
  ['- - 1', '1'],
  ['+$.a', '(+$."a")'],
  ['$ ? (@ like_regex "a.c" flag "ixsmq")', '$?(@ like_regex "a.c" flag "ismxq")'],
  ['$.a ? ((@ > 1) is unknown)', '$."a"?((@ > 1) is unknown)'],
  [
    '$.a.type().size().double().ceiling().floor().abs().keyvalue().datetime()',
    '$."a".type().size().double().ceiling().floor().abs().keyvalue().datetime()',
  ],
  ['$.datetime("HH24")', '$.datetime("HH24")'],
  ['$.size', '$."size"'],
  ['$.true.null.last.to', '$."true"."null"."last"."to"'],
  ['$."a\\"\\\\\\n\\u0041"', '$."a\\"\\\\\\nA"'],
  [
    '$ ? (@.a < 1 && @.b > 2 && (@.c == 3 || @.d != 4))',
    '$?((@."a" < 1 && @."b" > 2) && (@."c" == 3 || @."d" != 4))',
  ],
  ['$ > 1', '($ > 1)'],
  ['exists($.a)', 'exists ($."a")'],
  ['$[1,2]', '$[1,2]'],
  ['$[$.a to $.b]', '$[$."a" to $."b"]'],
  ['$[last - 1]', '$[last - 1]'],
  ['($.a + 1).b', '($."a" + 1)."b"'],
  ['($ ? (@ > 1)).a', '$?(@ > 1)."a"'],
  ['(1 > 2).type()', '(1 > 2).type()'],
  ['$a', '$"a"'],
  ['$.a/2%3', '(($."a" / 2) % 3)'],
  ['.5', '0.5'],
  ['1.5e3', '1500'],
  ['0.0010', '0.0010'],
  ['$.a /* c */ .b', '$."a"."b"'],
  ['$."\\x41\\u{1F600}"', '$."A😀"'],
  ['$.a\\u0041b', '$."aAb"'],
  ['$ ? (@ starts with $x)', '$?(@ starts with $"x")'],
  ['$ ? ((1+2) like_regex "x")', '$?((1 + 2) like_regex "x")'],
  ['$ == 1 || $ == 2 && $ != 3', '($ == 1 || $ == 2 && $ != 3)'],
  ['!($ > 1)', '!($ > 1)'],
  ['1.2.type()', '(1.2).type()'],
  ['$[*][last]', '$[*][last]'],
  ['STRICT $', 'strict $'],
  ['$.TYPE()', '$.type()'],
  ['1 ? (@ > 1)', '(1)?(@ > 1)'],
  ['$.**{5 to 2}', '$.**{5 to 2}'],
  ['$.**{0 to last}', '$.**'],
  ['1 + -1', '(1 + -1)'],
];

function errorOf(f: () => unknown): [string, string] {
  try {
    f();
  } catch (e) {
    if (e instanceof DbError) return [e.code, e.message];
    throw e;
  }
  throw new Error('no error');
}

describe('jsonpath input and output', () => {
  it.each(CANONICAL)('%s prints as PostgreSQL', (input, out) => {
    expect(parseJsonPath(input).toString()).toBe(out);
    // The canonical text reads back to itself.
    expect(parseJsonPath(out).toString()).toBe(out);
  });

  it.each([
    ['$.a.', '42601', 'syntax error at end of jsonpath input'],
    ['$ ? (1 == 1 == 1)', '42601', 'syntax error at or near "==" of jsonpath input'],
    ['$.a[1,]', '42601', 'syntax error at or near "]" of jsonpath input'],
    ['$.a b', '42601', 'syntax error at end of jsonpath input'],
    ['$ ? (@ is unknown)', '42601', 'syntax error at or near " " of jsonpath input'],
    ['$ "a"', '42601', 'syntax error at or near """ of jsonpath input'],
    ['$ ? (@ && @)', '42601', 'syntax error at or near "&&" of jsonpath input'],
    ['TRUE', '42601', 'syntax error at end of jsonpath input'],
    ['1.a', '42601', 'trailing junk after numeric literal at or near "1.a" of jsonpath input'],
    ['00', '42601', 'trailing junk after numeric literal at or near "00" of jsonpath input'],
    ['1e+', '42601', 'invalid numeric literal at or near "1e+" of jsonpath input'],
    ['"abc', '42601', 'unexpected end of quoted string at end of jsonpath input'],
    ['$.a /* c', '42601', 'unexpected end of comment at end of jsonpath input'],
    ['$."\\u12"', '42601', 'invalid unicode sequence at or near "\\u12" of jsonpath input'],
    ['$."\\x4"', '42601', 'invalid hex character sequence at or near "\\x4" of jsonpath input'],
    ['@', '42601', '@ is not allowed in root expressions'],
    ['last', '42601', 'LAST is allowed only in array subscripts'],
    ['$ ? (last > 1)', '42601', 'LAST is allowed only in array subscripts'],
    ['', '22P02', 'invalid input syntax for type jsonpath: ""'],
    ['  ', '22P02', 'invalid input syntax for type jsonpath: "  "'],
    ['$ ? (@ like_regex "a" flag "z")', '42601', 'invalid input syntax for type jsonpath'],
    [
      '$ ? (@ like_regex "a" flag "x")',
      '0A000',
      'XQuery "x" flag (expanded regular expressions) is not implemented',
    ],
    ['$.**{4294967296}', '22003', 'value "4294967296" is out of range for type integer'],
    ['$ ? (exists (@ > 1))', '42601', 'syntax error at or near ">" of jsonpath input'],
  ])('%s is an error', (input, code, message) => {
    expect(errorOf(() => parseJsonPath(input))).toEqual([code, message]);
  });

  it('sends version 1 and the text', () => {
    const bytes = jsonPathSend(parseJsonPath('$.a'));
    expect([...bytes]).toEqual([1, ...new TextEncoder().encode('$."a"')]);
    expect(jsonPathRecv(bytes).toString()).toBe('$."a"');
  });
});

const q = (doc: string, path: string, vars?: string, silent = false): string[] =>
  jsonbPathQuery(
    parseJsonPath(path),
    parseJsonb(doc).value,
    vars === undefined ? undefined : parseJsonb(vars).value,
    silent,
  ).map((v) => formatJson(v));

describe('jsonpath evaluation', () => {
  it('walks members, elements and filters', () => {
    expect(q('{"a":[1,2,3]}', '$.a[*] ? (@ > 1)')).toEqual(['2', '3']);
    expect(q('{"a":[1,2,3]}', '$.a[last]')).toEqual(['3']);
    expect(q('{"a":[1,2,3]}', '$.a[0 to 1, last]')).toEqual(['1', '2', '3']);
    expect(q('{"a":{"b":1,"c":[2]}}', '$.**')).toEqual([
      '{"a": {"b": 1, "c": [2]}}',
      '{"b": 1, "c": [2]}',
      '1',
      '[2]',
      '2',
    ]);
    expect(q('{"a":{"b":1,"c":[2]}}', '$.**{2}')).toEqual(['1', '[2]']);
    expect(q('[1,"a",null,true,{},[]]', '$[*].type()')).toEqual([
      '"number"',
      '"string"',
      '"null"',
      '"boolean"',
      '"object"',
      '"array"',
    ]);
    expect(q('{"x":2}', '$.x + $y', '{"y":3}')).toEqual(['5']);
    expect(q('[1.5,-2.5]', '$.floor()')).toEqual(['1', '-3']);
    expect(q('[1.5,-2.5]', '$.ceiling()')).toEqual(['2', '-2']);
    expect(q('{"a":1,"b":[2]}', '$.keyvalue()')).toEqual([
      '{"id": 0, "key": "a", "value": 1}',
      '{"id": 0, "key": "b", "value": [2]}',
    ]);
  });

  it('lax mode forgives what strict mode raises', () => {
    expect(q('{"a":1}', 'lax $.b')).toEqual([]);
    expect(errorOf(() => q('{"a":1}', 'strict $.b'))).toEqual([
      '2203A',
      'JSON object does not contain key "b"',
    ]);
    expect(q('{"a":1}', 'strict $.b', undefined, true)).toEqual([]);
    expect(errorOf(() => q('[1]', 'strict $[1]'))).toEqual([
      '22033',
      'jsonpath array subscript is out of bounds',
    ]);
    expect(q('1', 'lax $[0]')).toEqual(['1']);
    expect(errorOf(() => q('[1,2]', '$ + 1'))).toEqual([
      '22038',
      'left operand of jsonpath operator + is not a single numeric value',
    ]);
  });

  it('answers exists and match', () => {
    const doc = parseJsonb('{"a":[1,2,3]}').value;
    expect(jsonbPathExists(parseJsonPath('$.a[*] ? (@ > 2)'), doc)).toBe(true);
    expect(jsonbPathExists(parseJsonPath('$.a[*] ? (@ > 3)'), doc)).toBe(false);
    expect(jsonbPathMatch(parseJsonPath('$.a[*] > 2'), doc)).toBe(true);
    expect(jsonbPathMatch(parseJsonPath('$.a[*] == "x"'), doc)).toBe(null);
    expect(errorOf(() => jsonbPathMatch(parseJsonPath('$.a'), doc))).toEqual([
      '22038',
      'single boolean result is expected',
    ]);
  });
});

describe('jsonpath item methods', () => {
  it('.double() checks a number and converts a string', () => {
    expect(q('1.123456789012345678', '$.double()')).toEqual(['1.123456789012345678']);
    expect(q('"1.5e1"', '$.double()')).toEqual(['15']);
    expect(errorOf(() => q('"nan"', '$.double()'))).toEqual([
      '22036',
      'string argument of jsonpath item method .double() is not a valid representation of a double precision number',
    ]);
  });

  it('keyvalue() ids are byte offsets in PostgreSQL jsonb layout', () => {
    expect(q('[{"a":1},{"b":"xy","c":2.5}]', '$[*].keyvalue().id')).toEqual(['12', '36', '36']);
  });
});

describe('jsonpath .datetime()', () => {
  it('reads the ISO forms and writes ISO text', () => {
    expect(q('"2017-03-10"', '$.datetime()')).toEqual(['"2017-03-10"']);
    expect(q('"2017-03-10"', '$.datetime().type()')).toEqual(['"date"']);
    expect(q('"12:34:56+3"', '$.datetime()')).toEqual(['"12:34:56+03:00"']);
    expect(q('"12:34:56+3"', '$.datetime().type()')).toEqual(['"time with time zone"']);
    expect(q('"0017-03-10 01:02:03.120"', '$.datetime()')).toEqual(['"0017-03-10T01:02:03.12"']);
    expect(q('"2017-03-10T12:34:56.5+3"', '$.datetime()')).toEqual(['"2017-03-10T12:34:56.5+03:00"']);
    expect(errorOf(() => q('"10-03-2017"', '$.datetime()'))).toEqual([
      '22031',
      'datetime format is not recognized: "10-03-2017"',
    ]);
    expect(q('"x"', '$.datetime()', undefined, true)).toEqual([]);
  });

  it('compares datetimes as PostgreSQL without a time zone', () => {
    expect(q('"2017-03-10"', '$.datetime() < "2017-03-11 00:00:00".datetime()')).toEqual(['true']);
    expect(q('"12:00:00+01"', '$.datetime() < "12:00:00+02".datetime()')).toEqual(['false']);
    expect(q('"2017-03-10"', '$.datetime() == "12:00:00".datetime()')).toEqual(['null']);
    expect(errorOf(() => q('"2017-03-10"', '$.datetime() < "2017-03-11 00:00:00+3".datetime()'))).toEqual([
      '0A000',
      'cannot convert value from date to timestamptz without time zone usage',
    ]);
  });
});
