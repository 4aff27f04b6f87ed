import { describe, expect, it } from 'vitest';
import { jsonTextElement, jsonTextField, jsonTextOf, jsonTextPath } from './json-text-access.js';
import { jsonMembers, jsonMemberText } from './jsonb.js';

describe("json's members as written", () => {
  it('slices members out of the text with their spacing, duplicates included', () => {
    expect(jsonMembers(' { "a" : [1,  2] , "b":{"c" :1}, "a": null } ')).toEqual({
      kind: 'object',
      keys: ['a', 'b', 'a'],
      values: ['[1,  2]', '{"c" :1}', 'null'],
    });
    expect(jsonMembers('[ "x\\n" ,1e3,[] ]')).toEqual({ kind: 'array', values: ['"x\\n"', '1e3', '[]'] });
    expect(jsonMembers('[]')).toEqual({ kind: 'array', values: [] });
    expect(jsonMembers(' 5 ')).toEqual({ kind: 'scalar' });
  });

  it('still validates the whole text', () => {
    expect(() => jsonMembers('{"a": 1,}')).toThrow(/invalid input syntax for type json/);
    expect(() => jsonMembers('[1] x')).toThrow(/invalid input syntax for type json/);
    expect(() => jsonMembers('[1, 2')).toThrow(/invalid input syntax for type json/);
  });

  it('gives ->> text: strings decoded, null as NULL, the rest as written', () => {
    expect(jsonMemberText('"a\\u0041\\n"')).toBe('aA\n');
    expect(jsonMemberText('null')).toBeNull();
    expect(jsonMemberText('{"b" : 1}')).toBe('{"b" : 1}');
  });

  it('answers ->, #> over the text: the last of duplicate keys, negative indexes from the end', () => {
    expect(jsonTextField('{"a":1,"a":[2, 3]}', 'a')).toBe('[2, 3]');
    expect(jsonTextField('[1]', 'a')).toBeUndefined();
    expect(jsonTextElement('[1, 2 ,3]', -1)).toBe('3');
    expect(jsonTextElement('5', 0)).toBeUndefined();
    expect(jsonTextPath('{"a" : {"b": [ 1, {"c" : "d"} ]}}', ['a', 'b', '1'])).toBe('{"c" : "d"}');
    expect(jsonTextPath('{"a":1}', ['a', 'x'])).toBeUndefined();
    expect(jsonTextOf(jsonTextPath('{"a": {"b": "c"}}', ['a', 'b']))).toBe('c');
    expect(jsonTextOf(undefined)).toBeNull();
  });
});
