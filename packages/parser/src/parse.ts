/**
 * The parser's entry points: SQL text → AST.
 *
 * Pipeline: CharStream → PostgreSqlLexer → CommonTokenStream → PostgreSqlParser (parse tree) →
 * src/build/* (AST). Two-stage prediction, the standard antlr4 recipe for speed: first SLL
 * prediction with a bail-out error strategy, which is fast and right for almost every input;
 * if it fails (a real syntax error, or a rare input SLL cannot decide) the same tokens are parsed
 * again with full LL prediction and an error strategy that reports PostgreSQL's syntax error
 * at the first token that cannot continue the statement.
 *
 * The lexer, token stream and parser are created once and reset for each call (the DFA caches
 * that make prediction fast are static and shared anyway). Parsing is synchronous and
 * single-threaded, so one set of instances serves every caller.
 */
import { DbError } from '@rustydb/common';
import {
  BailErrorStrategy,
  CharStream,
  CommonTokenStream,
  type DefaultErrorStrategy,
  DFA,
  ParseCancellationException,
  ParserATNSimulator,
  PredictionContextCache,
  PredictionMode,
} from 'antlr4ng';
import type { Expr, FunctionObjectRef, ParsedStatement } from './ast/index.js';
import { buildExpr } from './build/build-expr.js';
import { buildFunctionRef } from './build/build-function.js';
import { buildStatement } from './build/build-statement.js';
import { parseFast } from './fast-parse.js';
import { PostgreSqlLexer } from './generated/PostgreSqlLexer.js';
import { PostgreSqlParser } from './generated/PostgreSqlParser.js';
import { ThrowingErrorStrategy } from './syntax-error.js';

interface Machinery {
  readonly lexer: PostgreSqlLexer;
  readonly tokens: CommonTokenStream;
  readonly parser: PostgreSqlParser;
  readonly bail: DefaultErrorStrategy;
  readonly report: DefaultErrorStrategy;
}

let machinery: Machinery | undefined;

function getMachinery(): Machinery {
  if (machinery) return machinery;
  const lexer = new PostgreSqlLexer(CharStream.fromString(''));
  lexer.removeErrorListeners();
  const tokens = new CommonTokenStream(lexer);
  const parser = new PostgreSqlParser(tokens);
  parser.removeErrorListeners();
  machinery = { lexer, tokens, parser, bail: new BailErrorStrategy(), report: new ThrowingErrorStrategy() };
  return machinery;
}

/**
 * How deep parentheses, brackets and CASE expressions may nest. PostgreSQL takes thousands, but
 * antlr4ng's prediction keeps lookahead states for every level in the shared DFA caches (~60 KB a
 * level, kept for the life of the process), recurses a frame or more per level, and at tens of
 * thousands of levels ran the server out of heap before any error: one statement must not take
 * every session down. Real queries nest a few dozen levels at most.
 */
export const MAX_NESTING_DEPTH = 256;

/**
 * Refuses `sql` when its tokens nest deeper than MAX_NESTING_DEPTH, or chain more prefix operators
 * (`- - - 1`, `NOT NOT …`, each a level of recursion, and quadratic in antlr4ng's prediction)
 * than that in a row, before prediction sees them: 54001, PostgreSQL's error for a statement too
 * deep to process, at the first token past the limit.
 */
function checkNesting(tokens: CommonTokenStream): void {
  tokens.fill();
  let depth = 0;
  let prefixRun = 0;
  for (const t of tokens.getTokens()) {
    const type = t.type;
    if (
      type === PostgreSqlLexer.MINUS ||
      type === PostgreSqlLexer.PLUS ||
      type === PostgreSqlLexer.OP ||
      type === PostgreSqlLexer.NOT
    ) {
      if (++prefixRun > MAX_NESTING_DEPTH) throw tooDeep(t.start + 1);
      continue;
    }
    prefixRun = 0;
    if (
      type === PostgreSqlLexer.OPEN_PAREN ||
      type === PostgreSqlLexer.OPEN_BRACKET ||
      type === PostgreSqlLexer.CASE
    ) {
      if (++depth > MAX_NESTING_DEPTH) throw tooDeep(t.start + 1);
    } else if (
      type === PostgreSqlLexer.CLOSE_PAREN ||
      type === PostgreSqlLexer.CLOSE_BRACKET ||
      type === PostgreSqlLexer.END
    ) {
      if (depth > 0) depth--;
    }
  }
}

function tooDeep(position?: number): DbError {
  return new DbError('54001', 'stack depth limit exceeded', {
    detail: `The statement nests expressions more than ${MAX_NESTING_DEPTH} levels deep.`,
    ...(position !== undefined ? { position } : {}),
  });
}

/** A parse that still overflowed the stack (long chains of prefix operators): 54001, not a crash. */
function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && err.message === 'Maximum call stack size exceeded';
}

/** Runs `entry` over the tokens of `sql`: SLL first, then full LL with PostgreSQL-style errors. */
function run<T>(sql: string, entry: (parser: PostgreSqlParser) => T): T {
  const m = getMachinery();
  m.lexer.inputStream = CharStream.fromString(sql);
  m.tokens.setTokenSource(m.lexer);
  m.parser.tokenStream = m.tokens;
  try {
    checkNesting(m.tokens);
    return predict(m, entry);
  } catch (err) {
    if (isStackOverflow(err)) throw tooDeep();
    throw err;
  }
}

