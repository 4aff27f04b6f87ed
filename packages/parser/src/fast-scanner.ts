/**
 * The fast-path parser's tokenizer: the few tokens of the statements fast-parse.ts handles, read
 * straight from the text with character codes, and BAIL for anything it does not model exactly.
 *
 * It agrees with the ANTLR lexer (grammar/PostgreSqlLexer.g4) on every token it returns:
 * - whitespace is space, tab, CR, LF; a comment (`--`, `/*`) or any other control character is
 *   BAIL (comments in bulk loads are rare, and they interact with string continuation);
 * - words are ASCII `[a-z_][a-z0-9_$]*`, case-folded; a word run into a non-ASCII character or
 *   into a quote (`E'…'`, `B'…'`, `U&…` typed strings) is BAIL;
 * - numbers are ICONST (`Digit+`) or FCONST (with `.` and/or an exponent), kept as written; a
 *   number run into a name (`1abc`, PostgreSQL 15's trailing junk) is BAIL;
 * - strings are standard `'…'` (`''` is a quote, backslash is an ordinary character); an
 *   unterminated one is BAIL; a string continued on the next line (`'a'\n'b'`) is two STRING
 *   tokens here, which no fast-path rule accepts, so the statement falls back;
 * - quoted identifiers `"…"` (`""` is a quote); empty, unterminated or longer than 63 bytes (which
 *   the builder would truncate) is BAIL;
 * - a string or quoted identifier holding a surrogate pair is BAIL: ANTLR's locations count code
 *   points, ours UTF-16 units, so every later location would differ;
 * - `$n` parameters of at most 9 digits; `$` anything else (dollar quotes) is BAIL;
 * - punctuation `( ) , ; . - ::`; every other operator character is BAIL.
 *
 * One scanner per parse; `next()` advances and sets the public fields (no token objects).
 */

export const T_END: number = 0;
export const T_WORD: number = 1;
export const T_QUOTED: number = 2;
export const T_INTEGER: number = 3;
export const T_NUMERIC: number = 4;
export const T_STRING: number = 5;
export const T_PARAM: number = 6;
export const T_PUNCT: number = 7;
export const T_BAIL: number = 8;

/** The `::` punctuation's `punct` code (two colons). */
export const P_CAST: number = 0x3a3a;

const MAX_IDENTIFIER_BYTES = 63;
const SURROGATE = /[\uD800-\uDFFF]/;

/** See the file comment. Synchronous; never throws. */
export class FastScanner {
  /** Kind of the current token (T_*). */
  type = T_END;
  /** Offsets of the current token: [start, end). */
  start = 0;
  end = 0;
  /**
   * The current token's text: a word lower-cased, a quoted identifier's or string's value, a
   * number as written. Empty for punctuation and parameters.
   */
  text = '';
  /** Punctuation: its character code (P_CAST for `::`). Parameter: its number. */
  code = 0;
  #pos = 0;

  constructor(readonly sql: string) {}

  /** Reads the next token into the fields. */
  next(): void {
    const sql = this.sql;
    const n = sql.length;
    let p = this.#pos;
    let c = 0;
    while (p < n) {
      c = sql.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.start = p;
    this.text = '';
    if (p >= n) {
      this.#set(T_END, p);
      return;
    }
    if (isLetter(c) || c === 0x5f) {
      let e = p + 1;
      let upper = c >= 0x41 && c <= 0x5a;
      for (; e < n; e++) {
        const d = sql.charCodeAt(e);
        if (isLetter(d) || isDigit(d) || d === 0x5f || d === 0x24) {
          if (d >= 0x41 && d <= 0x5a) upper = true;
          continue;
        }
        if (d >= 0x80 || d === 0x27 || d === 0x22 || d === 0x26) {
          this.#bail(e);
          return;
        }
        break;
      }
      const word = sql.slice(p, e);
      // Longer words would be truncated by the builder: no keyword or name here is that long.
      if (e - p > MAX_IDENTIFIER_BYTES) {
        this.#bail(e);
        return;
      }
      this.text = upper ? word.toLowerCase() : word;
      this.#set(T_WORD, e);
      return;
    }
    if (isDigit(c) || (c === 0x2e && isDigit(sql.charCodeAt(p + 1)))) {
      this.#number(p);
      return;
    }
    switch (c) {
      case 0x27: {
        this.#string(p);
        return;
      }
      case 0x22: {
        this.#quoted(p);
        return;
      }
      case 0x24: {
        this.#param(p);
        return;
      }
      case 0x3a:
        if (sql.charCodeAt(p + 1) !== 0x3a) {
          this.#bail(p);
          return;
        }
        this.code = P_CAST;
        this.#set(T_PUNCT, p + 2);
        return;
      case 0x2d: {
        // `--` starts a comment; `-` then another operator character is an operator run.
        const d = sql.charCodeAt(p + 1);
        if (isOperatorChar(d)) {
          this.#bail(p);
          return;
        }
        this.code = c;
        this.#set(T_PUNCT, p + 1);
        return;
      }
      case 0x28:
      case 0x29:
      case 0x2c:
      case 0x3b:
      case 0x2e:
        this.code = c;
        this.#set(T_PUNCT, p + 1);
        return;
      default: {
        this.#bail(p);
        return;
      }
    }
  }

  /** Is the current token punctuation `code`? */
  isPunct(code: number): boolean {
    return this.type === T_PUNCT && this.code === code;
  }

  /** Is the current token the word `word` (lower case)? */
  isWord(word: string): boolean {
    return this.type === T_WORD && this.text === word;
  }

  #set(type: number, end: number): void {
    this.type = type;
    this.end = end;
    this.#pos = end;
  }

