/**
 * json and jsonb values.
 *
 * - json is its input text, kept byte for byte (PostgreSQL's json type): a `string`, validated on
 *   input and never compared (json has no equality operator).
 * - jsonb is a parsed, normalized document: a `Jsonb` wrapping a `JsonValue` tree. The wrapper
 *   keeps a JSON `null` apart from SQL NULL. Normalization follows PostgreSQL: object keys are
 *   unique (the last duplicate wins) and ordered by UTF-8 length, then bytes; numbers are
 *   `Numeric`s, so `1.50` keeps its scale and `1e2` becomes `100`.
 *
 * | JSON     | JsonValue                          |
 * |----------|------------------------------------|
 * | null     | `null`                             |
 * | boolean  | `boolean`                          |
 * | number   | `Numeric`                          |
 * | string   | `string`                           |
 * | array    | `JsonValue[]`                      |
 * | object   | `JsonObject` (a Map in key order)  |
 *
 * jsonb's output puts one space after `:` and `,` (`{"a": 1, "b": [1, 2]}`), as PostgreSQL's.
 * Ordering (`compareJsonb`, PostgreSQL's btree order): Object > Array > Boolean > Number >
 * String > Null; objects with more pairs sort higher, then pair by pair in key order; arrays
 * with more elements sort higher, then element by element; a top-level scalar sorts below a
 * top-level array with the same number of elements, and an empty top-level array below all.
 */
import { DbError } from './db-error.js';
import { Numeric } from './numeric.js';

export type JsonValue = null | boolean | string | Numeric | JsonValue[] | JsonObject;
/** Keys in jsonb order (see `sortKeys`); never mutated once built. */
export type JsonObject = Map<string, JsonValue>;

