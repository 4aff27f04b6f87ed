/**
 * A Backend double for the protocol tests: its sessions answer a few canned statements and
 * record what the protocol did to them (queries, cancels, closes, backpressure waits), so tests
 * can check the protocol's side of the contract without an engine.
 *
 * Canned statements (a Query's text is split on ';', as a real session runs each statement):
 *   select <n>        one int4 column `?column?` with the value n
 *   select nulls      columns (a int4, b text): (1,'x'), (NULL,NULL), (3,'héllo')
 *   big <n>           n rows (i int4, t text), waiting on backpressure every 1000 rows
 *   begin / commit    transaction status T / I
 *   fail              42601 with position, detail and hint (status E inside a transaction)
 *   crash             throws a plain Error (our bug: XX000)
 *   toolong           builds a string past V8's maximum length (RangeError: 54000)
 *   fatal             FATAL 57P01
 *   notice            a WARNING notice, then tag DO
 *   sleep             waits until cancelled, then 57014
 *   pause <ms>        waits ms milliseconds, then tag PAUSE
 *   poison            tag POISON, after which transactionStatus() throws (a session bug)
 *   copy in           COPY FROM STDIN: reads the data to its end, tag `COPY <bytes received>`
 *   copy out <n>      COPY TO STDOUT of n lines `line <i>\n`
 *   notify <c> <p>   queues a notification (channel c, payload p) for this session itself, tag NOTIFY
 * Anything else is a 42601 syntax error at its first word.
 *
 * Extended protocol: a prepared statement is one canned statement whose `$n` are replaced by the
 * parameters' text when the portal first runs (types: as given in Parse, text when 0). A portal
 * collects its rows on the first Execute and hands them out `maxRows` at a time. Every call is
 * recorded in `events` ('parse:<name>', 'bind:<portal>', 'execute:<portal>:<maxRows>',
 * 'sync:<afterError>', …).
 */
import { DbError, formatText, type SqlType, sqlType, typeByOid, type Value } from '@rustydb/common';
import type {
  Backend,
  FieldDescription,
  FormatCode,
  Notification,
  QueryOutput,
  Session,
  StartupParameters,
  StatementDescription,
  TransactionStatus,
} from '../src/session.js';

const INT4 = sqlType('int4');
const TEXT = sqlType('text');

const column = (name: string, type: SqlType) => ({ name, type, tableOid: 0, columnAttnum: 0 });

interface FakeStatement {
  readonly sql: string;
  readonly paramTypes: readonly SqlType[];
}

interface FakePortal {
  readonly sql: string;
  readonly fields: readonly FieldDescription[] | undefined;
  rows: Value[][] | undefined;
  tag: string;
  sent: number;
}

/** The columns a canned statement returns, or undefined (NoData). */
function fieldsOf(sql: string): FieldDescription[] | undefined {
  const [word, arg] = sql.trim().split(/\s+/);
  if (word === 'select' && arg === 'nulls') return [column('a', INT4), column('b', TEXT)];
  if (word === 'select') return [column('?column?', INT4)];
  if (word === 'big') return [column('i', INT4), column('t', TEXT)];
  return undefined;
}

/** Collects one statement's output (for portals). */
class Collector implements QueryOutput {
  rows: Value[][] = [];
  tag = '';
  constructor(private readonly inner: QueryOutput) {}
  rowDescription(): void {}
  dataRow(values: readonly Value[]): void {
    this.rows.push(values.slice());
  }
  commandComplete(tag: string): void {
    this.tag = tag;
  }
  emptyQuery(): void {
    this.tag = '';
  }
  notice(notice: DbError): void {
    this.inner.notice(notice);
  }
}

export class FakeSession implements Session {
  readonly queries: string[] = [];
  /** What happened, in order: 'query:<sql>', 'settled:<sql>', 'cancel', 'close'. */
  readonly events: string[] = [];
  closeCount = 0;
  backpressureWaits = 0;
  running = 0;
  maxRunning = 0;
  private status: TransactionStatus = 'I';
  private readonly statements = new Map<string, FakeStatement>();
  private readonly portals = new Map<string, FakePortal>();
  /** ParameterStatus to report before the next ReadyForQuery (set by `setParameter`). */
  private changed: Record<string, string> | undefined;
  private cancelled: (() => void) | undefined;
  private poisoned = false;
  private notificationListener: (() => void) | undefined;
  private readonly notifications: Notification[] = [];

  constructor(
    readonly processId: number,
    readonly secretKey: number,
    readonly params: StartupParameters,
  ) {}

  parameterStatuses(): Readonly<Record<string, string>> {
    return {
      server_version: '15.0',
      server_encoding: 'UTF8',
      client_encoding: 'UTF8',
      DateStyle: 'ISO, MDY',
      integer_datetimes: 'on',
      standard_conforming_strings: 'on',
      application_name: this.params.application_name ?? '',
    };
  }

  onNotification(listener: () => void): void {
    this.notificationListener = listener;
  }