  #bail(at: number): void {
    this.type = T_BAIL;
    this.end = at;
    this.#pos = this.sql.length;
  }

  #number(p: number): void {
    const sql = this.sql;
    const n = sql.length;
    let e = p;
    let numeric = false;
    while (e < n && isDigit(sql.charCodeAt(e))) e++;
    if (e < n && sql.charCodeAt(e) === 0x2e) {
      numeric = true;
      e++;
      while (e < n && isDigit(sql.charCodeAt(e))) e++;
    }
    let c = sql.charCodeAt(e);
    if (c === 0x65 || c === 0x45) {
      let x = e + 1;
      const s = sql.charCodeAt(x);
      if (s === 0x2b || s === 0x2d) x++;
      if (!isDigit(sql.charCodeAt(x))) {
        this.#bail(e);
        return;
      }
      while (x < n && isDigit(sql.charCodeAt(x))) x++;
      numeric = true;
      e = x;
      c = sql.charCodeAt(e);
    }
    // Trailing junk (`123abc`), a second point, or a non-ASCII character: leave it to ANTLR.
    if (isLetter(c) || c === 0x5f || c === 0x2e || c === 0x24 || c >= 0x80) {
      this.#bail(e);
      return;
    }
    this.text = sql.slice(p, e);
    this.#set(numeric ? T_NUMERIC : T_INTEGER, e);
  }

  #string(p: number): void {
    const body = this.#delimited(p, "'");
    // ANTLR counts locations in code points: after a surrogate pair ours (UTF-16) would differ.
    if (body === undefined || SURROGATE.test(body)) {
      this.#bail(p);
      return;
    }
    this.text = body;
    this.#set(T_STRING, this.#end);
  }

  #quoted(p: number): void {
    const name = this.#delimited(p, '"');
    if (
      name === undefined ||
      name.length === 0 ||
      Buffer.byteLength(name) > MAX_IDENTIFIER_BYTES ||
      SURROGATE.test(name)
    ) {
      this.#bail(p);
      return;
    }
    this.text = name;
    this.#set(T_QUOTED, this.#end);
  }

  /** Where the last `#delimited` token ended (after its closing quote). */
  #end = 0;

  /**
   * The body of the token quoted by `quote` that opens at `p`, a doubled quote read as one; its
   * end goes to `#end`. Undefined when the quote never closes.
   */
  #delimited(p: number, quote: "'" | '"'): string | undefined {
    const sql = this.sql;
    const code = quote.charCodeAt(0);
    let e = p + 1;
    let doubled = false;
    for (;;) {
      const q = sql.indexOf(quote, e);
      if (q < 0) return undefined;
      if (sql.charCodeAt(q + 1) === code) {
        doubled = true;
        e = q + 2;
        continue;
      }
      this.#end = q + 1;
      const body = sql.slice(p + 1, q);
      return doubled ? body.replaceAll(quote + quote, quote) : body;
    }
  }

  #param(p: number): void {
    const sql = this.sql;
    let e = p + 1;
    let value = 0;
    while (e < sql.length && isDigit(sql.charCodeAt(e))) {
      value = value * 10 + (sql.charCodeAt(e) - 0x30);
      e++;
    }
    if (e === p + 1 || e - p > 10) {
      this.#bail(p);
      return;
    }
    this.code = value;
    this.#set(T_PARAM, e);
  }
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The lexer's OpChar set: `~!@#^&|\`?+-*\/%<>=`. */
function isOperatorChar(c: number): boolean {
  switch (c) {
    case 0x7e:
    case 0x21:
    case 0x40:
    case 0x23:
    case 0x5e:
    case 0x26:
    case 0x7c:
    case 0x60:
    case 0x3f:
    case 0x2b:
    case 0x2d:
    case 0x2a:
    case 0x2f:
    case 0x25:
    case 0x3c:
    case 0x3e:
    case 0x3d:
      return true;
    default:
      return false;
  }
}
