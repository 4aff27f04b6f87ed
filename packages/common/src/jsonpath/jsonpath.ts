/**
 * The SQL/JSON path language's values (PostgreSQL's `jsonpath` type): the parsed path, its
 * input (PostgreSQL 15's jsonpath_scan.l and jsonpath_gram.y: the same tokens, the same grammar,
 * the same syntax errors `syntax error at or near "…" of jsonpath input` with 42601) and its
 * canonical output (printJsonPathItem: `$.a[*] ? (@ > 1)` prints `$."a"[*]?(@ > 1)`).
 *
 * A path is a tree of items; an accessor chain (`$.a[1].b`) is a list linked through `next`, as
 * in PostgreSQL's flattened form. Evaluation is jsonpath-exec.ts.
 *
 * `like_regex` patterns are compiled when the path is read (an invalid pattern is 2201B on input,
 * as in PostgreSQL); the regular-expression engine lives in the executor, which registers its
 * compiler with `setJsonPathRegexCompiler`.
 */
import { DbError } from '../db-error.js';
import { Numeric } from '../numeric.js';

export type JsonPathBinaryOp =
  | '&&'
  | '||'
  | '=='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | 'starts with';

export type JsonPathMethod = 'type' | 'size' | 'double' | 'ceiling' | 'floor' | 'abs' | 'keyvalue';

/** One item of a path; `next` is the rest of its accessor chain. */
export type JsonPathItem = (
  | { readonly t: 'root' | 'current' | 'last' | 'null' | 'anyArray' | 'anyKey' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'num'; readonly v: Numeric }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'var'; readonly name: string }
  | { readonly t: 'key'; readonly name: string }
  | {
      readonly t: 'binary';
      readonly op: JsonPathBinaryOp;
      readonly left: JsonPathItem;
      readonly right: JsonPathItem;
    }
  | { readonly t: 'unary'; readonly op: '+' | '-'; readonly arg: JsonPathItem }
  | { readonly t: 'not' | 'isUnknown' | 'exists' | 'filter'; readonly arg: JsonPathItem }
  | {
      readonly t: 'likeRegex';
      readonly expr: JsonPathItem;
      readonly pattern: string;
      /** The flags in PostgreSQL's output order (`ismxq`), each at most once. */
      readonly flags: string;
      readonly test: (s: string) => boolean;
    }
  | {
      readonly t: 'index';
      readonly subs: readonly { readonly from: JsonPathItem; readonly to?: JsonPathItem }[];
    }
  /** `.**{first to last}`; LAST is ANY_LAST. */
  | { readonly t: 'any'; readonly first: number; readonly last: number }
  | { readonly t: 'method'; readonly name: JsonPathMethod }
  | { readonly t: 'datetime'; readonly template?: string }
) & { next?: JsonPathItem };

/** `last` as a level of `.**{…}` (PostgreSQL's PG_UINT32_MAX). */
export const ANY_LAST = 0xffffffff;

/** A jsonpath value. Immutable once made. */
export class JsonPath {
  private text?: string;
  constructor(
    readonly strict: boolean,
    readonly expr: JsonPathItem,
  ) {}
  toString(): string {
    this.text ??= formatJsonPath(this);
    return this.text;
  }
}

// ---- the regular-expression hook -------------------------------------------------------------

/** Compiles a like_regex pattern with PostgreSQL's cflags as a flags string (`i`, `n`, `q`). */
export type JsonPathRegexCompiler = (pattern: string, flags: string) => (s: string) => boolean;

let regexCompiler: JsonPathRegexCompiler = (pattern, flags) => {
  const re = new RegExp(pattern, flags.includes('i') ? 'iu' : 'u');
  return (s) => re.test(s);
};

/** The executor's POSIX regular expressions, for like_regex. */
export function setJsonPathRegexCompiler(c: JsonPathRegexCompiler): void {
  regexCompiler = c;
}

// ---- the scanner -----------------------------------------------------------------------------

interface Token {
  /** A punctuation or operator text, a keyword (lower case), or STRING/NUMERIC/INT/VARIABLE/IDENT/EOF. */
  readonly k: string;
  readonly v: string;
  /** What a syntax error at this token names (yytext), or null for `at end of jsonpath input`. */
  readonly near: string | null;
}

