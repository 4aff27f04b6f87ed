/**
 * The PL/pgSQL syntax tree of a DO block. Plain readonly data tagged with `kind`; SQL inside it
 * (expressions, queries) stays text (`SqlText`), parsed by the SQL parser when first run.
 */

/** SQL text from the body: an expression or a whole statement. */
export interface SqlText {
  readonly text: string;
  /** The body line it starts on (for CONTEXT). */
  readonly line: number;
}

/** `name` or `label.name` or `rec.field`: a variable (or a record's field) written to. */
export type Target = readonly string[];

export interface Declaration {
  readonly name: string;
  readonly constant: boolean;
  readonly notNull: boolean;
  /** The type as written (`integer`, `varchar(20)`); 'record' for a record variable. */
  readonly type: string;
  readonly default: SqlText | undefined;
  readonly line: number;
}

/** A condition of `WHEN … THEN`: a name (`others`, `unique_violation`) or `SQLSTATE 'xxxxx'`. */
export type Condition = { readonly name: string } | { readonly sqlstate: string };

export interface Handler {
  readonly conditions: readonly Condition[];
  readonly body: readonly Stmt[];
}

export interface Block {
  readonly kind: 'block';
  readonly label: string | undefined;
  readonly declarations: readonly Declaration[];
  readonly body: readonly Stmt[];
  /** Undefined without an EXCEPTION section (no subtransaction then). */
  readonly handlers: readonly Handler[] | undefined;
  readonly line: number;
}

/** INTO of a SELECT / DML / EXECUTE. */
export interface Into {
  readonly strict: boolean;
  readonly targets: readonly Target[];
}

export type RaiseLevel = 'debug' | 'log' | 'info' | 'notice' | 'warning' | 'exception';
export type RaiseOptionName = 'errcode' | 'message' | 'detail' | 'hint';

export interface Raise {
  readonly kind: 'raise';
  readonly level: RaiseLevel;
  /** `RAISE condition_name` / `RAISE SQLSTATE '…'`. */
  readonly condition: Condition | undefined;
  /** The format string (its value); undefined for a condition or a bare RAISE. */
  readonly format: string | undefined;
  readonly args: readonly SqlText[];
  readonly options: readonly { readonly name: RaiseOptionName; readonly value: SqlText }[];
  readonly line: number;
}

export type Stmt =
  | Block
  | {
      readonly kind: 'assign';
      readonly target: Target;
      readonly expr: SqlText;
      /** The whole statement's text, `target := expr` (how CONTEXT quotes an assignment). */
      readonly source: string;
      readonly line: number;
    }
  | { readonly kind: 'null'; readonly line: number }
  | {
      readonly kind: 'if';
      readonly branches: readonly { readonly cond: SqlText; readonly body: readonly Stmt[] }[];
      readonly otherwise: readonly Stmt[] | undefined;
      readonly line: number;
    }
  | {
      readonly kind: 'case';
      /** `CASE expr WHEN v…`; undefined for `CASE WHEN cond …`. */
      readonly subject: SqlText | undefined;
      readonly whens: readonly { readonly match: SqlText; readonly body: readonly Stmt[] }[];
      readonly otherwise: readonly Stmt[] | undefined;
      readonly line: number;
    }
  | Loop
  | {
      readonly kind: 'exit';
      /** CONTINUE rather than EXIT. */
      readonly next: boolean;
      readonly label: string | undefined;
      readonly when: SqlText | undefined;
      readonly line: number;
    }
  | { readonly kind: 'return'; readonly expr?: SqlText; readonly line: number }
  /** RETURN NEXT [expr] in a set-returning function: no expression with RETURNS TABLE (its columns). */
  | { readonly kind: 'returnNext'; readonly expr?: SqlText; readonly line: number }
  /** RETURN QUERY query, or RETURN QUERY EXECUTE text [USING …]. */
  | {
      readonly kind: 'returnQuery';
      readonly query: SqlText;
      readonly execute: boolean;
      readonly using: readonly SqlText[];
      readonly line: number;
    }
  /**
   * COMMIT / ROLLBACK [AND [NO] CHAIN]: ends the transaction where the host allows it (a
   * procedure or DO block called outside a transaction block), else 2D000.
   */
  | {
      readonly kind: 'transaction';
      readonly command: 'COMMIT' | 'ROLLBACK';
      readonly chain: boolean;
      readonly line: number;
    }
  | { readonly kind: 'sql'; readonly sql: SqlText; readonly into: Into | undefined; readonly line: number }
  | { readonly kind: 'perform'; readonly sql: SqlText; readonly line: number }
  | {
      readonly kind: 'execute';
      readonly command: SqlText;
      readonly into: Into | undefined;
      readonly using: readonly SqlText[];
      readonly line: number;
    }
  | Raise
  | {
      readonly kind: 'getDiagnostics';
      readonly stacked: boolean;
      readonly items: readonly { readonly target: Target; readonly item: string }[];
      readonly line: number;
    }
  | {
      readonly kind: 'assert';
      readonly cond: SqlText;
      readonly message: SqlText | undefined;
      readonly line: number;
    };

