/**
 * LexerBase: the hand-written parts of the generated PostgreSqlLexer (its `superClass`).
 *
 * Three tokens cannot be described by regular rules alone, so their rules match a prefix and call
 * back here, where we move the character stream's position by hand. The lexer emits the token
 * from its start up to wherever the stream then stands, so seeking forward extends the token
 * and seeking back shortens it (the rest is lexed again as the next token):
 *
 * - OP: PostgreSQL lexes a run of operator characters as one operator, then shortens it
 *   (scan.l, rule `{operator}`): it stops before an embedded `/*` or `--`, and drops trailing
 *   `+`/`-` unless the operator contains one of ~ ! @ # ^ & | ` ? % — so `a<-1` is `a < -1` and
 *   `a*-1` is `a * -1`, but `@-` stays one operator. The result becomes a specific token type
 *   when the grammar names it (`<=`, `+`, …), else OP.
 * - BLOCK_COMMENT: comments nest (`/* a /* b *\/ c *\/`); we count depth.
 * - DOLLAR_STRING: `$tag$ … $tag$` ends at the same tag; we search for it.
 *
 * NB: positions are code-point indexes (antlr4ng's CharStream), which is how PostgreSQL counts
 * characters in error positions.
 */
import { Lexer } from 'antlr4ng';
import { PostgreSqlLexer } from './generated/PostgreSqlLexer.js';

const SLASH = 0x2f;
const STAR = 0x2a;
const DOLLAR = 0x24;
const PLUS = 0x2b;
const MINUS = 0x2d;

/** Characters whose presence lets an operator end in `+` or `-` (scan.l). */
const SPECIAL_OP_CHARS = '~!@#^&|`?%';

export abstract class LexerBase extends Lexer {
  /** Action of OP: trims the operator as scan.l does and picks its token type. */
  protected onOperator(): void {
    const input = this.inputStream;
    const start = this.tokenStartCharIndex;
    const text = input.getTextFromRange(start, input.index - 1);
    let length = text.length;
    let commentStart = text.indexOf('/*');
    const dashDash = text.indexOf('--');
    if (commentStart < 0 || (dashDash >= 0 && dashDash < commentStart)) commentStart = dashDash;
    if (commentStart >= 0) length = commentStart;
    if (length > 1 && isPlusOrMinus(text, length - 1)) {
      let special = false;
      for (let i = length - 2; i >= 0 && !special; i--) special = SPECIAL_OP_CHARS.includes(text[i]);
      if (!special) {
        do length--;
        while (length > 1 && isPlusOrMinus(text, length - 1));
      }
    }
    if (length < text.length) input.seek(start + length);
    this.type = operatorType(length === text.length ? text : text.slice(0, length));
  }

  /** Action of BLOCK_COMMENT: skips a nested comment, or marks it unterminated at end of input. */
  protected onBlockComment(): void {
    const input = this.inputStream;
    input.seek(this.tokenStartCharIndex + 2);
    let depth = 1;
    for (;;) {
      const c = input.LA(1);
      if (c === Lexer.EOF) {
        this.type = PostgreSqlLexer.UNTERMINATED_COMMENT;
        return;
      }
      input.consume();
      if (c === SLASH && input.LA(1) === STAR) {
        input.consume();
        depth++;
      } else if (c === STAR && input.LA(1) === SLASH) {
        input.consume();
        if (--depth === 0) {
          this.skip();
          return;
        }
      }
    }
  }

  /** Action of DOLLAR_STRING: the opening `$tag$` is matched; consume up to and including the closing one. */
  protected onDollarString(): void {
    const input = this.inputStream;
    // The tag without its leading `$`, as code points: what must follow a `$` in the body to close it.
    const tag = Array.from(input.getTextFromRange(this.tokenStartCharIndex + 1, input.index - 1), (ch) =>
      ch.codePointAt(0),
    );
    for (;;) {
      const c = input.LA(1);
      if (c === Lexer.EOF) {
        this.type = PostgreSqlLexer.UNTERMINATED_DOLLAR_STRING;
        return;
      }
      input.consume();
      if (c === DOLLAR && tag.every((t, i) => input.LA(i + 1) === t)) {
        input.seek(input.index + tag.length);
        return;
      }
    }
  }
}

function isPlusOrMinus(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === PLUS || c === MINUS;
}

function operatorType(op: string): number {
  switch (op) {
    case '+':
      return PostgreSqlLexer.PLUS;
    case '-':
      return PostgreSqlLexer.MINUS;
    case '*':
      return PostgreSqlLexer.STAR;
    case '/':
      return PostgreSqlLexer.SLASH;
    case '%':
      return PostgreSqlLexer.PERCENT;
    case '^':
      return PostgreSqlLexer.CARET;
    case '<':
      return PostgreSqlLexer.LT;
    case '>':
      return PostgreSqlLexer.GT;
    case '=':
      return PostgreSqlLexer.EQUAL;
    case '<=':
      return PostgreSqlLexer.LESS_EQUALS;
    case '>=':
      return PostgreSqlLexer.GREATER_EQUALS;
    case '<>':
    case '!=':
      return PostgreSqlLexer.NOT_EQUALS;
    case '=>':
      return PostgreSqlLexer.EQUALS_GREATER;
    default:
      return PostgreSqlLexer.OP;
  }
}