/** PostgreSQL's keywords; those marked true must be written in lower case. */
const KEYWORDS: ReadonlyMap<string, boolean> = new Map([
  ['is', false],
  ['to', false],
  ['abs', false],
  ['lax', false],
  ['flag', false],
  ['last', false],
  ['null', true],
  ['size', false],
  ['true', true],
  ['type', false],
  ['with', false],
  ['false', true],
  ['floor', false],
  ['double', false],
  ['exists', false],
  ['starts', false],
  ['strict', false],
  ['ceiling', false],
  ['unknown', false],
  ['datetime', false],
  ['keyvalue', false],
  ['like_regex', false],
]);

const SPECIAL = new Set('?%$.[]{}()|&!=<>@#,*:-+/\\" \t\n\r\f');
const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isOther = (c: string | undefined): boolean => c !== undefined && !SPECIAL.has(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

function syntaxError(message: string, near: string | null): DbError {
  return new DbError(
    '42601',
    near === null
      ? `${message} at end of jsonpath input`
      : `${message} at or near "${near}" of jsonpath input`,
  );
}

class Scanner {
  private pos = 0;
  constructor(private readonly s: string) {}

  next(): Token {
    const s = this.s;
    for (;;) {
      while (this.pos < s.length && isBlank(s[this.pos]!)) this.pos++;
      if (s.startsWith('/*', this.pos)) {
        const end = s.indexOf('*/', this.pos + 2);
        if (end < 0) throw syntaxError('unexpected end of comment', null);
        this.pos = end + 2;
        continue;
      }
      break;
    }
    if (this.pos >= s.length) return { k: 'EOF', v: '', near: null };
    const start = this.pos;
    const c = s[start]!;
    const two = s.slice(start, start + 2);
    if (
      two === '&&' ||
      two === '||' ||
      two === '**' ||
      two === '==' ||
      two === '!=' ||
      two === '<>' ||
      two === '<=' ||
      two === '>='
    ) {
      this.pos += 2;
      return { k: two === '<>' ? '!=' : two, v: two, near: two };
    }
    if (isDigit(c) || (c === '.' && isDigit(s[start + 1]))) return this.number();
    if (c === '$') {
      if (s[start + 1] === '"') {
        this.pos += 2;
        const v = this.quoted();
        return { k: 'VARIABLE', v, near: this.nearAfter() };
      }
      if (isOther(s[start + 1]) || s[start + 1] === '\\') {
        this.pos++;
        const v = this.ident();
        return { k: 'VARIABLE', v, near: this.nearAfter() };
      }
      this.pos++;
      return { k: '$', v: '$', near: '$' };
    }
    if (c === '"') {
      this.pos++;
      const v = this.quoted();
      return { k: 'STRING', v, near: '"' };
    }
    if (isOther(c) || c === '\\') {
      const v = this.ident();
      const kw = KEYWORDS.get(v.toLowerCase());
      const isKeyword = kw !== undefined && (!kw || v === v.toLowerCase());
      return { k: isKeyword ? v.toLowerCase() : 'IDENT', v, near: this.nearAfter() };
    }
    this.pos++;
    return { k: c, v: c, near: c };
  }

  /** yytext after an identifier-like token: the character that ended it, or the end. */
  private nearAfter(): string | null {
    return this.pos < this.s.length ? this.s[this.pos]! : null;
  }

  private number(): Token {
    const s = this.s;
    const start = this.pos;
    let p = start;
    let intDigits = 0;
    while (isDigit(s[p])) {
      p++;
      intDigits++;
    }
    let kind = 'INT';
    // {integer} is 0 or a digit string not starting with 0; "00" is integer + junk.
    if (intDigits > 1 && s[start] === '0') return this.junk(start, start + 1);
    if (s[p] === '.') {
      if (intDigits > 0 || isDigit(s[p + 1])) {
        p++;
        while (isDigit(s[p])) p++;
        kind = 'NUMERIC';
      }
    }
    if (s[p] === 'e' || s[p] === 'E') {
      let q = p + 1;
      if (s[q] === '+' || s[q] === '-') q++;
      if (isDigit(s[q])) {
        while (isDigit(s[q])) q++;
        p = q;
        kind = 'NUMERIC';
      } else if (s[p + 1] === '+' || s[p + 1] === '-') {
        // realfail: `1e+` (the sign is special, so no junk rule matches longer)
        throw syntaxError('invalid numeric literal', s.slice(start, p + 2));
      }
    }
    if (isOther(s[p])) return this.junk(start, p);
    this.pos = p;
    const text = s.slice(start, p);
    return { k: kind, v: text, near: text };
  }

  private junk(start: number, p: number): never {
    let q = p;
    while (isOther(this.s[q])) q++;
    throw syntaxError('trailing junk after numeric literal', this.s.slice(start, q));
  }

  /** An unquoted identifier (escapes allowed), from the current position. */
  private ident(): string {
    let out = '';
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (c === '\\') out += this.escape();
      else if (isOther(c)) {
        out += c;
        this.pos++;
      } else break;
    }
    return out;
  }

  /** The rest of a quoted string, after its opening quote, through the closing one. */
  private quoted(): string {
    let out = '';
    const s = this.s;
    for (;;) {
      if (this.pos >= s.length) throw syntaxError('unexpected end of quoted string', null);
      const c = s[this.pos]!;
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') out += this.escape();
      else {
        out += c;
        this.pos++;
      }
    }
  }

  /** One backslash escape at the current position. */
  private escape(): string {
    const s = this.s;
    const start = this.pos;
    const c = s[start + 1];
    if (c === undefined) throw syntaxError('unexpected end of quoted string', null);
    this.pos += 2;
    switch (c) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      case 'x': {
        const m = /^[0-9A-Fa-f]{2}/.exec(s.slice(this.pos, this.pos + 2));
        if (!m) {
          const bad = /^[0-9A-Fa-f]?/.exec(s.slice(this.pos, this.pos + 1))![0];
          throw syntaxError('invalid hex character sequence', s.slice(start, this.pos + bad.length));
        }
        this.pos += 2;
        const code = Number.parseInt(m[0], 16);
        if (code === 0) throw nulEscape();
        return String.fromCharCode(code);
      }
      case 'u': {
        let code: number;
        const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(s.slice(this.pos, this.pos + 8));
        if (braced) {
          code = Number.parseInt(braced[1]!, 16);
          this.pos += braced[0].length;
        } else {
          const m = /^[0-9A-Fa-f]{4}/.exec(s.slice(this.pos, this.pos + 4));
          if (!m) {
            const bad = /^(\{[0-9A-Fa-f]{0,6}|[0-9A-Fa-f]{0,3})/.exec(s.slice(this.pos))![0];
            throw syntaxError('invalid unicode sequence', s.slice(start, this.pos + bad.length));
          }
          code = Number.parseInt(m[0], 16);
          this.pos += 4;
          if (code >= 0xd800 && code <= 0xdbff) {
            const low = /^\\u([0-9A-Fa-f]{4})/.exec(s.slice(this.pos, this.pos + 6));
            const lc = low ? Number.parseInt(low[1]!, 16) : -1;
            if (lc < 0xdc00 || lc > 0xdfff) {
              throw new DbError('22P02', 'invalid input syntax for type jsonpath', {
                detail: 'Unicode high surrogate must not be followed by another high surrogate.',
              });
            }
            this.pos += 6;
            code = 0x10000 + ((code - 0xd800) << 10) + (lc - 0xdc00);
          } else if (code >= 0xdc00 && code <= 0xdfff) {
            throw new DbError('22P02', 'invalid input syntax for type jsonpath', {
              detail: 'Unicode low surrogate must follow a high surrogate.',
            });
          }
        }
        if (code === 0) throw nulEscape();
        if (code > 0x10ffff) throw syntaxError('invalid unicode sequence', s.slice(start, this.pos));
        return String.fromCodePoint(code);
      }
      default:
        return c;
    }
  }
}

