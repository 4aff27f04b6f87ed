/*
 * RustyDB's lexer for the PostgreSQL 15 dialect, modelled on PostgreSQL's scan.l.
 *
 * - Keywords are case-insensitive (caseInsensitive option); all reserved, col_name and
 *   type_func_name keywords are tokens so they can never be plain identifiers, while an
 *   unreserved keyword is a token only where the parser grammar uses it (otherwise it is IDENT).
 * - Operators: one rule matches a run of operator characters, then LexerBase.onOperator trims it
 *   the way scan.l does (stop at an embedded comment start; drop trailing + and - unless the
 *   operator contains one of ~ ! @ # % ^ & | ` ?) and assigns the specific token type
 *   (`<=` → LESS_EQUALS, `+` → PLUS, other text → OP).
 * - Nested block comments and dollar-quoted strings need counting or a remembered tag: rule
 *   actions in LexerBase scan them by hand.
 * - Lexical errors (unterminated strings, identifiers, comments) become UNTERMINATED_* tokens.
 *   The parser never accepts them; the error reporter turns them into PostgreSQL's messages.
 * - String literals separated only by whitespace containing a newline are one token (SQL's
 *   string continuation); the AST builder decodes the pieces.
 */
lexer grammar PostgreSqlLexer;

options {
    caseInsensitive = true;
    superClass = LexerBase;
}

tokens {
    LT,
    GT,
    EQUAL,
    LESS_EQUALS,
    GREATER_EQUALS,
    NOT_EQUALS,
    EQUALS_GREATER,
    PLUS,
    MINUS,
    STAR,
    SLASH,
    PERCENT,
    CARET,
    UNTERMINATED_COMMENT,
    UNTERMINATED_DOLLAR_STRING
}

@header {
import { LexerBase } from "../lexer-base.js";
}

/* ---------------------------------------------------------------- keywords (generated list) */