function predict<T>(m: Machinery, entry: (parser: PostgreSqlParser) => T): T {
  m.tokens.seek(0);
  m.parser.errorHandler = m.bail;
  m.parser.interpreter.predictionMode = PredictionMode.SLL;
  try {
    return entry(m.parser);
  } catch (err) {
    if (!(err instanceof ParseCancellationException)) throw err;
  }
  m.tokens.seek(0);
  m.parser.reset();
  m.parser.errorHandler = m.report;
  m.parser.interpreter.predictionMode = PredictionMode.LL;
  try {
    return entry(m.parser);
  } catch (err) {
    if (!(err instanceof DbError) || err.code !== '42601') throw err;
    return retryWithFreshDfa(m, entry, err);
  }
}

/**
 * A syntax error from LL prediction is confirmed with DFA caches of its own before it is
 * reported: the shared caches, warmed by earlier statements, were seen to make antlr4ng's LL
 * prediction reject a valid statement that parses in a fresh process (a SELECT of nested CASTs
 * in the sqllogictest corpus). Costs a cold prediction, on syntax errors only.
 */
function retryWithFreshDfa<T>(m: Machinery, entry: (parser: PostgreSqlParser) => T, first: DbError): T {
  const shared = m.parser.interpreter;
  const atn = PostgreSqlParser._ATN;
  const dfas = atn.decisionToState.map((state, i) => new DFA(state, i));
  m.parser.interpreter = new ParserATNSimulator(m.parser, atn, dfas, new PredictionContextCache());
  m.parser.interpreter.predictionMode = PredictionMode.LL;
  m.tokens.seek(0);
  m.parser.reset();
  try {
    return entry(m.parser);
  } catch (err) {
    throw err instanceof DbError ? err : first;
  } finally {
    m.parser.interpreter = shared;
  }
}

/**
 * Parses a string of zero or more `;`-separated statements. Synchronous. The statements of a bulk
 * load (INSERT … VALUES of constants, simple CREATE TABLE, BEGIN, COMMIT) take a hand-written fast
 * path that builds the same AST (fast-parse.ts); everything else, and every error, is ANTLR's. Returns one entry per
 * non-empty statement, in order (empty input or only semicolons/comments → []). Each entry's
 * `location`/`length` delimit the statement's text from its first to its last token.
 *
 * @throws DbError 42601 for a syntax error (`syntax error at or near "x"`, `syntax error at end
 *   of input`, `unterminated quoted string at or near "'abc"`, …) with `position`, the 1-based
 *   character position PostgreSQL would report; other SQLSTATEs for errors PostgreSQL's grammar
 *   raises itself (22023 bad float precision, 42P20 bad window frame, 0A000, 22021).
 */
export function parse(sql: string): ParsedStatement[] {
  if (sql.length > RECENT_MAX_TEXT) return parseFresh(sql);
  let parsed = recent.get(sql);
  if (parsed !== undefined) {
    // Most recently used last: the first key is the one to drop.
    recent.delete(sql);
  } else {
    parsed = deepFreeze(parseFresh(sql));
    if (recent.size >= RECENT_ENTRIES) recent.delete(recent.keys().next().value!);
  }
  recent.set(sql, parsed);
  return parsed.slice();
}

/**
 * The parses of the texts parsed last, shared by every caller of `parse` in the process: a new
 * session sends the texts others sent before (psql's \d queries, an application's statements on
 * its next connection), and an ANTLR parse of one costs milliseconds. Their ASTs are frozen, so a
 * caller that changed one would fail at once instead of changing another session's statement.
 * Texts longer than RECENT_MAX_TEXT (bulk loads) are parsed every time.
 */
const recent = new Map<string, readonly ParsedStatement[]>();
const RECENT_ENTRIES = 256;
const RECENT_MAX_TEXT = 16 * 1024;

/** `value` and every plain object and array it reaches, frozen (values of classes are left alone). */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

/**
 * `parse` without the shared cache: a fresh AST the caller may change (the engine's repeated-rows
 * parse grows a one-row VALUES parse in place). Synchronous; throws as `parse`.
 */
export function parseFresh(sql: string): ParsedStatement[] {
  return parseFast(sql) ?? parseWithAntlr(sql);
}

/**
 * `parse` without the fast path (fast-parse.ts): always the ANTLR parser. Synchronous; throws as
 * `parse`. For tests that prove the fast path's equivalence, and for nothing else.
 */
export function parseWithAntlr(sql: string): ParsedStatement[] {
  return run(sql, (parser) => {
    const root = parser.root();
    return root.stmt().map((stmt) => {
      const start = stmt.start!.start;
      return { stmt: buildStatement(stmt, sql), location: start, length: stmt.stop!.stop - start + 1 };
    });
  });
}

/**
 * Parses one expression (as stored for column DEFAULTs and CHECK constraints). Synchronous.
 * Locations are offsets into `sql`.
 *
 * @throws DbError 42601 as `parse` does, including for trailing text after the expression.
 */
export function parseExpression(sql: string): Expr {
  return run(sql, (parser) => buildExpr(parser.expressionRoot().aExpr()));
}

/**
 * Parses a routine's signature as regprocedure input names one: `[schema.]name[(type, …)]`
 * (`args` absent when there are no parentheses). Synchronous.
 *
 * @throws DbError 42601 as `parse` does, including for trailing text.
 */
export function parseFunctionSignature(text: string): FunctionObjectRef {
  return run(text, (parser) => buildFunctionRef(parser.functionSignatureRoot().functionWithArgtypes()));
}