const nulEscape = (): DbError =>
  new DbError('22P05', 'unsupported Unicode escape sequence', {
    detail: '\\u0000 cannot be converted to text.',
  });

// ---- the parser ------------------------------------------------------------------------------

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const METHODS = new Set<string>(['abs', 'size', 'type', 'floor', 'double', 'ceiling', 'keyvalue']);
/** Tokens that may follow `.` as a key: identifiers, strings and every keyword. */
const isKeyToken = (t: Token): boolean => t.k === 'IDENT' || t.k === 'STRING' || KEYWORDS.has(t.k);

/** An expression or a predicate, as the grammar keeps them apart. */
interface Parsed {
  readonly item: JsonPathItem;
  readonly pred: boolean;
}

class Parser {
  private tok: Token;
  private readonly scanner: Scanner;
  constructor(text: string) {
    this.scanner = new Scanner(text);
    this.tok = this.scanner.next();
  }

  private advance(): Token {
    const t = this.tok;
    this.tok = this.scanner.next();
    return t;
  }

  /** Is the current token `k`? (A call, so that TypeScript does not narrow the token.) */
  private at(k: string): boolean {
    return this.tok.k === k;
  }

  private fail(): never {
    throw syntaxError('syntax error', this.tok.near);
  }

  private expect(k: string): Token {
    if (this.tok.k !== k) this.fail();
    return this.advance();
  }

