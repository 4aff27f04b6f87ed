/**
 * The extended query protocol of a session: Parse makes a PreparedStatement (parsed once,
 * planned once, plan cached: prepared-statement.ts), Bind a Portal (portal.ts) with its plan
 * taken then, Execute runs it, possibly in slices. A pipeline runs in one implicit transaction,
 * begun by the first Bind or Execute that needs one and committed by Sync — PostgreSQL's rule —
 * unless BEGIN turns it into an explicit block. An error aborts it (Sync after an error the
 * protocol saw). Portals end with their transaction (TransactionBlock owns them); prepared
 * statements live until closed. Internal to EngineSession, which delegates to it.
 */
import type { CatalogView } from '@rustydb/catalog';
import {
  type DateTimeStyle,
  DbError,
  inFailedTransaction,
  type SqlType,
  type TimeZone,
  type Value,
} from '@rustydb/common';
import { parse, type Statement } from '@rustydb/parser';
import type { FieldDescription, FormatCode, QueryOutput, StatementDescription } from '@rustydb/protocol';
import type { Transaction } from '@rustydb/txn';
import { Portal } from './portal.js';
import { PreparedStatement } from './prepared-statement.js';
import { checkWritable } from './read-only-check.js';
import type { SessionSettings } from './session-settings.js';
import type { MakeStatementContext, StatementContext } from './statement-context.js';
import {
  isExitStatement,
  needsSafeSnapshot,
  TRANSACTION_FREE,
  type TransactionBlock,
} from './transaction-block.js';

/** What the extended protocol needs of its session. */
export interface ExtendedHost {
  readonly block: TransactionBlock;
  readonly settings: SessionSettings;
  /** The catalog as `tx` sees it through the session's search_path. */
  reader(tx: Transaction | undefined): CatalogView;
  readonly statementContext: MakeStatementContext;
  /**
   * Runs an Execute of `portal` (`portal.run(maxRows, ctx)`) under statement_timeout. Returns the
   * plain boolean when the run finished synchronously and no timeout is set (no promise, and no
   * closure, on the point-lookup path).
   */
  runPortal(portal: Portal, maxRows: number, ctx: StatementContext): Promise<boolean> | boolean;
  /** Runs an unplanned statement as a Query message's statement would run. */
  runStatement(
    stmt: Statement,
    sql: string,
    params: readonly Value[],
    paramTypes: readonly (SqlType | undefined)[] | undefined,
    out: QueryOutput,
  ): Promise<void>;
}

/** One session's prepared statements and the Parse/Bind/Execute/Close/Sync steps. */
export class ExtendedProtocol {
  readonly statements = new Map<string, PreparedStatement>();

  constructor(private readonly host: ExtendedHost) {}

  /** Parse. Sync. @throws DbError 42P05, 25P02, or the parser's/binder's error. */
  prepare(name: string, sql: string, paramTypeOids: readonly number[]): void {
    const host = this.host;
    if (name !== '' && this.statements.has(name)) {
      throw new DbError('42P05', `prepared statement "${name}" already exists`);
    }
    if (host.block.state === 'failed') {
      const stmts = parse(sql);
      if (stmts.length !== 1 || !isExitStatement(stmts[0]!.stmt)) throw inFailedTransaction();
    }
    const catalog = host.reader(host.block.tx);
    const statements = this.statements;
    statements.set(name, PreparedStatement.create(sql, paramTypeOids, catalog, host.settings, statements));
  }

  /**
   * Describe 'S'. An `EXECUTE name` describes the rows of `name` as Parse found them; when it
   * had rows and `name` is gone since, 26000 (PostgreSQL's FetchStatementTargetList). Sync.
   * @throws DbError 26000.
   */
  describeStatement(name: string): StatementDescription {
    const st = this.statement(name);
    if (st.stmt?.kind === 'execute' && st.fields !== undefined) this.statement(st.stmt.name);
    return { paramTypes: st.paramTypes, fields: st.fields };
  }

  /**
   * Bind: a portal over a prepared statement, its plan taken now (in the pipeline's implicit
   * transaction, begun here if none). Sync. @throws DbError 26000, 25P02, 42P03, 08P01.
   */
  bind(
    portal: string,
    statement: string,
    params: readonly Value[],
    resultFormats: readonly FormatCode[],
  ): void {
    const block = this.host.block;
    const st = this.statement(statement);
    if (block.state === 'failed' && !(st.stmt && isExitStatement(st.stmt))) throw inFailedTransaction();
    if (portal !== '' && (block.portals.has(portal) || block.cursors.has(portal))) {
      throw new DbError('42P03', `cursor "${portal}" already exists`);
    }
    const fields = st.fieldsInFormats(resultFormats);
    let plan: ReturnType<PreparedStatement['plan']> | undefined;
    if (st.planned) {
      if (block.state === 'idle') block.begin({}, 'implicit');
      plan = st.plan(this.host.reader(block.tx), this.host.settings);
    }
    st.notePlanUsed();
    const portals = block.portals;
    portals.get(portal)?.close();
    const reused = portal === '' ? portals.reusableUnnamed(block.runningPortal) : undefined;
    portals.set(
      portal,
      reused !== undefined
        ? reused.rebind(st, params, fields, plan)
        : new Portal(portal, st, params, fields, plan),
    );
  }

