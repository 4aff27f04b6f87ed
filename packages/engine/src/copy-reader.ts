/**
 * CopyReader: COPY FROM's data → records of fields, streaming. PostgreSQL's CopyReadLine and
 * CopyReadAttributesText / CopyReadAttributesCSV (copyfromparse.c), rules and messages kept:
 *
 * LINES. Data arrives in chunks cut anywhere (inside a line, a quoted field, a multi-byte
 * character, between CR and LF); `push` keeps the unfinished tail and hands out only complete
 * records, so memory holds one record plus one chunk, never the whole COPY. The end of line is
 * the first line's (LF, CRLF or CR); another kind later is an error (`literal carriage return
 * found in data`). A last line without a newline is still a record. In text format `\.` before
 * a newline ends the data (anywhere in a line, as in PostgreSQL); in CSV only a line that is
 * exactly `\.` does.
 *
 * TEXT FORMAT. Fields are split at the delimiter. A backslash escapes the next character, even a
 * newline (so `\` + LF is a newline in the data): `\b \f \n \r \t \v`, `\ooo` (1–3 octal digits),
 * `\xhh` (1–2 hex digits) and `\c` for any other c. Octal and hex escapes produce bytes, checked
 * as UTF-8 afterwards. A field whose raw text equals the NULL string (`\N`) is NULL.
 *
 * CSV. A quote starts and ends quoted text anywhere in a field; inside it the escape character
 * (the quote by default, so `""`) makes the next quote or escape literal, and delimiters and
 * newlines are data. A field is NULL when, unquoted, it equals the NULL string (empty by default,
 * so `""` is an empty string) — FORCE_NOT_NULL columns never, FORCE_NULL columns even quoted.
 *
 * Errors are 22P04 (`missing data for column`, `extra data after last expected column`,
 * `unterminated CSV quoted field`, …) and 22021 for invalid UTF-8; the caller adds the CONTEXT.
 */
import { DbError } from '@rustydb/common';
import type { CopyOptions } from './copy-options.js';

/** One record: its fields (null for NULL) and its text (for error context). */
export interface CopyRecord {
  readonly fields: readonly (string | null)[];
  readonly line: string;
}

const badFormat = (message: string, hint?: string): DbError =>
  new DbError('22P04', message, hint === undefined ? {} : { hint });

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The index of `ch` in `s` from `from`, or `s.length` when there is none. */
function nextIndex(s: string, ch: string, from: number): number {
  const at = s.indexOf(ch, from);
  return at < 0 ? s.length : at;
}

/** Sync; one per COPY. */
export class CopyReader {
  /** Text received but not yet returned as records. */
  private pending = '';
  /** Where the scan of `pending` for the current record's end resumes. */
  private scanned = 0;
  private inQuote = false;
  private lastWasEscape = false;
  private eol: '\n' | '\r\n' | '\r' | undefined;
  private ended = false;
  private readonly csv: boolean;
  /** Per column: a raw NULL string never reads as NULL (FORCE_NOT_NULL). */
  private readonly notNull: readonly boolean[];
  /** Per column: a quoted NULL string reads as NULL too (FORCE_NULL). */
  private readonly quotedNull: readonly boolean[];

  constructor(
    private readonly opts: CopyOptions,
    private readonly columns: readonly string[],
  ) {
    this.csv = opts.format === 'csv';
    const pick = (cols: readonly string[] | '*') => columns.map((c) => cols === '*' || cols.includes(c));
    this.notNull = pick(opts.forceNotNull);
    this.quotedNull = pick(opts.forceNull);
  }

  /** True once the end-of-data marker `\.` was read: later data is ignored. */
  get sawEndMarker(): boolean {
    return this.ended;
  }