ABORT: 'abort';
ABSOLUTE_P: 'absolute';
ACCESS: 'access';
ACTION: 'action';
ADD: 'add';
AFTER: 'after';
ALL: 'all';
ALTER: 'alter';
ALWAYS: 'always';
ANALYSE: 'analyse';
ANALYZE: 'analyze';
AND: 'and';
ANY: 'any';
ARRAY: 'array';
AS: 'as';
ASC: 'asc';
ASENSITIVE: 'asensitive';
ASYMMETRIC: 'asymmetric';
AT: 'at';
AUTHORIZATION: 'authorization';
BACKWARD: 'backward';
BEFORE: 'before';
BEGIN: 'begin';
BETWEEN: 'between';
BIGINT: 'bigint';
BINARY: 'binary';
BIT: 'bit';
BOOLEAN: 'boolean';
BOTH: 'both';
BY: 'by';
CACHE: 'cache';
CASCADE: 'cascade';
CALL: 'call';
CASCADED: 'cascaded';
CASE: 'case';
CAST: 'cast';
CHAIN: 'chain';
CHAR: 'char';
CHARACTER: 'character';
CHARACTERISTICS: 'characteristics';
CHECK: 'check';
CHECKPOINT: 'checkpoint';
CLOSE: 'close';
COALESCE: 'coalesce';
COLLATE: 'collate';
COLLATION: 'collation';
COLUMN: 'column';
COMMENT: 'comment';
COMMIT: 'commit';
COMMITTED: 'committed';
CONCURRENTLY: 'concurrently';
CONFLICT: 'conflict';
CONNECTION: 'connection';
CONSTRAINT: 'constraint';
CONSTRAINTS: 'constraints';
CONTINUE: 'continue';
COPY: 'copy';
CREATE: 'create';
CROSS: 'cross';
CSV: 'csv';
CUBE: 'cube';
CURRENT: 'current';
CURRENT_CATALOG: 'current_catalog';
CURRENT_DATE: 'current_date';
CURRENT_ROLE: 'current_role';
CURRENT_SCHEMA: 'current_schema';
CURRENT_TIME: 'current_time';
CURRENT_TIMESTAMP: 'current_timestamp';
CURRENT_USER: 'current_user';
CURSOR: 'cursor';
CYCLE: 'cycle';
DATA: 'data';
DAY: 'day';
DEALLOCATE: 'deallocate';
DEC: 'dec';
DECIMAL: 'decimal';
DECLARE: 'declare';
DEFAULT: 'default';
DEFERRABLE: 'deferrable';
DEFERRED: 'deferred';
DELETE: 'delete';
DELIMITER: 'delimiter';
DELIMITERS: 'delimiters';
DESC: 'desc';
DISABLE_P: 'disable';
DISCARD: 'discard';
DISTINCT: 'distinct';
DO: 'do';
DOMAIN_P: 'domain';
DOUBLE: 'double';
DROP: 'drop';
EACH: 'each';
ELSE: 'else';
ENABLE_P: 'enable';
ENCODING: 'encoding';
ENCRYPTED: 'encrypted';
END: 'end';
ESCAPE: 'escape';
EXCEPT: 'except';
EXCLUDE: 'exclude';
EXCLUDING: 'excluding';
EXCLUSIVE: 'exclusive';
EXECUTE: 'execute';
EXISTS: 'exists';
EXPLAIN: 'explain';
EXPRESSION: 'expression';
EXTENSION: 'extension';
EXTRACT: 'extract';
FALSE_P: 'false';
FETCH: 'fetch';
FILTER: 'filter';
FIRST: 'first';
FLOAT: 'float';
FOLLOWING: 'following';
FOR: 'for';
FORCE: 'force';
FOREIGN: 'foreign';
FORWARD: 'forward';
FREEZE: 'freeze';
FROM: 'from';
FULL: 'full';
FUNCTION: 'function';
GENERATED: 'generated';
GLOBAL: 'global';
GRANT: 'grant';
GREATEST: 'greatest';
GROUP: 'group';
GROUPING: 'grouping';
GROUPS: 'groups';
HAVING: 'having';
HEADER_P: 'header';
HOLD: 'hold';
HOUR: 'hour';
IDENTITY: 'identity';
IF: 'if';
ILIKE: 'ilike';
IMMEDIATE: 'immediate';
IN: 'in';
INCLUDE: 'include';
INCLUDING: 'including';
INCREMENT: 'increment';
INDEX: 'index';
INHERIT: 'inherit';
INITIALLY: 'initially';
INNER: 'inner';
INOUT: 'inout';
INSENSITIVE: 'insensitive';
INSERT: 'insert';
INSTEAD: 'instead';
INT: 'int';
INTEGER: 'integer';
INTERSECT: 'intersect';
INTERVAL: 'interval';
INTO: 'into';
IS: 'is';
ISNULL: 'isnull';
ISOLATION: 'isolation';
JOIN: 'join';
KEY: 'key';
LAST: 'last';
LATERAL: 'lateral';
LEADING: 'leading';
LEAST: 'least';
LEFT: 'left';
LEVEL: 'level';
LIKE: 'like';
LIMIT: 'limit';
LISTEN: 'listen';
LOCAL: 'local';
LOCALTIME: 'localtime';
LOCALTIMESTAMP: 'localtimestamp';
LOCK_P: 'lock';
LOCKED: 'locked';
LOGGED: 'logged';
MATCH: 'match';
MATCHED: 'matched';
MATERIALIZED: 'materialized';
MAXVALUE: 'maxvalue';
MERGE: 'merge';
MINUTE: 'minute';
MINVALUE: 'minvalue';
MODE: 'mode';
MONTH: 'month';
MOVE: 'move';
NAME: 'name';
NAMES: 'names';
NATIONAL: 'national';
NATURAL: 'natural';
NCHAR: 'nchar';
NEXT: 'next';
NO: 'no';
NONE: 'none';
NORMALIZE: 'normalize';
NOT: 'not';
NOTHING: 'nothing';
NOTIFY: 'notify';
NOTNULL: 'notnull';
NOWAIT: 'nowait';
NULL_P: 'null';
NULLIF: 'nullif';
NULLS: 'nulls';
NUMERIC: 'numeric';
OF: 'of';
OFFSET: 'offset';
ON: 'on';
ONLY: 'only';
OPERATOR: 'operator';
OPTION: 'option';
OR: 'or';
ORDER: 'order';
ORDINALITY: 'ordinality';
OTHERS: 'others';
OUT: 'out';
OUTER: 'outer';
OVER: 'over';
OVERLAPS: 'overlaps';
OVERLAY: 'overlay';
OVERRIDING: 'overriding';
OWNED: 'owned';
PARTIAL: 'partial';
PARTITION: 'partition';
PASSWORD: 'password';
PLACING: 'placing';
POSITION: 'position';
PRECEDING: 'preceding';
PRECISION: 'precision';
PREPARE: 'prepare';
PREPARED: 'prepared';
PRESERVE: 'preserve';
PRIMARY: 'primary';
PRIOR: 'prior';
PROCEDURE: 'procedure';
PROGRAM: 'program';
QUOTE: 'quote';
RANGE: 'range';
READ: 'read';
REAL: 'real';
REASSIGN: 'reassign';
RECURSIVE: 'recursive';
REFERENCES: 'references';
REFRESH: 'refresh';
REINDEX: 'reindex';
RELATIVE_P: 'relative';
RELEASE: 'release';
RENAME: 'rename';
REPEATABLE: 'repeatable';
REPLACE: 'replace';
RESET: 'reset';
RESTART: 'restart';
RESTRICT: 'restrict';
RETURNING: 'returning';
RETURNS: 'returns';
REVOKE: 'revoke';
RIGHT: 'right';
ROLE: 'role';
ROLLBACK: 'rollback';
ROLLUP: 'rollup';
ROUTINE: 'routine';
ROW: 'row';
ROWS: 'rows';
SAVEPOINT: 'savepoint';
SCHEMA: 'schema';
SCROLL: 'scroll';
SECOND: 'second';
SELECT: 'select';
SEQUENCE: 'sequence';
SERIALIZABLE: 'serializable';
SESSION: 'session';
SESSION_USER: 'session_user';
SET: 'set';
SETOF: 'setof';
SETS: 'sets';
SHARE: 'share';
SHOW: 'show';
SIMILAR: 'similar';
SIMPLE: 'simple';
SKIP_P: 'skip';
SMALLINT: 'smallint';
SOME: 'some';
START: 'start';
STATEMENT: 'statement';
STDIN: 'stdin';
STDOUT: 'stdout';
STORED: 'stored';
SUBSTRING: 'substring';
SYMMETRIC: 'symmetric';
SYSTEM: 'system';
TABLE: 'table';
TABLESAMPLE: 'tablesample';
TABLESPACE: 'tablespace';
TEMP: 'temp';
TEMPORARY: 'temporary';
THEN: 'then';
TIES: 'ties';
TIME: 'time';
TIMESTAMP: 'timestamp';
TO: 'to';
TRAILING: 'trailing';
TRANSACTION: 'transaction';
TREAT: 'treat';
TRIGGER: 'trigger';
TRIM: 'trim';
TRUE_P: 'true';
TRUNCATE: 'truncate';
TYPE: 'type';
UESCAPE: 'uescape';
UNBOUNDED: 'unbounded';
UNCOMMITTED: 'uncommitted';
UNENCRYPTED: 'unencrypted';
UNION: 'union';
UNIQUE: 'unique';
UNKNOWN: 'unknown';
UNLISTEN: 'unlisten';
UNLOGGED: 'unlogged';
UNTIL: 'until';
UPDATE: 'update';
USER: 'user';
USING: 'using';
VACUUM: 'vacuum';
VALID: 'valid';
VALIDATE: 'validate';
VALUE: 'value';
VALUES: 'values';
VARCHAR: 'varchar';
VARIADIC: 'variadic';
VARYING: 'varying';
VERBOSE: 'verbose';
VIEW: 'view';
WHEN: 'when';
WHERE: 'where';
WINDOW: 'window';
WITH: 'with';
WITHIN: 'within';
WITHOUT: 'without';
WORK: 'work';
WRITE: 'write';
YEAR: 'year';
ZONE: 'zone';