  /** Describe 'P'. Sync. @throws DbError 34000. */
  describePortal(name: string): readonly FieldDescription[] | undefined {
    return this.portal(name).fields;
  }

  /** Close 'S'. */
  closeStatement(name: string): void {
    this.statements.delete(name);
  }

  /** Close 'P'. */
  closePortal(name: string): void {
    const portals = this.host.block.portals;
    portals.get(name)?.close();
    portals.delete(name);
  }

  /**
   * Execute: runs portal `name` for up to `maxRows` rows (0: all); true when suspended. Sync
   * (the boolean itself) when nothing had to wait, else async. @throws DbError 34000, 25P02,
   * 55000, or the statement's error (the caller fails the block).
   */
  execute(name: string, maxRows: number, out: QueryOutput): Promise<boolean> | boolean {
    const portal = this.portal(name);
    const block = this.host.block;
    block.runningPortal = portal;
    let run: Promise<boolean> | boolean;
    try {
      run = this.#run(portal, maxRows, out);
    } catch (err) {
      block.runningPortal = undefined;
      throw err;
    }
    if (typeof run === 'boolean') {
      block.runningPortal = undefined;
      return run;
    }
    return run.finally(() => {
      block.runningPortal = undefined;
    });
  }

  #run(portal: Portal, maxRows: number, out: QueryOutput): Promise<boolean> | boolean {
    const host = this.host;
    const block = host.block;
    const st = portal.statement;
    const stmt = st.stmt;
    if (stmt === undefined) {
      out.emptyQuery();
      return false;
    }
    if (block.state === 'failed' && !isExitStatement(stmt)) throw inFailedTransaction();
    if (!st.planned) {
      if (portal.done) throw new DbError('55000', `portal "${portal.name}" cannot be run`);
      portal.done = true;
      if (block.state === 'idle' && !TRANSACTION_FREE.has(stmt.kind)) block.begin({}, 'implicit');
      const fields = portal.fields;
      const output = fields?.some((f) => f.format === 1) ? new PortalFormatsOutput(out, fields) : out;
      return host.runStatement(stmt, st.sql, portal.params, st.paramTypes, output).then(() => false);
    }
    if (block.state === 'idle') block.begin({}, 'implicit');
    const tx = block.tx!;
    checkWritable(stmt.kind, tx, stmt.kind === 'drop' ? stmt.objectType : undefined);
    if (needsSafeSnapshot(tx)) {
      return tx.awaitSafeSnapshot().then(() => this.#runPlanned(portal, tx, maxRows, out));
    }
    return this.#runPlanned(portal, tx, maxRows, out);
  }

  /** A planned portal in `tx`: sync when the portal's run is (see `Portal.run`). */
  #runPlanned(
    portal: Portal,
    tx: Transaction,
    maxRows: number,
    out: QueryOutput,
  ): Promise<boolean> | boolean {
    const st = portal.statement;
    tx.startStatement();
    const ctx = this.host.statementContext(tx, st.sql, portal.params, st.paramTypes, out);
    const run = this.host.runPortal(portal, maxRows, ctx);
    if (typeof run === 'boolean') {
      if (!run) tx.nextCommand();
      return run;
    }
    return run.then((suspended) => {
      if (!suspended) tx.nextCommand();
      return suspended;
    });
  }

  /** The prepared statement `name`. Sync. @throws DbError 26000. */
  statement(name: string): PreparedStatement {
    const st = this.statements.get(name);
    if (st === undefined) throw new DbError('26000', `prepared statement "${name}" does not exist`);
    return st;
  }

  /** The portal `name`. Sync. @throws DbError 34000. */
  portal(name: string): Portal {
    const p = this.host.block.portals.get(name);
    if (p === undefined) throw new DbError('34000', `portal "${name}" does not exist`);
    return p;
  }
}

/**
 * The output of a statement the session runs itself (a CALL's row) whose Bind asked for binary
 * columns: its DataRows are encoded in the portal's formats, not in those of the text fields the
 * statement describes its row with. Such a statement (CALL, SHOW) copies no data, so COPY's
 * methods are left out.
 */
class PortalFormatsOutput implements QueryOutput {
  constructor(
    private readonly out: QueryOutput,
    private readonly fields: readonly FieldDescription[],
  ) {}

  rowDescription(
    _fields: readonly FieldDescription[],
    timeZone?: TimeZone,
    extraFloatDigits?: number,
    dateTimeStyle?: DateTimeStyle,
  ): void {
    this.out.rowDescription(this.fields, timeZone, extraFloatDigits, dateTimeStyle);
  }

  dataRow(values: readonly Value[]): void {
    this.out.dataRow(values);
  }

  commandComplete(tag: string): void {
    this.out.commandComplete(tag);
  }

  emptyQuery(): void {
    this.out.emptyQuery();
  }

  notice(notice: DbError): void {
    this.out.notice(notice);
  }

  backpressure(): Promise<void> | undefined {
    return this.out.backpressure?.();
  }
}
