/**
 * Syntax errors the way PostgreSQL words them, and the ANTLR error strategy that raises them.
 *
 * PostgreSQL reports the first token that cannot continue a valid statement, by its text
 * (`syntax error at or near "FORM"`) or `syntax error at end of input`, with a 1-based
 * character position; a lexical error token gets its own message (`unterminated quoted string
 * at or near "'abc"`). Every message is SQLSTATE 42601.
 *
 * `ThrowingErrorStrategy` never recovers: the first error ends the parse with a DbError, which is
 * both what PostgreSQL does and the cheapest thing to do. It is used for the second (full LL)
 * pass; the first (SLL) pass uses antlr4ng's BailErrorStrategy and is retried on any failure, so
 * only the full-context parse decides where an error is.
 */
import { type DbError, syntaxError, syntaxErrorAt } from '@rustydb/common';
import {
  DefaultErrorStrategy,
  type Parser,
  type RecognitionException,
  type Token,
  Token as TokenType,
} from 'antlr4ng';
import { PostgreSqlLexer } from './generated/PostgreSqlLexer.js';

/** Lexical error tokens and PostgreSQL's message prefix for each. */
function lexicalErrorMessage(token: Token): string | undefined {
  switch (token.type) {
    case PostgreSqlLexer.UNTERMINATED_STRING: {
      const first = token.text?.[0]?.toLowerCase();
      if (first === 'b') return 'unterminated bit string literal';
      if (first === 'x') return 'unterminated hexadecimal string literal';
      return 'unterminated quoted string';
    }
    case PostgreSqlLexer.UNTERMINATED_QUOTED_IDENT:
      return 'unterminated quoted identifier';
    case PostgreSqlLexer.UNTERMINATED_COMMENT:
      return 'unterminated /* comment';
    case PostgreSqlLexer.UNTERMINATED_DOLLAR_STRING:
      return 'unterminated dollar-quoted string';
    case PostgreSqlLexer.NUMERIC_JUNK:
      return 'trailing junk after numeric literal';
    default:
      return undefined;
  }
}

/**
 * The DbError for a parse that cannot continue at `token`. `offset` is added to the token's
 * 0-based start (for parsing a slice of a larger text); positions are 1-based.
 */
export function syntaxErrorAtToken(token: Token, offset = 0): DbError {
  const position = token.start + offset + 1;
  if (token.type === TokenType.EOF) return syntaxErrorAt('', position);
  const text = token.text ?? '';
  const lexical = lexicalErrorMessage(token);
  if (lexical !== undefined) return syntaxError(`${lexical} at or near "${text}"`, position);
  return syntaxErrorAt(text, position);
}

/** Raises the first syntax error as a DbError instead of recovering. */
export class ThrowingErrorStrategy extends DefaultErrorStrategy {
  override reportError(_recognizer: Parser, e: RecognitionException): void {
    throw syntaxErrorAtToken(e.offendingToken ?? _recognizer.getCurrentToken());
  }

  override recover(recognizer: Parser, e: RecognitionException): void {
    this.reportError(recognizer, e);
  }

  override recoverInline(recognizer: Parser): Token {
    throw syntaxErrorAtToken(recognizer.getCurrentToken());
  }

  /** No resynchronization: errors surface at the token where matching fails. */
  override sync(_recognizer: Parser): void {}
}
