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
 *   fatal             FATAL 57P01
 *   notice            a WARNING notice, then tag DO
 *   sleep             waits until cancelled, then 57014
 *   pause <ms>        waits ms milliseconds, then tag PAUSE
 *   poison            tag POISON, after which transactionStatus() throws (a session bug)
 * Anything else is a 42601 syntax error at its first word.
 */
import { DbError, type SqlType, type Value, sqlType } from '@rustydb/common';
import type { Backend, QueryOutput, Session, StartupParameters, TransactionStatus } from '../src/session.js';

const INT4 = sqlType('int4');
const TEXT = sqlType('text');

const column = (name: string, type: SqlType) => ({ name, type, tableOid: 0, columnAttnum: 0 });

export class FakeSession implements Session {
  readonly queries: string[] = [];
  /** What happened, in order: 'query:<sql>', 'settled:<sql>', 'cancel', 'close'. */
  readonly events: string[] = [];
  closeCount = 0;
  backpressureWaits = 0;
  running = 0;
  maxRunning = 0;
  private status: TransactionStatus = 'I';
  private cancelled: (() => void) | undefined;
  private poisoned = false;

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
    if (word === 'select' && arg === 'nulls') {
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
    } else if (word === 'pause') {
      await new Promise((resolve) => setTimeout(resolve, n));
      out.commandComplete('PAUSE');
    } else {
      throw new DbError('42601', `syntax error at or near "${word}"`, { position: 1 });
    }
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