/* ---------------------------------------------------------------- punctuation */

SEMI: ';';
COMMA: ',';
OPEN_PAREN: '(';
CLOSE_PAREN: ')';
OPEN_BRACKET: '[';
CLOSE_BRACKET: ']';
DOT: '.';
TYPECAST: '::';
COLON_EQUALS: ':=';
COLON: ':';

/* ---------------------------------------------------------------- comments and space */

// Must precede OP: `--x` and `/*+` would otherwise match as operators of the same length.
LINE_COMMENT: '--' ~[\r\n]* -> skip;

// `/*` followed by operator characters ties OP's length and wins by coming first; the action
// rescans from `/*` with nesting.
BLOCK_COMMENT: '/*' OpChar* { this.onBlockComment(); };

WHITESPACE: [ \t\n\r\f\u000B]+ -> skip;

/* ---------------------------------------------------------------- operators */

OP: OpChar+ { this.onOperator(); };

fragment OpChar: [~!@#^&|`?+\-*/%<>=];

/* ---------------------------------------------------------------- literals */

PARAM: '$' [0-9]+;

DOLLAR_STRING: '$' DollarTag? '$' { this.onDollarString(); };

fragment DollarTag: [a-z_\u0080-\uFFFF\u{10000}-\u{10FFFF}] [a-z0-9_\u0080-\uFFFF\u{10000}-\u{10FFFF}]*;

ICONST: Digit+;

FCONST: (Digit+ '.' Digit* | '.' Digit+) | (Digit+ ('.' Digit*)? | '.' Digit+) 'e' [+-]? Digit+;

// A number run into a name (`123abc`): PostgreSQL 15 rejects it as trailing junk.
NUMERIC_JUNK: (Digit+ ('.' Digit*)? | '.' Digit+) ('e' [+-]? Digit+)? IdentStart IdentChar*;

fragment Digit: [0-9];

STRING: '\'' StringChars '\'' (QuoteContinue StringChars '\'')*;

ESTRING: 'e\'' EStringChars '\'' (QuoteContinue EStringChars '\'')*;

USTRING: 'u&\'' StringChars '\'' (QuoteContinue StringChars '\'')*;

BCONST: 'b\'' ~'\''* '\'';

XCONST: 'x\'' ~'\''* '\'';

UNTERMINATED_STRING
    : '\'' StringChars
    | 'e\'' EStringChars
    | 'u&\'' StringChars
    | 'b\'' ~'\''*
    | 'x\'' ~'\''*
    ;

fragment StringChars: (~'\'' | '\'\'')*;

fragment EStringChars: (~['\\] | '\'\'' | '\\' .)*;

// Whitespace with at least one newline (`--` comments count as whitespace), then the next
// piece's opening quote (scan.l's quotecontinue).
fragment QuoteContinue: ([ \t\f] | '--' ~[\r\n]*)* [\n\r] ([ \t\n\r\f]+ | '--' ~[\r\n]* [\r\n])* '\'';

/* ---------------------------------------------------------------- identifiers */

IDENT: IdentStart IdentChar*;

fragment IdentStart: [a-z_\u0080-\uFFFF\u{10000}-\u{10FFFF}];

fragment IdentChar: [a-z0-9_$\u0080-\uFFFF\u{10000}-\u{10FFFF}];

QUOTED_IDENT: '"' (~'"' | '""')* '"';

UQUOTED_IDENT: 'u&"' (~'"' | '""')* '"';

UNTERMINATED_QUOTED_IDENT: 'u&'? '"' (~'"' | '""')*;

// Anything else is one bad character; the parser reports a syntax error at it.
BAD_CHARACTER: .;
