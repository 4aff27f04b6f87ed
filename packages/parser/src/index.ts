/**
 * @rustydb/parser — SQL text in, typed AST out.
 *
 * Owns the PostgreSQL-dialect grammar (antlr4ng, `grammar/*.g4`, generated into `src/generated`)
 * and the AST (`src/ast`). Invariants:
 * - The AST is plain readonly data, JSON-printable, every node tagged with `kind`; expressions
 *   and table references carry `location`, a 0-based character offset into the whole input.
 * - Identifiers are case-folded (unquoted → lower case, quoted → as written); type names are
 *   PostgreSQL's internal names (int4, varchar, bpchar, …) with their typmods.
 * - Every syntax error is a `DbError` 42601 with PostgreSQL's message and 1-based `position`.
 * - Parsing is synchronous and does no catalog lookups: names are resolved by the planner.
 *
 * How it works: `parse` lexes with the generated PostgreSqlLexer (keywords, operators and quoting
 * as in PostgreSQL's scan.l; the hand-written parts live in lexer-base.ts), parses with SLL
 * prediction and falls back to full LL only when that fails (parse.ts), then walks the parse tree
 * with the hand-written builders in src/build/ to produce the AST. Syntax errors come from the
 * LL pass (syntax-error.ts), so their position is the first token that cannot continue the
 * statement, matching PostgreSQL's reports. `formatExpr`/`formatQuery` print an AST back as SQL
 * that parses to the same AST.
 *
 * Known differences from PostgreSQL 15's grammar: only function calls are accepted as FROM
 * items (not COALESCE & co. or CAST), `SET TIME ZONE INTERVAL '…'` keeps the interval as the
 * string `INTERVAL '…' [fields]` (the TimeZone setting reads it), and statements outside the documented scope (GRANT, PREPARE/EXECUTE, MERGE, …) are
 * syntax errors, as is COPY to or from a server-side file or PROGRAM (only STDIN/STDOUT).
 */

// Printing: AST → SQL text that parses back to the same AST.
export { quoteIdent } from '@rustydb/common';
export type * from './ast/index.js';
// Parsing: SQL text → AST (synchronous; syntax errors are DbError 42601 with a position).
export { parseFast } from './fast-parse.js';
export { formatExpr, formatTypeName } from './format-expr.js';
export { formatQuery } from './format-query.js';
export { MAX_NESTING_DEPTH, parse, parseExpression, parseFresh, parseFunctionSignature } from './parse.js';
export { type AnyNode, forEachNode } from './walk-nodes.js';
// Building the full parser's prediction caches ahead of the first client (warm-up.ts).
export { type ParserWarmUp, WARM_UP_STATEMENTS, warmUpParser } from './warm-up.js';