  takeNotifications(): readonly Notification[] {
    return this.notifications.splice(0);
  }

  /** Queues a notification for this session, as a commit in another session would. */
  deliver(channel: string, payload: string, processId = 42): void {
    this.notifications.push({ processId, channel, payload });
    this.notificationListener?.();
  }

  async simpleQuery(sql: string, out: QueryOutput): Promise<void> {
    this.queries.push(sql);
    this.events.push(`query:${sql}`);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      for (const statement of sql.split(';')) {
        const text = statement.trim();
        if (text !== '') await this.run(text, out);
      }
    } catch (err) {
      if (this.status === 'T') this.status = 'E';
      throw err;
    } finally {
      this.running--;
      this.events.push(`settled:${sql}`);
    }
  }

  prepare(name: string, sql: string, paramTypeOids: readonly number[]): void {
    this.events.push(`parse:${name}`);
    if (name !== '' && this.statements.has(name)) {
      throw new DbError('42P05', `prepared statement "${name}" already exists`);
    }
    if (sql.trim().startsWith('fail')) throw new DbError('42601', 'syntax error at or near "fail"');
    const count = Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    const paramTypes: SqlType[] = [];
    for (let i = 0; i < count; i++) paramTypes.push(typeByOid(paramTypeOids[i] ?? 0) ?? TEXT);
    this.statements.set(name, { sql, paramTypes });
  }

  describeStatement(name: string): StatementDescription {
    const st = this.statement(name);
    // A session bug: a parameter without a type, which ParameterDescription cannot encode.
    if (st.sql === 'describe broken')
      return { paramTypes: [...st.paramTypes, undefined as never], fields: undefined };
    return { paramTypes: st.paramTypes, fields: fieldsOf(st.sql) };
  }

  bind(
    portal: string,
    statement: string,
    params: readonly Value[],
    resultFormats: readonly FormatCode[],
  ): void {
    this.events.push(`bind:${portal}`);
    const st = this.statement(statement);
    const sql = st.sql.replace(/\$(\d+)/g, (_, n) => {
      const v = params[Number(n) - 1];
      return v === null ? 'null' : formatText(v, st.paramTypes[Number(n) - 1]);
    });
    const base = fieldsOf(st.sql);
    const fields = base?.map((f, i) => ({
      ...f,
      format: resultFormats[resultFormats.length === 1 ? 0 : i] ?? 0,
    }));
    this.portals.set(portal, { sql, fields, rows: undefined, tag: '', sent: 0 });
  }

  describePortal(name: string): readonly FieldDescription[] | undefined {
    return this.portal(name).fields;
  }

  async execute(name: string, maxRows: number, out: QueryOutput): Promise<boolean> {
    this.events.push(`execute:${name}:${maxRows}`);
    const portal = this.portal(name);
    if (portal.rows === undefined) {
      if (portal.sql.startsWith('copy')) {
        await this.run(portal.sql, out);
        portal.rows = [];
        portal.tag = '';
        return false;
      }
      const collector = new Collector(out);
      await this.simpleQuery(portal.sql, collector);
      portal.rows = collector.rows;
      portal.tag = collector.tag;
    }
    if (portal.fields) out.rowDescription(portal.fields);
    const end = maxRows > 0 ? Math.min(portal.rows.length, portal.sent + maxRows) : portal.rows.length;
    for (; portal.sent < end; portal.sent++) out.dataRow(portal.rows[portal.sent]);
    if (portal.sent < portal.rows.length) return true;
    out.commandComplete(portal.tag);
    return false;
  }

  closeStatement(name: string): void {
    this.events.push(`closeStatement:${name}`);
    this.statements.delete(name);
  }

  closePortal(name: string): void {
    this.events.push(`closePortal:${name}`);
    this.portals.delete(name);
  }

  async sync(afterError: boolean): Promise<void> {
    this.events.push(`sync:${afterError}`);
    if (afterError && this.status === 'T') this.status = 'E';
    this.portals.delete('');
  }

  changedParameterStatuses(): Readonly<Record<string, string>> | undefined {
    const changed = this.changed;
    this.changed = undefined;
    return changed;
  }

  private statement(name: string): FakeStatement {
    const st = this.statements.get(name);
    if (!st) throw new DbError('26000', `prepared statement "${name}" does not exist`);
    return st;
  }

  private portal(name: string): FakePortal {
    const p = this.portals.get(name);
    if (!p) throw new DbError('34000', `portal "${name}" does not exist`);
    return p;
  }

  transactionStatus(): TransactionStatus {
    if (this.poisoned) throw new Error('transaction status is broken');
    return this.status;
  }

  async close(): Promise<void> {
    this.closeCount++;
    this.events.push('close');
  }

  cancel(): void {
    this.events.push('cancel');
    this.cancelled?.();
  }

  private async run(text: string, out: QueryOutput): Promise<void> {
    const [word, arg] = text.split(/\s+/);
    const n = Number(arg);
    if (word === 'notify') {
      this.deliver(arg ?? '', text.split(/\s+/)[2] ?? '', this.processId);
      out.commandComplete('NOTIFY');
    } else if (word === 'select' && arg === 'nulls') {
      out.rowDescription([column('a', INT4), column('b', TEXT)]);
      out.dataRow([1, 'x']);
      out.dataRow([null, null]);
      out.dataRow([3, 'héllo']);
      out.commandComplete('SELECT 3');
    } else if (word === 'select' && Number.isInteger(n)) {
      out.rowDescription([column('?column?', INT4)]);
      out.dataRow([n]);
      out.commandComplete('SELECT 1');
    } else if (word === 'big') {
      await this.big(n, out);
    } else if (word === 'begin' || word === 'commit') {
      this.status = word === 'begin' ? 'T' : 'I';
      out.commandComplete(word.toUpperCase());
    } else if (word === 'fail') {
      throw new DbError('42601', 'syntax error at or near "fail"', {
        position: 1,
        detail: 'a detail',
        hint: 'a hint',
        table: 't',
        constraint: 'c',
      });
    } else if (word === 'crash') {
      throw new Error('boom');
    } else if (word === 'toolong') {
      out.commandComplete(`TOOLONG ${'x'.repeat(2 ** 30).length}`);
    } else if (word === 'fatal') {
      throw new DbError('57P01', 'terminating connection due to administrator command', {
        severity: 'FATAL',
      });
    } else if (word === 'notice') {
      out.notice(new DbError('01000', 'careful', { severity: 'WARNING', detail: 'really' }));
      out.commandComplete('DO');
    } else if (word === 'sleep') {
      await new Promise<void>((resolve) => {
        this.cancelled = resolve;
      });
      this.cancelled = undefined;
      throw new DbError('57014', 'canceling statement due to user request');
    } else if (word === 'poison') {
      this.poisoned = true;
      out.commandComplete('POISON');
    } else if (word === 'set') {
      // set <name> <value>: a reported setting changed
      const [, name, value] = text.split(/\s+/);
      this.changed = { ...this.changed, [name]: value };
      out.commandComplete('SET');
    } else if (word === 'copy' && arg === 'in') {
      await this.copyIn(out);
    } else if (word === 'copy' && arg === 'out') {
      const lines = Number(text.split(/\s+/)[2]);
      out.copyOut?.({ format: 0, columnFormats: [0] });
      for (let i = 0; i < lines; i++) out.copyData?.(`line ${i}\n`);
      out.copyDone?.();
      out.commandComplete(`COPY ${lines}`);
    } else if (word === 'pause') {
      await new Promise((resolve) => setTimeout(resolve, n));
      out.commandComplete('PAUSE');
    } else {
      throw new DbError('42601', `syntax error at or near "${word}"`, { position: 1 });
    }
  }

  /** Bytes received by each COPY FROM STDIN, and their text. */
  readonly copied: string[] = [];

  private async copyIn(out: QueryOutput): Promise<void> {
    const stream = out.copyIn!({ format: 0, columnFormats: [0, 0] });
    const parts: Buffer[] = [];
    for (let chunk = await stream.read(); chunk !== undefined; chunk = await stream.read()) {
      parts.push(Buffer.from(chunk));
      // A slow consumer, so the queue fills and the connection must push back.
      if (parts.length % 64 === 0) await new Promise((r) => setTimeout(r, 1));
    }
    const data = Buffer.concat(parts);
    this.copied.push(data.toString());
    out.commandComplete(`COPY ${data.length}`);
  }

  private async big(n: number, out: QueryOutput): Promise<void> {
    out.rowDescription([column('i', INT4), column('t', TEXT)]);
    const row: Value[] = [0, ''];
    for (let i = 0; i < n; i++) {
      row[0] = i;
      row[1] = `row number ${i} with some padding to make it longer`;
      out.dataRow(row);
      if (i % 1000 === 999) {
        const wait = out.backpressure?.();
        if (wait) {
          this.backpressureWaits++;
          await wait;
        }
      }
    }
    out.commandComplete(`SELECT ${n}`);
  }
}

export class FakeBackend implements Backend {
  readonly sessions: FakeSession[] = [];
  readonly cancels: Array<[number, number]> = [];
  private nextPid = 1000;

  async startSession(params: StartupParameters): Promise<Session> {
    if (params.database === 'nodb') {
      throw new DbError('3D000', 'database "nodb" does not exist', { severity: 'FATAL' });
    }
    const pid = this.nextPid++;
    const session = new FakeSession(pid, pid * 7919, params);
    this.sessions.push(session);
    return session;
  }

  cancel(processId: number, secretKey: number): void {
    this.cancels.push([processId, secretKey]);
    const s = this.sessions.find((x) => x.processId === processId && x.secretKey === secretKey);
    s?.cancel();
  }

  /** The most recent session. */
  get last(): FakeSession {
    return this.sessions[this.sessions.length - 1];
  }
}
