/**
 * The PL/pgSQL parser (the subset docs/sql.md lists under "DO blocks"): a recursive descent over
 * the lexer's tokens producing the tree of ast.ts. SQL inside statements is cut out of the body as
 * text between tokens, as PostgreSQL's pl_gram.y does with read_sql_construct: an expression runs
 * up to its terminating keyword at parenthesis depth 0 (`THEN`, `LOOP`, `;` …).
 *
 * Errors are 42601 `syntax error at or near "x"` (or `at end of input`) as PostgreSQL's, and
 * 0A000 for PL/pgSQL constructs we do not run (cursors, transaction control).
 */
import { DbError } from '@rustydb/common';
import type {
  Block,
  Condition,
  Declaration,
  Handler,
  Into,
  Raise,
  RaiseLevel,
  RaiseOptionName,
  SqlText,
  Stmt,
  Target,
} from './ast.js';
import { checkConditions } from './conditions.js';
import { type Token, tokenize } from './lexer.js';

/**
 * What is being compiled: a DO block (`inline_code_block`, returning void), or a function or
 * procedure — its name for CONTEXT lines, and whether it returns void (RETURN takes no
 * expression then).
 */
export interface BodyOptions {
  readonly functionName: string;
  readonly returnsVoid: boolean;
  /** A function or procedure (not a DO block). */
  readonly isFunction: boolean;
  /** A procedure: `RETURN expr` is PostgreSQL's 42601 `RETURN cannot have a parameter in a procedure`. */
  readonly procedure?: boolean;
  /** RETURNS SETOF / TABLE: RETURN NEXT and RETURN QUERY allowed, RETURN takes no expression. */
  readonly returnsSet?: boolean;
  /** RETURNS TABLE or OUT parameters: RETURN [NEXT] takes no expression (the columns' variables are returned). */
  readonly outColumns?: boolean;
}

const DO_BLOCK: BodyOptions = { functionName: 'inline_code_block', returnsVoid: true, isFunction: false };

/** Parses a DO block's or function's body. Sync. @throws DbError 42601 (syntax), 0A000 (unsupported). */
export function parseBlockBody(body: string, options: BodyOptions = DO_BLOCK): Block {
  return new BodyParser(body, options).parseTop();
}

const RAISE_LEVELS: ReadonlySet<string> = new Set(['debug', 'log', 'info', 'notice', 'warning', 'exception']);
const RAISE_OPTIONS: ReadonlySet<string> = new Set(['errcode', 'message', 'detail', 'hint']);
/** Words that end a statement list (the enclosing construct reads them). */
const LIST_ENDS: ReadonlySet<string> = new Set(['end', 'else', 'elsif', 'elseif', 'exception', 'when']);
/** Statements that INTO may follow in (pl_gram.y's make_execsql_stmt). */
const INTO_STATEMENTS: ReadonlySet<string> = new Set(['select', 'insert', 'update', 'delete', 'with']);
const UNSUPPORTED: Readonly<Record<string, string>> = {
  open: 'cursors in PL/pgSQL',
  fetch: 'cursors in PL/pgSQL',
  move: 'cursors in PL/pgSQL',
  close: 'cursors in PL/pgSQL',
};

class BodyParser {
  readonly #body: string;
  readonly #tokens: Token[];
  #pos = 0;
  /** Labels of the enclosing blocks and loops, and how many loops enclose (EXIT's checks). */
  readonly #labels: string[] = [];
  #loops = 0;

  constructor(
    body: string,
    private readonly options: BodyOptions,
  ) {
    this.#body = body;
    this.#tokens = tokenize(body);
  }

  parseTop(): Block {
    try {
      const block = this.#block(this.#label());
      this.#acceptOp(';');
      if (this.#peek() !== undefined) throw this.#syntaxError();
      return block;
    } catch (err) {
      // Errors other than syntax errors name the line, as PostgreSQL's compilation CONTEXT.
      if (!(err instanceof DbError) || err.message.startsWith('syntax error')) throw err;
      const line = (this.#peek() ?? this.#tokens.at(-1))?.line ?? 1;
      throw err.with({
        where: `compilation of PL/pgSQL function "${this.options.functionName}" near line ${line}`,
      });
    }
  }

  /* ------------------------------------------------------------------------------ tokens */

  #peek(offset = 0): Token | undefined {
    return this.#tokens[this.#pos + offset];
  }

  #next(): Token {
    const t = this.#tokens[this.#pos];
    if (t === undefined) throw this.#syntaxError();
    this.#pos++;
    return t;
  }