  /**
   * Feeds decoded text; calls `onRecord` for each complete record, in order. `last` marks the end
   * of the data: an unfinished line becomes the last record. @throws DbError 22P04.
   */
  push(text: string, last: boolean, onRecord: (line: string) => void): void {
    if (this.ended) return;
    this.pending = this.scanned === 0 && this.pending === '' ? text : this.pending + text;
    let start = 0;
    let i = this.scanned;
    const s = this.pending;
    // Text format: the next backslash and CR, found natively; between them only LF matters.
    let backslash = this.csv ? -1 : nextIndex(s, '\\', i);
    let cr = this.csv ? -1 : nextIndex(s, '\r', i);
    while (i < s.length) {
      if (!this.csv && i < backslash && i < cr) {
        // Straight to the next special character; a line break is a record.
        const lf = nextIndex(s, '\n', i);
        const next = Math.min(lf, backslash, cr);
        if (next >= s.length) {
          i = s.length;
          break;
        }
        i = next;
      }
      if (!this.csv) {
        if (i >= backslash) backslash = nextIndex(s, '\\', i);
        if (i >= cr) cr = nextIndex(s, '\r', i);
      }
      const c = s.charCodeAt(i);
      if (this.csv) {
        if (this.inQuote || c === QUOTE(this.opts) || c === ESCAPE(this.opts)) {
          this.trackQuote(c);
          if (this.inQuote || c === QUOTE(this.opts)) {
            i++;
            continue;
          }
        }
        if (c === 0x5c && i === start && this.isEndMarker(s, i, last)) {
          this.ended = true;
          break;
        }
      } else if (c === 0x5c) {
        if (i + 1 >= s.length && !last) break; // wait for the escaped character
        if (s.charCodeAt(i + 1) === 0x2e) {
          // `\.` at the end of a chunk: the end marker if a line end follows, so wait for it.
          if (i + 2 >= s.length && !last) break;
          const after = s.charCodeAt(i + 2);
          if (i + 2 < s.length && after !== 0x0a && after !== 0x0d)
            throw badFormat('end-of-copy marker corrupt');
          // The data before `\.` on this line is the last record.
          if (i > start) onRecord(s.slice(start, i));
          this.ended = true;
          break;
        }
        i += 2;
        continue;
      }
      if (c === 0x0a || c === 0x0d) {
        if (c === 0x0d && i + 1 >= s.length && !last) break; // a CR whose LF may follow
        const eol = c === 0x0a ? '\n' : s.charCodeAt(i + 1) === 0x0a ? '\r\n' : '\r';
        this.checkEol(eol);
        onRecord(s.slice(start, i));
        i += eol.length;
        start = i;
        continue;
      }
      i++;
    }
    if (this.ended) {
      this.pending = '';
      this.scanned = 0;
      return;
    }
    if (last) {
      if (this.csv && this.inQuote) throw badFormat('unterminated CSV quoted field');
      if (start < s.length) onRecord(s.slice(start));
      this.pending = '';
      this.scanned = 0;
      return;
    }
    this.pending = s.slice(start);
    this.scanned = Math.min(i, s.length) - start;
  }

  /** Splits one record into fields. @throws DbError 22P04 on a wrong field count, 22021. */
  fields(line: string): (string | null)[] {
    const out = this.csv ? this.csvFields(line) : this.textFields(line);
    if (out.length < this.columns.length) {
      // NB: one empty field for a one-column table is an empty line: that reads as one field.
      throw badFormat(`missing data for column "${this.columns[out.length]}"`);
    }
    if (out.length > this.columns.length) throw badFormat('extra data after last expected column');
    return out;
  }

  /** The fields of a header line, raw (for HEADER MATCH). */
  headerFields(line: string): (string | null)[] {
    return this.csv ? this.csvFields(line) : this.textFields(line);
  }

  private isEndMarker(s: string, i: number, last: boolean): boolean {
    if (s.charCodeAt(i + 1) !== 0x2e) return false;
    const after = i + 2 < s.length ? s.charCodeAt(i + 2) : -1;
    return after === 0x0a || after === 0x0d || (after === -1 && last);
  }

  private trackQuote(c: number): void {
    const quote = QUOTE(this.opts);
    // As PostgreSQL: an escape equal to the quote is no escape here, the quote just toggles.
    const esc = ESCAPE(this.opts) === quote ? -1 : ESCAPE(this.opts);
    if (this.inQuote && c === esc) this.lastWasEscape = !this.lastWasEscape;
    if (c === quote && !this.lastWasEscape) this.inQuote = !this.inQuote;
    if (c !== esc) this.lastWasEscape = false;
  }

  private checkEol(eol: '\n' | '\r\n' | '\r'): void {
    if (this.eol === undefined) {
      this.eol = eol;
      return;
    }
    if (eol === this.eol) return;
    const cr = eol === '\r' || (eol === '\r\n' && this.eol === '\n');
    if (this.csv) {
      throw cr
        ? badFormat(
            'unquoted carriage return found in data',
            'Use quoted CSV field to represent carriage return.',
          )
        : badFormat('unquoted newline found in data', 'Use quoted CSV field to represent newline.');
    }
    throw cr
      ? badFormat('literal carriage return found in data', 'Use "\\r" to represent carriage return.')
      : badFormat('literal newline found in data', 'Use "\\n" to represent newline.');
  }