  /** result: mode expr_or_predicate | EMPTY. Undefined for the empty input. */
  parse(): JsonPath | undefined {
    if (this.tok.k === 'EOF') return undefined;
    let strict = false;
    if (this.tok.k === 'strict' || this.tok.k === 'lax') {
      strict = this.advance().k === 'strict';
    }
    const r = this.exprOrPredicate(0);
    if (this.tok.k !== 'EOF') this.fail();
    return new JsonPath(strict, r.item);
  }

  /**
   * An expression or predicate whose binary operators bind tighter than `minPrec` (OR 1, AND 2,
   * comparison 3, + - 4, * / % 5), by precedence climbing over the grammar's operators.
   */
  private exprOrPredicate(minPrec: number): Parsed {
    let left = this.unary(minPrec >= 4);
    for (;;) {
      const k = this.tok.k;
      if (k === '||' || k === '&&') {
        const prec = k === '||' ? 1 : 2;
        if (prec < minPrec) return left;
        if (!left.pred) this.fail();
        this.advance();
        const right = this.exprOrPredicate(prec + 1);
        if (!right.pred) this.fail();
        left = { item: { t: 'binary', op: k, left: left.item, right: right.item }, pred: true };
        continue;
      }
      if (COMPARISONS.has(k) || k === 'starts' || k === 'like_regex') {
        if (minPrec > 3) return left;
        if (left.pred) this.fail();
        this.advance();
        if (k === 'starts') {
          this.expect('with');
          if (this.tok.k !== 'STRING' && this.tok.k !== 'VARIABLE') this.fail();
          const t = this.advance();
          const right: JsonPathItem = t.k === 'STRING' ? { t: 'str', v: t.v } : { t: 'var', name: t.v };
          left = { item: { t: 'binary', op: 'starts with', left: left.item, right }, pred: true };
        } else if (k === 'like_regex') {
          const pattern = this.expect('STRING').v;
          let flags = '';
          if (this.tok.k === 'flag') {
            this.advance();
            flags = this.expect('STRING').v;
          }
          left = { item: likeRegex(left.item, pattern, flags), pred: true };
        } else {
          const right = this.exprOrPredicate(4);
          if (right.pred) this.fail();
          left = {
            item: { t: 'binary', op: k as JsonPathBinaryOp, left: left.item, right: right.item },
            pred: true,
          };
        }
        // A predicate cannot be compared again (`a == b == c`): the loop's next comparison fails.
        continue;
      }
      if (k === '+' || k === '-' || k === '*' || k === '/' || k === '%') {
        const prec = k === '+' || k === '-' ? 4 : 5;
        if (prec < minPrec) return left;
        if (left.pred) this.fail();
        this.advance();
        const right = this.exprOrPredicate(prec + 1);
        if (right.pred) this.fail();
        left = { item: { t: 'binary', op: k, left: left.item, right: right.item }, pred: false };
        continue;
      }
      return left;
    }
  }

  /** A unary expression, or (unless `exprOnly`) a predicate that starts with `!` or `exists`. */
  private unary(exprOnly: boolean): Parsed {
    const k = this.tok.k;
    if (exprOnly && (k === '!' || k === 'exists')) this.fail();
    if (k === '+' || k === '-') {
      this.advance();
      const arg = this.unary(true);
      if (arg.pred) this.fail();
      return { item: makeUnary(k, arg.item), pred: false };
    }
    if (k === '!') {
      this.advance();
      const arg = this.delimitedPredicate();
      return { item: { t: 'not', arg }, pred: true };
    }
    if (k === 'exists') {
      return { item: this.existsPredicate(), pred: true };
    }
    if (k === '(') {
      this.advance();
      const inner = this.exprOrPredicate(0);
      this.expect(')');
      if (inner.pred && this.tok.k === 'is') {
        this.advance();
        this.expect('unknown');
        return { item: { t: 'isUnknown', arg: inner.item }, pred: true };
      }
      if (this.isAccessorStart()) return { item: this.accessors(inner.item), pred: false };
      return inner;
    }
    return { item: this.accessors(this.primary()), pred: false };
  }