/** A jsonb value. Immutable. */
export class Jsonb {
  constructor(readonly value: JsonValue) {}
  toString(): string {
    return formatJson(this.value);
  }
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Code point order (= UTF-8 byte order). @internal (jsonpath compares strings so too) */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x += x >= 0xe000 ? -0x800 : 0x2000;
        y += y >= 0xe000 ? -0x800 : 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

/** jsonb's key order: shorter (in UTF-8 bytes) first, then bytewise. */
export function compareKeys(a: string, b: string): number {
  const la = a.length === utf8Length(a) ? a.length : utf8Length(a);
  const lb = b.length === utf8Length(b) ? b.length : utf8Length(b);
  return la !== lb ? la - lb : compareStrings(a, b);
}

/** A JsonObject from entries (later duplicates win), keys in jsonb order. */
export function makeObject(entries: Iterable<readonly [string, JsonValue]>): JsonObject {
  const tmp = new Map<string, JsonValue>();
  for (const [k, v] of entries) tmp.set(k, v);
  const keys = [...tmp.keys()].sort(compareKeys);
  const out: JsonObject = new Map();
  for (const k of keys) out.set(k, tmp.get(k)!);
  return out;
}

export const isJsonObject = (v: JsonValue): v is JsonObject => v instanceof Map;

// ---- parsing ---------------------------------------------------------------------------------

class JsonParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    /** Build values (jsonb) or only validate (json). */
    private readonly build: boolean,
  ) {}

  /**
   * The top-level value's members with their source text (whitespace around them trimmed), the
   * whole text validated: json_each, json_array_elements and json's `->` keep a json value's
   * text as written. Use on a parser made with `build` false.
   */
  members(): JsonMembers {
    this.ws();
    if (this.pos >= this.text.length) throw this.error('The input string ended unexpectedly.');
    const c = this.text[this.pos];
    let out: JsonMembers;
    if (c === '{' || c === '[') {
      const keys: string[] = [];
      const values: string[] = [];
      const close = c === '{' ? '}' : ']';
      this.pos++;
      this.ws();
      if (this.text[this.pos] === close) this.pos++;
      else {
        for (;;) {
          this.ws();
          if (close === '}') {
            if (this.text[this.pos] !== '"') throw this.tokenError();
            keys.push(this.string());
            this.ws();
            if (this.text[this.pos] !== ':') throw this.tokenError();
            this.pos++;
            this.ws();
          }
          if (this.pos >= this.text.length) throw this.tokenError();
          const start = this.pos;
          this.value(1);
          values.push(this.text.slice(start, this.pos));
          this.ws();
          const d = this.text[this.pos];
          this.pos++;
          if (d === close) break;
          if (d !== ',') {
            this.pos--;
            throw this.tokenError();
          }
        }
      }
      out = close === '}' ? { kind: 'object', keys, values } : { kind: 'array', values };
    } else {
      this.value(0);
      out = { kind: 'scalar' };
    }
    this.ws();
    if (this.pos < this.text.length) throw this.tokenError();
    return out;
  }

  parse(): JsonValue {
    this.ws();
    if (this.pos >= this.text.length) throw this.error('The input string ended unexpectedly.');
    const v = this.value(0);
    this.ws();
    if (this.pos < this.text.length) throw this.tokenError();
    return v;
  }

  private error(detail: string): DbError {
    return new DbError('22P02', 'invalid input syntax for type json', { detail });
  }

  private tokenError(): DbError {
    if (this.pos >= this.text.length) return this.error('The input string ended unexpectedly.');
    const m = /^[A-Za-z0-9_.+-]+/.exec(this.text.slice(this.pos));
    const token = m ? m[0] : this.text[this.pos];
    return this.error(`Token "${token}" is invalid.`);
  }

  private ws(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) this.pos++;
      else break;
    }
  }

  private value(depth: number): JsonValue {
    if (depth > 6400) throw new DbError('54001', 'stack depth limit exceeded');
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (t.startsWith(word, this.pos) && !/[A-Za-z0-9_]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return v;
      }
    }
    throw this.tokenError();
  }

  private object(depth: number): JsonValue {
    this.pos++;
    const entries: [string, JsonValue][] = [];
    this.ws();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return this.build ? new Map() : null;
    }
    for (;;) {
      this.ws();
      if (this.text[this.pos] !== '"') throw this.tokenError();
      const key = this.string();
      this.ws();
      if (this.text[this.pos] !== ':') throw this.tokenError();
      this.pos++;
      this.ws();
      if (this.pos >= this.text.length) throw this.tokenError();
      const v = this.value(depth + 1);
      if (this.build) entries.push([key, v]);
      this.ws();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') break;
      if (c !== ',') {
        this.pos--;
        throw this.tokenError();
      }
    }
    return this.build ? makeObject(entries) : null;
  }

  private array(depth: number): JsonValue {
    this.pos++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.pos >= this.text.length) throw this.tokenError();
      const v = this.value(depth + 1);
      if (this.build) out.push(v);
      this.ws();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') break;
      if (c !== ',') {
        this.pos--;
        throw this.tokenError();
      }
    }
    return out;
  }

  private string(): string {
    const t = this.text;
    let i = this.pos + 1;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= t.length) {
        this.pos = i;
        throw this.error('The input string ended unexpectedly.');
      }
      const c = t.charCodeAt(i);
      if (c === 34) break;
      if (c < 0x20) {
        throw this.error(`Character with value 0x${c.toString(16).padStart(2, '0')} must be escaped.`);
      }
      if (c !== 92) {
        i++;
        continue;
      }
      out += t.slice(start, i);
      const e = t[i + 1];
      i += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex))
            throw this.error('"\\u" must be followed by four hexadecimal digits.');
          const code = Number.parseInt(hex, 16);
          i += 4;
          if (code === 0 && this.build) {
            throw new DbError('22P05', 'unsupported Unicode escape sequence', {
              detail: '\\u0000 cannot be converted to text.',
            });
          }
          out += String.fromCharCode(code);
          break;
        }
        default:
          throw this.error(`Escape sequence "\\${e ?? ''}" is invalid.`);
      }
      start = i;
    }
    out += t.slice(start, i);
    this.pos = i + 1;
    return out;
  }

  private number(): JsonValue {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.text);
    if (!r || /[A-Za-z0-9_.]/.test(this.text[m.lastIndex] ?? '')) throw this.tokenError();
    this.pos = m.lastIndex;
    return this.build ? Numeric.parse(r[0]) : null;
  }
}

/** json_in: validates `text` as JSON and returns it unchanged. Throws 22P02 with a detail. */
export function parseJson(text: string): string {
  new JsonParser(text, false).parse();
  return text;
}

/** jsonb_in. Throws 22P02 `invalid input syntax for type json` (with a detail) or 22P05. */
export function parseJsonb(text: string): Jsonb {
  return new Jsonb(new JsonParser(text, true).parse());
}

/** A json text's top-level members, each as its source text (JsonParser.members). */
export type JsonMembers =
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly values: readonly string[] }
  | { readonly kind: 'array'; readonly values: readonly string[] }
  | { readonly kind: 'scalar' };

/** The members of json text `text`, each as written. Throws 22P02 on invalid JSON. */
export const jsonMembers = (text: string): JsonMembers => new JsonParser(text, false).members();

/**
 * The `->>` text of one json member's source text: a string decoded, `null` SQL NULL, anything
 * else as written.
 */
export function jsonMemberText(member: string): string | null {
  if (member === 'null') return null;
  return member.startsWith('"') ? (new JsonParser(member, true).parse() as string) : member;
}