/** The loops; `label` names them for EXIT / CONTINUE. */
export type Loop =
  | {
      readonly kind: 'loop';
      readonly label: string | undefined;
      readonly body: readonly Stmt[];
      readonly line: number;
    }
  | {
      readonly kind: 'while';
      readonly label: string | undefined;
      readonly cond: SqlText;
      readonly body: readonly Stmt[];
      readonly line: number;
    }
  | {
      readonly kind: 'forInteger';
      readonly label: string | undefined;
      readonly variable: string;
      readonly reverse: boolean;
      readonly lower: SqlText;
      readonly upper: SqlText;
      readonly step: SqlText | undefined;
      readonly body: readonly Stmt[];
      readonly line: number;
    }
  | {
      readonly kind: 'forQuery';
      readonly label: string | undefined;
      readonly targets: readonly Target[];
      /** A query, or (`FOR … IN EXECUTE`) the expression giving its text. */
      readonly query: SqlText;
      readonly execute: boolean;
      readonly using: readonly SqlText[];
      readonly body: readonly Stmt[];
      readonly line: number;
    }
  | {
      readonly kind: 'foreach';
      readonly label: string | undefined;
      readonly target: Target;
      readonly array: SqlText;
      readonly body: readonly Stmt[];
      readonly line: number;
    };

/** What CONTEXT names a statement by: `at RAISE`, `at SQL statement`, `at assignment`. */
export function statementName(s: Stmt): string {
  switch (s.kind) {
    case 'block':
      return 'statement block';
    case 'assign':
      return 'assignment';
    case 'null':
      return 'NULL';
    case 'if':
      return 'IF';
    case 'case':
      return 'CASE';
    case 'loop':
      return 'LOOP';
    case 'while':
      return 'WHILE';
    case 'forInteger':
      return 'FOR with integer loop variable';
    case 'forQuery':
      return s.execute ? 'FOR over EXECUTE statement' : 'FOR over SELECT rows';
    case 'foreach':
      return 'FOREACH over array';
    case 'exit':
      return s.next ? 'CONTINUE' : 'EXIT';
    case 'return':
      return 'RETURN';
    case 'returnNext':
      return 'RETURN NEXT';
    case 'returnQuery':
      return 'RETURN QUERY';
    case 'transaction':
      return s.command;
    case 'sql':
      // PL/pgSQL's own CALL statement (PLpgSQL_stmt_call) names itself so.
      return /^\s*call\b/i.test(s.sql.text) ? 'CALL' : 'SQL statement';
    case 'perform':
      return 'PERFORM';
    case 'execute':
      return 'EXECUTE';
    case 'raise':
      return 'RAISE';
    case 'getDiagnostics':
      return 'GET DIAGNOSTICS';
    case 'assert':
      return 'ASSERT';
  }
}