  private existsPredicate(): JsonPathItem {
    this.expect('exists');
    this.expect('(');
    const arg = this.exprOrPredicate(4);
    if (arg.pred) this.fail();
    this.expect(')');
    return { t: 'exists', arg: arg.item };
  }

  /** delimited_predicate: '(' predicate ')' | EXISTS '(' expr ')'. */
  private delimitedPredicate(): JsonPathItem {
    if (this.tok.k === 'exists') return this.existsPredicate();
    this.expect('(');
    const inner = this.exprOrPredicate(0);
    if (!inner.pred) this.fail();
    this.expect(')');
    return inner.item;
  }

  private primary(): JsonPathItem {
    const t = this.tok;
    switch (t.k) {
      case 'STRING':
        this.advance();
        return { t: 'str', v: t.v };
      case 'null':
        this.advance();
        return { t: 'null' };
      case 'true':
      case 'false':
        this.advance();
        return { t: 'bool', v: t.k === 'true' };
      case 'NUMERIC':
      case 'INT':
        this.advance();
        return { t: 'num', v: Numeric.parse(t.v) };
      case 'VARIABLE':
        this.advance();
        return { t: 'var', name: t.v };
      case '$':
        this.advance();
        return { t: 'root' };
      case '@':
        this.advance();
        return { t: 'current' };
      case 'last':
        this.advance();
        return { t: 'last' };
      default:
        this.fail();
    }
  }

  private isAccessorStart(): boolean {
    const k = this.tok.k;
    return k === '.' || k === '[' || k === '?';
  }

  /** Accessor operators after `head`, appended to its chain. */
  private accessors(head: JsonPathItem): JsonPathItem {
    let tail = head;
    while (tail.next) tail = tail.next;
    while (this.isAccessorStart()) {
      const op = this.accessor();
      tail.next = op;
      tail = op;
    }
    return head;
  }

  private accessor(): JsonPathItem {
    const k = this.advance().k;
    if (k === '?') {
      this.expect('(');
      const p = this.exprOrPredicate(0);
      if (!p.pred) this.fail();
      this.expect(')');
      return { t: 'filter', arg: p.item };
    }
    if (k === '[') {
      if (this.tok.k === '*') {
        this.advance();
        this.expect(']');
        return { t: 'anyArray' };
      }
      const subs: { from: JsonPathItem; to?: JsonPathItem }[] = [];
      for (;;) {
        const from = this.exprOrPredicate(4);
        if (from.pred) this.fail();
        let to: JsonPathItem | undefined;
        if (this.tok.k === 'to') {
          this.advance();
          const e = this.exprOrPredicate(4);
          if (e.pred) this.fail();
          to = e.item;
        }
        subs.push(to === undefined ? { from: from.item } : { from: from.item, to });
        if (this.tok.k === ',') {
          this.advance();
          continue;
        }
        this.expect(']');
        return { t: 'index', subs };
      }
    }
    // '.'
    const t = this.tok;
    if (t.k === '*') {
      this.advance();
      return { t: 'anyKey' };
    }
    if (t.k === '**') {
      this.advance();
      if (this.tok.k !== '{') return { t: 'any', first: 0, last: ANY_LAST };
      this.advance();
      const first = this.anyLevel();
      let last = first;
      if (this.at('to')) {
        this.advance();
        last = this.anyLevel();
      }
      this.expect('}');
      return { t: 'any', first, last };
    }
    if (!isKeyToken(t)) this.fail();
    this.advance();
    if (this.tok.k === '(' && (METHODS.has(t.k) || t.k === 'datetime')) {
      this.advance();
      if (t.k === 'datetime') {
        let template: string | undefined;
        if (this.at('STRING')) template = this.advance().v;
        this.expect(')');
        return template === undefined ? { t: 'datetime' } : { t: 'datetime', template };
      }
      this.expect(')');
      return { t: 'method', name: t.k as JsonPathMethod };
    }
    return { t: 'key', name: t.v };
  }

