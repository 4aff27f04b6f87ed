/**
 * StatementSplitter: cuts SQL text into statements the way psql does, so that a script or an
 * interactive session sends one statement per Query message.
 *
 * A statement ends at a `;` that is outside
 *   - string literals: '…' (with '' doubling), E'…' (with backslash escapes),
 *   - quoted identifiers: "…" (with "" doubling),
 *   - dollar quotes: $$…$$ and $tag$…$tag$,
 *   - comments: -- to end of line, and nested /* … *\/,
 *   - parentheses (psql lets `CREATE RULE … (a; b)` through, so do we).
 *
 * Text arrives in pieces (lines from readline, chunks from a pipe), so the scanner is
 * incremental: it keeps its lexical state between `push` calls and never decides on a token it
 * has not fully seen. When the lookahead a token needs (the second `-` of `--`, the end of a
 * `$tag$`, the quote after `E`, a doubled `''`) runs past the end of the text so far, it stops
 * and resumes there on the next `push`; `end()` says no more text is coming.
 *
 * NB: like psql with standard_conforming_strings on, '…' strings treat backslash as an
 * ordinary character; only E'…' strings have escapes.
 */

/** Where the scanner is, in psql's prompt vocabulary (`%R`): what the continuation prompt shows. */
export type SplitterState = 'normal' | 'single-quote' | 'double-quote' | 'dollar-quote' | 'comment' | 'paren';

type Mode = 'normal' | 'quote' | 'escape-quote' | 'ident' | 'dollar' | 'line-comment' | 'block-comment';

/** The state each mode shows; a `--` comment ends with its line, so it shows as normal. */
const MODE_STATE: Record<Mode, SplitterState> = {
  normal: 'normal',
  'line-comment': 'normal',
  quote: 'single-quote',
  'escape-quote': 'single-quote',
  ident: 'double-quote',
  dollar: 'dollar-quote',
  'block-comment': 'comment',
};

const isIdentStart = (c: string): boolean => /[A-Za-z_\u0080-\uffff]/.test(c);
const isIdentChar = (c: string): boolean => /[A-Za-z0-9_$\u0080-\uffff]/.test(c);

/** Splits SQL text into statements; see the file comment. Synchronous; one instance per input. */
export class StatementSplitter {
  private text = '';
  /** Next character to scan. */
  private pos = 0;
  /** Start of the statement being collected. */
  private start = 0;
  private mode: Mode = 'normal';
  private parenDepth = 0;
  private commentDepth = 0;
  private dollarTag = '';
  /** Has the current statement anything besides whitespace and comments? */
  private content = false;
  private ended = false;

  /**
   * Adds text and returns the statements it completed, each trimmed and ending with its `;`.
   * Whitespace- and comment-only pieces between semicolons are dropped, as psql drops them.
   */
  push(text: string): string[] {
    this.text += text;
    return this.scan();
  }

  /**
   * No more text: returns what is left as a last statement (without a `;`) if it holds anything
   * but whitespace and comments, as psql sends the rest of a script at end of file.
   */
  end(): string[] {
    this.ended = true;
    const out = this.scan();
    const rest = this.text.slice(this.start).trim();
    if (this.content && rest !== '') out.push(rest);
    this.reset();
    return out;
  }

  /** Forgets any partial statement (psql's `\r`, or Ctrl-C at the prompt). */
  reset(): void {
    this.text = '';
    this.pos = 0;
    this.start = 0;
    this.mode = 'normal';
    this.parenDepth = 0;
    this.commentDepth = 0;
    this.dollarTag = '';
    this.content = false;
    this.ended = false;
  }

  /** True when no partial statement is pending (only whitespace and `--` comments since the last `;`). */
  get isEmpty(): boolean {
    return (this.mode === 'normal' || this.mode === 'line-comment') && this.parenDepth === 0 && !this.content;
  }

  /** The lexical state at the end of the text so far, for the continuation prompt. */
  get state(): SplitterState {
    const inMode = MODE_STATE[this.mode];
    return inMode === 'normal' && this.parenDepth > 0 ? 'paren' : inMode;
  }

  private scan(): string[] {
    const out: string[] = [];
    while (this.pos < this.text.length) {
      const advanced = this.step(out);
      if (!advanced) break;
    }
    // Drop what has been consumed so the buffer only holds the pending statement.
    if (this.start > 0) {
      this.text = this.text.slice(this.start);
      this.pos -= this.start;
      this.start = 0;
    }
    return out;
  }

  /** Scans one token at `pos`. Returns false when it needs text that has not arrived yet. */
  private step(out: string[]): boolean {
    switch (this.mode) {
      case 'normal':
        return this.stepNormal(out);
      case 'quote':
        return this.stepQuoted("'");
      case 'ident':
        return this.stepQuoted('"');
      case 'escape-quote':
        return this.stepEscapeQuote();
      case 'dollar':
        return this.stepDollar();
      case 'line-comment':
        return this.stepLineComment();
      case 'block-comment':
        return this.stepBlockComment();
    }
  }