/** Parses JSON text into a normalized JsonValue (json → jsonb casts, json operators). */
export const parseJsonValue = (text: string): JsonValue => new JsonParser(text, true).parse();

// ---- output ----------------------------------------------------------------------------------

/** PostgreSQL's escape_json: a JSON string literal. */
export function quoteJsonString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = '\\\\';
    else if (c < 0x20) {
      esc =
        c === 8
          ? '\\b'
          : c === 12
            ? '\\f'
            : c === 10
              ? '\\n'
              : c === 13
                ? '\\r'
                : c === 9
                  ? '\\t'
                  : `\\u${c.toString(16).padStart(4, '0')}`;
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return `${out + s.slice(start)}"`;
}

/** jsonb_out of a JsonValue. `indent` (jsonb_pretty) puts each item on its own line. */
export function formatJson(v: JsonValue, indent?: string, level = 0): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return quoteJsonString(v);
  if (v instanceof Numeric) return v.toString();
  const pad = indent === undefined ? '' : `\n${indent.repeat(level + 1)}`;
  const end = indent === undefined ? '' : `\n${indent.repeat(level)}`;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[${pad}${v.map((x) => formatJson(x, indent, level + 1)).join(`,${pad || ' '}`)}${end}]`;
  }
  if (v.size === 0) return '{}';
  const parts: string[] = [];
  for (const [k, x] of v) parts.push(`${quoteJsonString(k)}: ${formatJson(x, indent, level + 1)}`);
  return `{${pad}${parts.join(`,${pad || ' '}`)}${end}}`;
}

// ---- ordering --------------------------------------------------------------------------------

/** Type rank in jsonb's order: Null < String < Number < Boolean < Array < Object. */
function rank(v: JsonValue): number {
  if (v === null) return 0;
  if (typeof v === 'string') return 1;
  if (v instanceof Numeric) return 2;
  if (typeof v === 'boolean') return 3;
  return Array.isArray(v) ? 4 : 5;
}

function compareValue(a: JsonValue, b: JsonValue): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return 0;
    case 1:
      return compareStrings(a as string, b as string);
    case 2:
      return (a as Numeric).cmp(b as Numeric);
    case 3:
      return a === b ? 0 : a ? 1 : -1;
    case 4: {
      const x = a as JsonValue[];
      const y = b as JsonValue[];
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      for (let i = 0; i < x.length; i++) {
        const c = compareValue(x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default: {
      const x = a as JsonObject;
      const y = b as JsonObject;
      if (x.size !== y.size) return x.size < y.size ? -1 : 1;
      const ix = x.entries();
      const iy = y.entries();
      for (let p = ix.next(), q = iy.next(); !p.done && !q.done; p = ix.next(), q = iy.next()) {
        const ck = compareStrings(p.value[0], q.value[0]);
        if (ck !== 0) return ck;
        const cv = compareValue(p.value[1], q.value[1]);
        if (cv !== 0) return cv;
      }
      return 0;
    }
  }
}

/** jsonb_cmp: PostgreSQL's btree order of two jsonb values (see the file comment). */
export function compareJsonb(a: Jsonb, b: Jsonb): number {
  const x = a.value;
  const y = b.value;
  const xo = x instanceof Map;
  const yo = y instanceof Map;
  if (!xo && !yo) {
    // Top-level scalars behave as one-element "raw scalar" arrays.
    const xs = !Array.isArray(x);
    const ys = !Array.isArray(y);
    const lx = xs ? 1 : (x as JsonValue[]).length;
    const ly = ys ? 1 : (y as JsonValue[]).length;
    if (lx !== ly) return lx < ly ? -1 : 1;
    if (xs !== ys) return xs ? -1 : 1;
  } else if (xo !== yo) return xo ? 1 : -1;
  return compareValue(x, y);
}

/** jsonb equality (compareJsonb(a, b) === 0). */
export const jsonbEquals = (a: Jsonb, b: Jsonb): boolean => compareJsonb(a, b) === 0;

/** A key that equal jsonb values share (for hashing): the canonical text. */
export const jsonbKey = (v: Jsonb): string => formatJson(normalizeNumbers(v.value));

function normalizeNumbers(v: JsonValue): JsonValue {
  if (v instanceof Numeric)
    return v.isFinite
      ? Numeric.parse(
          v
            .toString()
            .replace(/(\.\d*?)0+$/, '$1')
            .replace(/\.$/, ''),
        )
      : v;
  if (Array.isArray(v)) return v.map(normalizeNumbers);
  if (v instanceof Map) return makeObject([...v].map(([k, x]) => [k, normalizeNumbers(x)] as const));
  return v;
}