  private anyLevel(): number {
    if (this.tok.k === 'last') {
      this.advance();
      return ANY_LAST;
    }
    const t = this.expect('INT');
    const n = Number(t.v);
    if (n > 2147483647) throw new DbError('22003', `value "${t.v}" is out of range for type integer`);
    return n;
  }
}

/** PostgreSQL's makeItemUnary: a sign before a plain numeric literal folds into it. */
function makeUnary(op: '+' | '-', arg: JsonPathItem): JsonPathItem {
  if (arg.t === 'num' && arg.next === undefined) return op === '+' ? arg : { t: 'num', v: arg.v.neg() };
  return { t: 'unary', op, arg };
}

function likeRegex(expr: JsonPathItem, pattern: string, flagText: string): JsonPathItem {
  let set = 0;
  for (const f of flagText) {
    const bit = 'ismxq'.indexOf(f);
    if (bit < 0) {
      throw new DbError('42601', 'invalid input syntax for type jsonpath', {
        detail: `Unrecognized flag character "${f}" in LIKE_REGEX predicate.`,
      });
    }
    set |= 1 << bit;
  }
  const flags = [...'ismxq'].filter((_, i) => set & (1 << i)).join('');
  const quote = flags.includes('q');
  if (!quote && flags.includes('x')) {
    throw new DbError('0A000', 'XQuery "x" flag (expanded regular expressions) is not implemented');
  }
  // jspConvertRegexFlags: POSIX's dotall is the default; without `s` the match is newline-sensitive.
  const cflags = `${flags.includes('i') ? 'i' : ''}${quote ? 'q' : flags.includes('s') ? '' : 'n'}`;
  const test = regexCompiler(pattern, cflags);
  return { t: 'likeRegex', expr, pattern, flags, test };
}

/** Checks PostgreSQL makes while flattening: `@` only inside filters, `last` only in subscripts. */
function checkPlacement(item: JsonPathItem, inFilter: boolean, inSubscript: boolean): void {
  for (let it: JsonPathItem | undefined = item; it !== undefined; it = it.next) {
    switch (it.t) {
      case 'current':
        if (!inFilter) throw new DbError('42601', '@ is not allowed in root expressions');
        break;
      case 'last':
        if (!inSubscript) throw new DbError('42601', 'LAST is allowed only in array subscripts');
        break;
      case 'binary':
        checkPlacement(it.left, inFilter, inSubscript);
        checkPlacement(it.right, inFilter, inSubscript);
        break;
      case 'unary':
      case 'not':
      case 'isUnknown':
      case 'exists':
        checkPlacement(it.arg, inFilter, inSubscript);
        break;
      case 'filter':
        checkPlacement(it.arg, true, inSubscript);
        break;
      case 'likeRegex':
        checkPlacement(it.expr, inFilter, inSubscript);
        break;
      case 'index':
        for (const s of it.subs) {
          checkPlacement(s.from, inFilter, true);
          if (s.to) checkPlacement(s.to, inFilter, true);
        }
        break;
      default:
        break;
    }
  }
}

/** jsonpath_in. Throws 42601 for a syntax error, 22P02 for an empty path. */
export function parseJsonPath(text: string): JsonPath {
  const path = new Parser(text).parse();
  if (path === undefined) throw new DbError('22P02', `invalid input syntax for type jsonpath: "${text}"`);
  checkPlacement(path.expr, false, false);
  return path;
}

// ---- output ----------------------------------------------------------------------------------

function priority(it: JsonPathItem): number {
  if (it.t === 'binary') {
    switch (it.op) {
      case '||':
        return 0;
      case '&&':
        return 1;
      case '+':
      case '-':
        return 3;
      case '*':
      case '/':
      case '%':
        return 4;
      default:
        return 2;
    }
  }
  return it.t === 'unary' ? 5 : 6;
}

/** escape_json: a JSON string literal. */
export function escapeJsonPathString(s: string): string {
  let out = '"';
  for (const ch of s) {
    switch (ch) {
      case '"':
        out += '\\"';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '\b':
        out += '\\b';
        break;
      case '\f':
        out += '\\f';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      default: {
        const c = ch.charCodeAt(0);
        out += c < 0x20 ? `\\u${c.toString(16).padStart(4, '0')}` : ch;
      }
    }
  }
  return `${out}"`;
}