  /** The character at `pos + k`, or undefined when not (yet) there. */
  private peek(k: number): string | undefined {
    return this.text[this.pos + k];
  }

  /** Lookahead ran off the end: wait for more text unless the input has ended. */
  private needMore(): boolean {
    return !this.ended;
  }

  private stepNormal(out: string[]): boolean {
    const c = this.text[this.pos]!;
    const next = this.peek(1);
    if ((c === '-' || c === '/') && next === undefined && this.needMore()) return false;
    if (c === '-' && next === '-') {
      this.mode = 'line-comment';
      this.pos += 2;
      return true;
    }
    if (c === '/' && next === '*') {
      this.mode = 'block-comment';
      this.commentDepth = 1;
      this.pos += 2;
      return true;
    }
    if (c === ';' && this.parenDepth === 0) {
      const statement = this.text.slice(this.start, this.pos + 1).trim();
      if (this.content) out.push(statement);
      this.pos++;
      this.start = this.pos;
      this.content = false;
      return true;
    }
    if (!/\s/.test(c)) this.content = true;
    const prev = this.pos > 0 ? this.text[this.pos - 1]! : ' ';
    if (c === "'") {
      // E'…' (escape string) when the E stands alone, not at the end of an identifier like `the'`.
      const before = this.pos > 1 ? this.text[this.pos - 2]! : ' ';
      this.mode = (prev === 'E' || prev === 'e') && !isIdentChar(before) ? 'escape-quote' : 'quote';
      this.pos++;
      return true;
    }
    if (c === '"') {
      this.mode = 'ident';
      this.pos++;
      return true;
    }
    if (c === '$' && !isIdentChar(prev)) return this.openDollar();
    if (c === '(') this.parenDepth++;
    else if (c === ')' && this.parenDepth > 0) this.parenDepth--;
    this.pos++;
    return true;
  }

  /** At a `$` that may open a dollar quote: `$$` or `$tag$`; `$1` and a lone `$` are not. */
  private openDollar(): boolean {
    let i = this.pos + 1;
    if (i < this.text.length && isIdentStart(this.text[i]!)) {
      while (i < this.text.length && isIdentChar(this.text[i]!) && this.text[i] !== '$') i++;
    }
    if (i >= this.text.length && this.needMore()) return false;
    if (this.text[i] === '$') {
      this.dollarTag = this.text.slice(this.pos, i + 1);
      this.mode = 'dollar';
      this.pos = i + 1;
    } else {
      this.pos++;
    }
    return true;
  }

  /** Inside '…' or "…": the quote char doubled stands for itself. */
  private stepQuoted(quote: string): boolean {
    const end = this.text.indexOf(quote, this.pos);
    if (end < 0) {
      this.pos = this.text.length;
      return true;
    }
    if (end + 1 >= this.text.length && this.needMore()) {
      this.pos = end;
      return false;
    }
    if (this.text[end + 1] === quote) {
      this.pos = end + 2;
      return true;
    }
    this.mode = 'normal';
    this.pos = end + 1;
    return true;
  }

  /** Inside E'…': a backslash escapes the next character; '' is a quote too. */
  private stepEscapeQuote(): boolean {
    const c = this.text[this.pos]!;
    if (c === '\\' || c === "'") {
      const next = this.peek(1);
      if (next === undefined && this.needMore()) return false;
      if (c === '\\' || next === "'") {
        this.pos += 2;
        return true;
      }
      this.mode = 'normal';
    }
    this.pos++;
    return true;
  }

  private stepDollar(): boolean {
    const end = this.text.indexOf(this.dollarTag, this.pos);
    if (end < 0) {
      // Keep the last tag-length-minus-one characters: the closing tag may be cut in two.
      this.pos = Math.max(this.pos, this.text.length - this.dollarTag.length + 1);
      return false;
    }
    this.mode = 'normal';
    this.pos = end + this.dollarTag.length;
    return true;
  }

  private stepLineComment(): boolean {
    const end = this.text.indexOf('\n', this.pos);
    if (end < 0) {
      this.pos = this.text.length;
      return true;
    }
    this.mode = 'normal';
    this.pos = end + 1;
    return true;
  }

  private stepBlockComment(): boolean {
    const c = this.text[this.pos]!;
    if (c === '*' || c === '/') {
      const next = this.peek(1);
      if (next === undefined && this.needMore()) return false;
      if (c === '*' && next === '/') {
        this.pos += 2;
        if (--this.commentDepth === 0) this.mode = 'normal';
        return true;
      }
      if (c === '/' && next === '*') {
        this.pos += 2;
        this.commentDepth++;
        return true;
      }
    }
    this.pos++;
    return true;
  }
}