  #isWord(word: string, offset = 0): boolean {
    const t = this.#peek(offset);
    return t !== undefined && t.type === 'word' && t.value === word;
  }

  #isOp(op: string, offset = 0): boolean {
    const t = this.#peek(offset);
    return t !== undefined && t.type === 'op' && t.value === op;
  }

  #acceptWord(word: string): boolean {
    if (!this.#isWord(word)) return false;
    this.#pos++;
    return true;
  }

  #acceptOp(op: string): boolean {
    if (!this.#isOp(op)) return false;
    this.#pos++;
    return true;
  }

  #expectWord(word: string): void {
    if (!this.#acceptWord(word)) throw this.#syntaxError();
  }

  #expectOp(op: string): void {
    if (!this.#acceptOp(op)) throw this.#syntaxError();
  }

  /** An identifier (a plain or a quoted word). */
  #name(): string {
    const t = this.#next();
    if (t.type !== 'word' && t.type !== 'qword') throw this.#syntaxError(t);
    return t.value;
  }

  #syntaxError(t: Token | undefined = this.#peek()): DbError {
    if (t === undefined) return new DbError('42601', 'syntax error at end of input');
    return new DbError('42601', `syntax error at or near "${this.#body.slice(t.start, t.end)}"`);
  }

  /**
   * SQL up to (not including) a token `stop` accepts at parenthesis depth 0. @throws 42601 when
   * the body ends first or the SQL is empty.
   */
  #sql(stop: (t: Token) => boolean): SqlText {
    const first = this.#peek();
    let depth = 0;
    for (;;) {
      const t = this.#peek();
      if (t === undefined) throw this.#syntaxError();
      if (depth === 0 && stop(t)) break;
      if (t.type === 'op' && (t.value === '(' || t.value === '[')) depth++;
      if (t.type === 'op' && (t.value === ')' || t.value === ']')) depth--;
      this.#pos++;
    }
    if (first === this.#peek()) throw this.#syntaxError();
    return this.#textBetween(first!, this.#tokens[this.#pos - 1]!);
  }

  #textBetween(first: Token, last: Token): SqlText {
    return { text: this.#body.slice(first.start, last.end), line: first.line };
  }

  /* ------------------------------------------------------------------------------ blocks */

  /** `<<label>>`, if there. */
  #label(): string | undefined {
    if (!this.#acceptOp('<<')) return undefined;
    const label = this.#name();
    this.#expectOp('>>');
    return label;
  }

  #block(label: string | undefined): Block {
    this.#labels.push(label ?? '');
    try {
      return this.#blockInner(label);
    } finally {
      this.#labels.pop();
    }
  }

  #blockInner(label: string | undefined): Block {
    const line = this.#peek()?.line ?? 1;
    const declarations: Declaration[] = [];
    while (this.#acceptWord('declare')) {
      while (!this.#isWord('begin') && !this.#isWord('declare')) declarations.push(this.#declaration());
    }
    this.#expectWord('begin');
    const body = this.#statements();
    let handlers: Handler[] | undefined;
    if (this.#acceptWord('exception')) {
      handlers = [];
      while (this.#acceptWord('when')) handlers.push(this.#handler());
      if (handlers.length === 0) throw this.#syntaxError();
    }
    this.#expectWord('end');
    this.#endLabel(label);
    return { kind: 'block', label, declarations, body, handlers, line };
  }

  /** The optional label after END (it must match the opening one). */
  #endLabel(label: string | undefined): void {
    const t = this.#peek();
    if (t === undefined || (t.type !== 'word' && t.type !== 'qword')) return;
    if (label === undefined)
      throw new DbError('42601', `end label "${t.value}" specified for unlabeled block`);
    if (t.value !== label)
      throw new DbError('42601', `end label "${t.value}" differs from block's label "${label}"`);
    this.#pos++;
  }

  #declaration(): Declaration {
    const nameToken = this.#peek();
    const name = this.#name();
    const constant = this.#acceptWord('constant');
    if (this.#isWord('alias') || this.#isWord('cursor') || this.#isWord('refcursor')) {
      throw unsupported(`${this.#peek()!.value.toUpperCase()} declarations in PL/pgSQL`);
    }
    const typeEnd = (t: Token) =>
      (t.type === 'word' && (t.value === 'default' || t.value === 'not' || t.value === 'collate')) ||
      (t.type === 'op' && (t.value === ';' || t.value === ':=' || t.value === '='));
    const type = this.#sql(typeEnd).text;
    if (/%\s*(type|rowtype)\s*$/i.test(type)) throw unsupported('%TYPE and %ROWTYPE in PL/pgSQL');
    if (this.#acceptWord('collate')) this.#name();
    let notNull = false;
    if (this.#acceptWord('not')) {
      this.#expectWord('null');
      notNull = true;
    }
    let initial: SqlText | undefined;
    if (this.#acceptWord('default') || this.#acceptOp(':=') || this.#acceptOp('=')) {
      initial = this.#sql((t) => t.type === 'op' && t.value === ';');
    }
    this.#expectOp(';');
    if ((constant || notNull) && initial === undefined) {
      throw new DbError(
        '42601',
        constant
          ? 'constant variable must have a default value'
          : "variable must have a default value, since it's declared NOT NULL",
      );
    }
    return {
      name,
      constant,
      notNull,
      type: type.trim().toLowerCase(),
      default: initial,
      line: nameToken!.line,
    };
  }

  #handler(): Handler {
    const conditions: Condition[] = [];
    do {
      if (this.#acceptWord('sqlstate')) conditions.push({ sqlstate: this.#stringValue(this.#next()) });
      else conditions.push({ name: this.#name() });
    } while (this.#acceptWord('or'));
    checkConditions(conditions);
    this.#expectWord('then');
    return { conditions, body: this.#statements() };
  }

  /* -------------------------------------------------------------------------- statements */

  /** Statements up to one of LIST_ENDS (or the end of the body). */
  #statements(): Stmt[] {
    const list: Stmt[] = [];
    for (;;) {
      const t = this.#peek();
      if (t === undefined || (t.type === 'word' && LIST_ENDS.has(t.value))) return list;
      list.push(this.#statement());
    }
  }

  #statement(): Stmt {
    const label = this.#label();
    const t = this.#next();
    const line = t.line;
    if (
      label !== undefined &&
      !(t.type === 'word' && /^(begin|declare|loop|while|for|foreach)$/.test(t.value))
    ) {
      throw this.#syntaxError(t);
    }
    if (t.type === 'word') {
      switch (t.value) {
        case 'begin':
        case 'declare': {
          this.#pos--;
          const block = this.#block(label);
          this.#expectOp(';');
          return block;
        }
        case 'if':
          return this.#if(line);
        case 'case':
          return this.#case(line);
        case 'loop':
        case 'while':
        case 'for':
        case 'foreach':
          return this.#loop(t.value, label, line);
        case 'exit':
        case 'continue':
          return this.#exit(t.value === 'continue', line);
        case 'return':
          return this.#return(line);
        case 'raise':
          return this.#raise(line);
        case 'perform':
          return this.#perform(t, line);
        case 'execute':
          return this.#execute(line);
        case 'get':
          return this.#getDiagnostics(line);
        case 'assert':
          return this.#assert(line);
        case 'null':
          if (this.#isOp(';')) {
            this.#pos++;
            return { kind: 'null', line };
          }
          break;
        case 'commit':
        case 'rollback':
          if (!this.#isOp(':=')) return this.#transaction(t.value === 'commit' ? 'COMMIT' : 'ROLLBACK', line);
          break;
        default:
          if (UNSUPPORTED[t.value] !== undefined && !this.#isOp(':='))
            throw unsupported(UNSUPPORTED[t.value]!);
      }
      if (this.#isAssignment()) return this.#assignment(t, line);
    } else if (t.type === 'qword' && this.#isAssignment()) {
      return this.#assignment(t, line);
    }
    this.#pos--;
    return this.#sqlStatement(line);
  }

  /** After a word: `:=`, `=`, `.field :=` or `[i] :=` follows. */
  #isAssignment(): boolean {
    if (this.#isOp(':=') || this.#isOp('=')) return true;
    if (this.#isOp('.') && (this.#isOp(':=', 2) || this.#isOp('=', 2))) return true;
    if (this.#isOp('[')) throw unsupported('assignment to an array element in PL/pgSQL');
    return false;
  }

  #assignment(first: Token, line: number): Stmt {
    const target: string[] = [first.value];
    if (this.#acceptOp('.')) target.push(this.#name());
    this.#next(); // := or =
    const expr = this.#sql(isSemicolon);
    const source = this.#textBetween(first, this.#tokens[this.#pos - 1]!).text;
    this.#expectOp(';');
    return { kind: 'assign', target, expr, source, line };
  }

  #if(line: number): Stmt {
    const branches: { cond: SqlText; body: Stmt[] }[] = [];
    do {
      const cond = this.#sql(isWord('then'));
      this.#expectWord('then');
      branches.push({ cond, body: this.#statements() });
    } while (this.#acceptWord('elsif') || this.#acceptWord('elseif'));
    const otherwise = this.#acceptWord('else') ? this.#statements() : undefined;
    this.#expectWord('end');
    this.#expectWord('if');
    this.#expectOp(';');
    return { kind: 'if', branches, otherwise, line };
  }

  #case(line: number): Stmt {
    const subject = this.#isWord('when') ? undefined : this.#sql(isWord('when'));
    const whens: { match: SqlText; body: Stmt[] }[] = [];
    while (this.#acceptWord('when')) {
      const match = this.#sql(isWord('then'));
      this.#expectWord('then');
      whens.push({ match, body: this.#statements() });
    }
    if (whens.length === 0) throw this.#syntaxError();
    const otherwise = this.#acceptWord('else') ? this.#statements() : undefined;
    this.#expectWord('end');
    this.#expectWord('case');
    this.#expectOp(';');
    return { kind: 'case', subject, whens, otherwise, line };
  }

  #loop(word: string, label: string | undefined, line: number): Stmt {
    this.#labels.push(label ?? '');
    this.#loops++;
    try {
      return this.#loopInner(word, label, line);
    } finally {
      this.#labels.pop();
      this.#loops--;
    }
  }

  #loopInner(word: string, label: string | undefined, line: number): Stmt {
    let loop: Stmt;
    if (word === 'loop') {
      loop = { kind: 'loop', label, body: this.#loopBody(label), line };
    } else if (word === 'while') {
      const cond = this.#sql(isWord('loop'));
      this.#expectWord('loop');
      loop = { kind: 'while', label, cond, body: this.#loopBody(label), line };
    } else if (word === 'for') {
      loop = this.#for(label, line);
    } else {
      const target = this.#target();
      if (this.#isWord('slice')) throw unsupported('FOREACH … SLICE');
      this.#expectWord('in');
      this.#expectWord('array');
      const array = this.#sql(isWord('loop'));
      this.#expectWord('loop');
      loop = { kind: 'foreach', label, target, array, body: this.#loopBody(label), line };
    }
    return loop;
  }

  /** The statements of a loop after LOOP, then `END LOOP [label];`. */
  #loopBody(label: string | undefined): Stmt[] {
    const body = this.#statements();
    this.#expectWord('end');
    this.#expectWord('loop');
    this.#endLabel(label);
    this.#expectOp(';');
    return body;
  }

  #for(label: string | undefined, line: number): Stmt {
    const targets = [this.#target()];
    while (this.#acceptOp(',')) targets.push(this.#target());
    this.#expectWord('in');
    if (this.#acceptWord('execute')) {
      const query = this.#sql((t) => isWord('loop')(t) || isWord('using')(t));
      const using = this.#acceptWord('using') ? this.#list(isWord('loop')) : [];
      this.#expectWord('loop');
      return {
        kind: 'forQuery',
        label,
        targets,
        query,
        execute: true,
        using,
        body: this.#loopBody(label),
        line,
      };
    }
    const reverse = this.#acceptWord('reverse');
    const start = this.#pos;
    const range = (t: Token) => t.type === 'op' && t.value === '..';
    const head = this.#sql(isWord('loop'));
    const end = this.#pos;
    this.#pos = start;
    const isRange = this.#tokens.slice(start, end).some(range);
    if (!isRange) {
      if (reverse) throw this.#syntaxError();
      this.#pos = end;
      this.#expectWord('loop');
      return {
        kind: 'forQuery',
        label,
        targets,
        query: head,
        execute: false,
        using: [],
        body: this.#loopBody(label),
        line,
      };
    }
    if (targets.length !== 1 || targets[0]!.length !== 1) throw this.#syntaxError();
    const lower = this.#sql(range);
    this.#expectOp('..');
    const upper = this.#sql((t) => isWord('loop')(t) || isWord('by')(t));
    const step = this.#acceptWord('by') ? this.#sql(isWord('loop')) : undefined;
    this.#expectWord('loop');
    const variable = targets[0]![0]!;
    return {
      kind: 'forInteger',
      label,
      variable,
      reverse,
      lower,
      upper,
      step,
      body: this.#loopBody(label),
      line,
    };
  }

  #target(): Target {
    const parts = [this.#name()];
    if (this.#acceptOp('.')) parts.push(this.#name());
    return parts;
  }

  /** Comma-separated expressions up to `stop`. */
  #list(stop: (t: Token) => boolean): SqlText[] {
    const list: SqlText[] = [];
    do list.push(this.#sql((t) => stop(t) || (t.type === 'op' && t.value === ',')));
    while (this.#acceptOp(','));
    return list;
  }

  #exit(next: boolean, line: number): Stmt {
    const t = this.#peek();
    const label =
      t !== undefined && (t.type === 'word' || t.type === 'qword') && t.value !== 'when'
        ? this.#name()
        : undefined;
    if (label === undefined && this.#loops === 0) {
      throw new DbError(
        '42601',
        next
          ? 'CONTINUE cannot be used outside a loop'
          : 'EXIT cannot be used outside a loop, unless it has a label',
      );
    }
    if (label !== undefined && !this.#labels.includes(label)) {
      throw new DbError(
        '42601',
        `there is no label "${label}" attached to any block or loop enclosing this statement`,
      );
    }
    const when = this.#acceptWord('when') ? this.#sql(isSemicolon) : undefined;
    this.#expectOp(';');
    return { kind: 'exit', next, label, when, line };
  }

  #return(line: number): Stmt {
    if (this.#isWord('next') || this.#isWord('query')) {
      // A DO block returns void, so PostgreSQL rejects these when compiling it.
      if (!this.options.returnsSet) {
        throw new DbError(
          '42804',
          `cannot use RETURN ${this.#peek()!.value.toUpperCase()} in a non-SETOF function`,
        );
      }
      return this.#acceptWord('next') ? this.#returnNext(line) : this.#returnQuery(line);
    }
    if (this.options.returnsSet) {
      if (this.#acceptOp(';')) return { kind: 'return', line };
      throw new DbError('42804', 'RETURN cannot have a parameter in function returning set', {
        hint: 'Use RETURN NEXT or RETURN QUERY.',
      });
    }
    if (this.options.outColumns) {
      if (this.#acceptOp(';')) return { kind: 'return', line };
      throw new DbError('42804', 'RETURN cannot have a parameter in function with OUT parameters');
    }
    if (this.#acceptOp(';')) {
      if (!this.options.returnsVoid) throw new DbError('42601', 'missing expression at or near ";"');
      return { kind: 'return', line };
    }
    if (this.options.procedure) throw new DbError('42601', 'RETURN cannot have a parameter in a procedure');
    if (this.options.returnsVoid) {
      throw new DbError('42804', 'RETURN cannot have a parameter in function returning void');
    }
    const expr = this.#sql(isSemicolon);
    this.#expectOp(';');
    return { kind: 'return', expr, line };
  }

  /** COMMIT / ROLLBACK [AND [NO] CHAIN];  (after the word; pl_gram.y's opt_transaction_chain). */
  #transaction(command: 'COMMIT' | 'ROLLBACK', line: number): Stmt {
    let chain = false;
    if (this.#acceptWord('and')) {
      chain = !this.#acceptWord('no');
      this.#expectWord('chain');
    }
    this.#expectOp(';');
    return { kind: 'transaction', command, chain, line };
  }

  /** RETURN NEXT [expr];  (after NEXT). */
  #returnNext(line: number): Stmt {
    if (this.#acceptOp(';')) {
      if (!this.options.outColumns) throw new DbError('42601', 'missing expression at or near ";"');
      return { kind: 'returnNext', line };
    }
    if (this.options.outColumns) {
      throw new DbError('42804', 'RETURN NEXT cannot have a parameter in function with OUT parameters');
    }
    const expr = this.#sql(isSemicolon);
    this.#expectOp(';');
    return { kind: 'returnNext', expr, line };
  }

  /** RETURN QUERY query;  or  RETURN QUERY EXECUTE text [USING expr, …];  (at QUERY). */
  #returnQuery(line: number): Stmt {
    this.#pos++;
    const execute = this.#acceptWord('execute');
    const query = this.#sql((t) => isSemicolon(t) || (execute && isWord('using')(t)));
    const using = execute && this.#acceptWord('using') ? this.#list(isSemicolon) : [];
    this.#expectOp(';');
    return { kind: 'returnQuery', query, execute, using, line };
  }

  #raise(line: number): Raise {
    let level: RaiseLevel = 'exception';
    const t = this.#peek();
    if (t !== undefined && t.type === 'word' && RAISE_LEVELS.has(t.value)) {
      level = t.value as RaiseLevel;
      this.#pos++;
    }
    let condition: Condition | undefined;
    let format: string | undefined;
    let args: SqlText[] = [];
    const next = this.#peek();
    if (next?.type === 'string') {
      this.#pos++;
      format = this.#stringValue(next);
      if (this.#acceptOp(',')) args = this.#list((t) => isSemicolon(t) || isWord('using')(t));
      checkRaiseArgs(format, args.length);
    } else if (this.#acceptWord('sqlstate')) {
      condition = { sqlstate: this.#stringValue(this.#next()) };
    } else if (next !== undefined && !this.#isOp(';') && !this.#isWord('using')) {
      condition = { name: this.#name() };
    }
    const options: { name: RaiseOptionName; value: SqlText }[] = [];
    if (this.#acceptWord('using')) {
      do {
        const name = this.#name();
        if (!RAISE_OPTIONS.has(name))
          throw new DbError('42601', `unrecognized RAISE statement option "${name}"`);
        if (!this.#acceptOp('=') && !this.#acceptOp(':=')) throw this.#syntaxError();
        options.push({
          name: name as RaiseOptionName,
          value: this.#sql((t) => isSemicolon(t) || (t.type === 'op' && t.value === ',')),
        });
      } while (this.#acceptOp(','));
    }
    this.#expectOp(';');
    return { kind: 'raise', level, condition, format, args, options, line };
  }

  /** `PERFORM query`: the query with SELECT in place of PERFORM. */
  #perform(perform: Token, line: number): Stmt {
    const rest = this.#sql(isSemicolon);
    this.#expectOp(';');
    return { kind: 'perform', sql: { text: `SELECT ${rest.text}`, line: perform.line }, line };
  }

  #execute(line: number): Stmt {
    const command = this.#sql((t) => isSemicolon(t) || isWord('into')(t) || isWord('using')(t));
    let into: Into | undefined;
    let using: SqlText[] = [];
    for (;;) {
      if (into === undefined && this.#acceptWord('into')) into = this.#into();
      else if (using.length === 0 && this.#acceptWord('using'))
        using = this.#list((t) => isSemicolon(t) || isWord('into')(t));
      else break;
    }
    this.#expectOp(';');
    return { kind: 'execute', command, into, using, line };
  }

  /** After INTO: `[STRICT] target [, …]`. */
  #into(): Into {
    const strict = this.#acceptWord('strict');
    const targets = [this.#target()];
    while (this.#acceptOp(',')) targets.push(this.#target());
    return { strict, targets };
  }

  #getDiagnostics(line: number): Stmt {
    const stacked = this.#acceptWord('stacked');
    if (!stacked) this.#acceptWord('current');
    this.#expectWord('diagnostics');
    const items: { target: Target; item: string }[] = [];
    do {
      const target = this.#target();
      if (!this.#acceptOp('=') && !this.#acceptOp(':=')) throw this.#syntaxError();
      items.push({ target, item: this.#name() });
    } while (this.#acceptOp(','));
    this.#expectOp(';');
    return { kind: 'getDiagnostics', stacked, items, line };
  }

  #assert(line: number): Stmt {
    const cond = this.#sql((t) => isSemicolon(t) || (t.type === 'op' && t.value === ','));
    const message = this.#acceptOp(',') ? this.#sql(isSemicolon) : undefined;
    this.#expectOp(';');
    return { kind: 'assert', cond, message, line };
  }

  /**
   * Any other statement is SQL, up to `;`. In SELECT / INSERT / UPDATE / DELETE / WITH, an INTO
   * at depth 0 (not INSERT's own) names the targets; it is blanked out of the text.
   */
  #sqlStatement(line: number): Stmt {
    const first = this.#peek()!;
    const start = this.#pos;
    const whole = this.#sql(isSemicolon);
    const end = this.#pos;
    this.#expectOp(';');
    if (first.type !== 'word' || !INTO_STATEMENTS.has(first.value))
      return { kind: 'sql', sql: whole, into: undefined, line };
    let depth = 0;
    let skipInsertInto = first.value === 'insert';
    for (let i = start; i < end; i++) {
      const t = this.#tokens[i]!;
      if (t.type === 'op' && t.value === '(') depth++;
      if (t.type === 'op' && t.value === ')') depth--;
      if (depth !== 0 || t.type !== 'word' || t.value !== 'into') continue;
      if (skipInsertInto && this.#tokens[i - 1]?.value === 'insert') {
        skipInsertInto = false;
        continue;
      }
      const resume = this.#pos;
      this.#pos = i + 1;
      const into = this.#into();
      const after = this.#pos;
      this.#pos = resume;
      // Blanked rather than cut, as pl_gram.y does, so positions and CONTEXT match PostgreSQL's.
      const intoEnd = this.#tokens[after - 1]!.end;
      const text = (
        this.#body.slice(first.start, t.start) +
        ' '.repeat(intoEnd - t.start) +
        this.#body.slice(intoEnd, this.#tokens[end - 1]!.end)
      ).trimEnd();
      return { kind: 'sql', sql: { text, line: first.line }, into, line };
    }
    return { kind: 'sql', sql: whole, into: undefined, line };
  }

  /** The value of a string constant token. @throws 42601 for any other token. */
  #stringValue(t: Token): string {
    if (t.type !== 'string') throw this.#syntaxError(t);
    return stringConstant(t.value);
  }
}

const isSemicolon = (t: Token): boolean => t.type === 'op' && t.value === ';';
const isWord =
  (word: string) =>
  (t: Token): boolean =>
    t.type === 'word' && t.value === word;

function unsupported(what: string): DbError {
  return new DbError('0A000', `${what} is not supported`);
}

/** The value of `'…'`, `E'…'` or `$tag$…$tag$` as written in the body. */
export function stringConstant(text: string): string {
  if (text.startsWith('$')) {
    const tagEnd = text.indexOf('$', 1) + 1;
    return text.slice(tagEnd, text.length - tagEnd);
  }
  if (text[0] === 'E' || text[0] === 'e') {
    return text
      .slice(2, -1)
      .replaceAll("''", "'")
      .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' })[c] ?? c);
  }
  return text.slice(1, -1).replaceAll("''", "'");
}

/** pl_gram.y's check: as many arguments as `%` placeholders (`%%` is a literal %). */
function checkRaiseArgs(format: string, count: number): void {
  let placeholders = 0;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    if (format[i + 1] === '%') i++;
    else placeholders++;
  }
  if (count < placeholders) throw new DbError('42601', 'too few parameters specified for RAISE');
  if (count > placeholders) throw new DbError('42601', 'too many parameters specified for RAISE');
}