function printItem(it: JsonPathItem, inKey: boolean, brackets: boolean, out: string[]): void {
  switch (it.t) {
    case 'null':
      out.push('null');
      break;
    case 'key':
      if (inKey) out.push('.');
      out.push(escapeJsonPathString(it.name));
      break;
    case 'str':
      out.push(escapeJsonPathString(it.v));
      break;
    case 'var':
      out.push('$', escapeJsonPathString(it.name));
      break;
    case 'num':
      if (it.next) out.push('(', it.v.toString(), ')');
      else out.push(it.v.toString());
      break;
    case 'bool':
      out.push(it.v ? 'true' : 'false');
      break;
    case 'binary': {
      if (brackets) out.push('(');
      const p = priority(it);
      printItem(it.left, false, priority(it.left) <= p, out);
      out.push(' ', it.op, ' ');
      printItem(it.right, false, priority(it.right) <= p, out);
      if (brackets) out.push(')');
      break;
    }
    case 'likeRegex':
      if (brackets) out.push('(');
      printItem(it.expr, false, priority(it.expr) <= 6, out);
      out.push(' like_regex ', escapeJsonPathString(it.pattern));
      if (it.flags !== '') out.push(' flag "', it.flags, '"');
      if (brackets) out.push(')');
      break;
    case 'unary':
      if (brackets) out.push('(');
      out.push(it.op);
      printItem(it.arg, false, priority(it.arg) <= 5, out);
      if (brackets) out.push(')');
      break;
    case 'filter':
      out.push('?(');
      printItem(it.arg, false, false, out);
      out.push(')');
      break;
    case 'not':
      out.push('!(');
      printItem(it.arg, false, false, out);
      out.push(')');
      break;
    case 'isUnknown':
      out.push('(');
      printItem(it.arg, false, false, out);
      out.push(') is unknown');
      break;
    case 'exists':
      out.push('exists (');
      printItem(it.arg, false, false, out);
      out.push(')');
      break;
    case 'current':
      out.push('@');
      break;
    case 'root':
      out.push('$');
      break;
    case 'last':
      out.push('last');
      break;
    case 'anyArray':
      out.push('[*]');
      break;
    case 'anyKey':
      if (inKey) out.push('.');
      out.push('*');
      break;
    case 'index':
      out.push('[');
      it.subs.forEach((s, i) => {
        if (i > 0) out.push(',');
        printItem(s.from, false, false, out);
        if (s.to) {
          out.push(' to ');
          printItem(s.to, false, false, out);
        }
      });
      out.push(']');
      break;
    case 'any': {
      if (inKey) out.push('.');
      const { first, last } = it;
      if (first === 0 && last === ANY_LAST) out.push('**');
      else if (first === last) out.push(first === ANY_LAST ? '**{last}' : `**{${first}}`);
      else if (first === ANY_LAST) out.push(`**{last to ${last}}`);
      else if (last === ANY_LAST) out.push(`**{${first} to last}`);
      else out.push(`**{${first} to ${last}}`);
      break;
    }
    case 'method':
      out.push('.', it.name, '()');
      break;
    case 'datetime':
      out.push('.datetime(');
      if (it.template !== undefined) out.push(escapeJsonPathString(it.template));
      out.push(')');
      break;
  }
  if (it.next) printItem(it.next, true, true, out);
}

/** jsonpath_out: the canonical text. */
export function formatJsonPath(p: JsonPath): string {
  const out: string[] = p.strict ? ['strict '] : [];
  printItem(p.expr, false, true, out);
  return out.join('');
}

// ---- binary I/O ------------------------------------------------------------------------------

/** jsonpath_send: version 1, then the text. */
export function jsonPathSend(p: JsonPath): Uint8Array {
  const text = new TextEncoder().encode(p.toString());
  const out = new Uint8Array(text.length + 1);
  out[0] = 1;
  out.set(text, 1);
  return out;
}

/** jsonpath_recv. Throws 22P03 for another version. */
export function jsonPathRecv(bytes: Uint8Array): JsonPath {
  if (bytes.length === 0 || bytes[0] !== 1) {
    throw new DbError('22P03', `unsupported jsonpath version number: ${bytes.length === 0 ? 0 : bytes[0]}`);
  }
  return parseJsonPath(new TextDecoder().decode(bytes.subarray(1)));
}