  private textFields(line: string): (string | null)[] {
    const delim = this.opts.delimiter.charCodeAt(0);
    const fields: (string | null)[] = [];
    let start = 0;
    for (;;) {
      let end = start;
      let escaped = false;
      while (end < line.length && line.charCodeAt(end) !== delim) {
        if (line.charCodeAt(end) === 0x5c) {
          escaped = true;
          end++;
        }
        end++;
      }
      end = Math.min(end, line.length);
      const raw = line.slice(start, end);
      fields.push(raw === this.opts.null ? null : escaped ? unescapeText(raw) : raw);
      if (end >= line.length) return fields;
      start = end + 1;
    }
  }

  private csvFields(line: string): (string | null)[] {
    const delim = this.opts.delimiter.charCodeAt(0);
    const quote = QUOTE(this.opts);
    const esc = ESCAPE(this.opts);
    const fields: (string | null)[] = [];
    let i = 0;
    for (;;) {
      let value = '';
      let sawQuote = false;
      let inQuote = false;
      let chunkStart = i;
      for (; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (!inQuote) {
          if (c === delim) break;
          if (c === quote) {
            value += line.slice(chunkStart, i);
            inQuote = true;
            sawQuote = true;
            chunkStart = i + 1;
          }
          continue;
        }
        if (c === esc && i + 1 < line.length) {
          const next = line.charCodeAt(i + 1);
          if (next === esc || next === quote) {
            value += line.slice(chunkStart, i);
            chunkStart = i + 1; // keep the escaped character
            i++;
            continue;
          }
        }
        if (c === quote) {
          value += line.slice(chunkStart, i);
          inQuote = false;
          chunkStart = i + 1;
        }
      }
      if (inQuote) throw badFormat('unterminated CSV quoted field');
      value += line.slice(chunkStart, i);
      const col = fields.length;
      const isNull =
        value === this.opts.null && !this.notNull[col] && (!sawQuote || this.quotedNull[col] === true);
      fields.push(isNull ? null : value);
      if (i >= line.length) return fields;
      i++;
    }
  }
}

const QUOTE = (o: CopyOptions): number => o.quote.charCodeAt(0);
const ESCAPE = (o: CopyOptions): number => o.escape.charCodeAt(0);

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/** A text-format field with backslash escapes resolved (see the file comment). */
function unescapeText(raw: string): string {
  let out = '';
  let bytes: number[] | undefined;
  const flushBytes = () => {
    if (bytes === undefined) return;
    out += decodeBytes(bytes);
    bytes = undefined;
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch !== '\\') {
      flushBytes();
      out += ch;
      continue;
    }
    if (i + 1 >= raw.length) break; // a trailing backslash is dropped, as in PostgreSQL
    const c = raw[++i];
    if (c >= '0' && c <= '7') {
      let v = c.charCodeAt(0) - 48;
      for (let k = 0; k < 2 && i + 1 < raw.length && raw[i + 1] >= '0' && raw[i + 1] <= '7'; k++) {
        v = v * 8 + raw.charCodeAt(++i) - 48;
      }
      bytes ??= [];
      bytes.push(v & 0xff);
    } else if (c === 'x' && i + 1 < raw.length && isHex(raw[i + 1])) {
      let v = Number.parseInt(raw[++i], 16);
      if (i + 1 < raw.length && isHex(raw[i + 1])) v = v * 16 + Number.parseInt(raw[++i], 16);
      bytes ??= [];
      bytes.push(v);
    } else {
      flushBytes();
      out += SIMPLE_ESCAPES[c] ?? c;
    }
  }
  flushBytes();
  return out;
}

const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

/** Bytes from octal/hex escapes as UTF-8. @throws DbError 22021 as PostgreSQL's encoding check. */
function decodeBytes(bytes: number[]): string {
  const zero = bytes.indexOf(0);
  if (zero >= 0) throw new DbError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    // NB: TextDecoder does not say where; name the escaped bytes, as PostgreSQL names the sequence.
    const shown = bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    throw new DbError('22021', `invalid byte sequence for encoding "UTF8": ${shown}`);
  }
}
