/**
 * A session that finishes Query, Execute and Sync synchronously (values, not promises — as the
 * engine does for a point lookup): the connection answers inside its read loop, in order, with
 * errors thrown synchronously handled as rejections were (ErrorResponse, skip until Sync).
 */
import { DbError, sqlType, type Value } from '@rustydb/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackendMessage,
  bindMessage,
  dataRows,
  executeMessage,
  messageTypes,
  parseMessage,
  query,
  RawClient,
  syncMessage,
} from '../test/raw-client.js';
import { ProtocolServer } from './protocol-server.js';
import type {
  Backend,
  FieldDescription,
  QueryOutput,
  Session,
  StatementDescription,
  TransactionStatus,
} from './session.js';

const INT4 = sqlType('int4');
const FIELDS: readonly FieldDescription[] = [{ name: 'n', type: INT4, tableOid: 0, columnAttnum: 0 }];

/** `select N` answers N; `fail` throws 22012; Sync of a pipeline with 'boom' throws 40001. */
class SyncSession implements Session {
  readonly processId = 77;
  readonly secretKey = 7;
  readonly events: string[] = [];
  private readonly portals = new Map<string, Value>();
  private syncFails = false;

  parameterStatuses(): Readonly<Record<string, string>> {
    return { server_version: '15.0' };
  }

  simpleQuery(sql: string, out: QueryOutput): undefined {
    this.events.push(`query:${sql}`);
    if (sql === 'fail') throw new DbError('22012', 'division by zero');
    out.rowDescription(FIELDS);
    out.dataRow([Number(sql.split(' ')[1])]);
    out.commandComplete('SELECT 1');
    return undefined;
  }

  prepare(): void {}

  describeStatement(): StatementDescription {
    return { paramTypes: [INT4], fields: FIELDS };
  }

  bind(portal: string, _statement: string, params: readonly Value[]): void {
    this.portals.set(portal, params[0]!);
  }

  describePortal(): readonly FieldDescription[] {
    return FIELDS;
  }

  execute(portal: string, _maxRows: number, out: QueryOutput): boolean {
    this.events.push(`execute:${portal}`);
    const v = this.portals.get(portal);
    if (v === 0) throw new DbError('22012', 'division by zero');
    if (v === -1) this.syncFails = true;
    out.rowDescription(FIELDS);
    out.dataRow([v ?? null]);
    out.commandComplete('SELECT 1');
    return false;
  }

  closeStatement(): void {}
  closePortal(): void {}

  sync(afterError: boolean): undefined {
    this.events.push(`sync:${afterError}`);
    this.portals.clear();
    if (this.syncFails) {
      this.syncFails = false;
      throw new DbError(
        '40001',
        'could not serialize access due to read/write dependencies among transactions',
      );
    }
    return undefined;
  }

  transactionStatus(): TransactionStatus {
    return 'I';
  }

  async close(): Promise<void> {}
}

const sessions: SyncSession[] = [];
const backend: Backend = {
  async startSession() {
    const s = new SyncSession();
    sessions.push(s);
    return s;
  },
  cancel() {},
};
const server = new ProtocolServer(backend);
let port = 0;

beforeAll(async () => {
  port = (await server.listen(0, '127.0.0.1')).port;
});
afterAll(() => server.close());

async function roundTrip(c: RawClient, ...messages: Buffer[]): Promise<BackendMessage[]> {
  c.send(Buffer.concat(messages));
  return c.readUntil('Z');
}

const fieldOf = (m: BackendMessage, code: string): string | undefined => {
  const parts = m.body.toString().split('\0');
  return parts.find((p) => p.startsWith(code))?.slice(1);
};

describe('a session that answers synchronously', () => {
  it('answers a Query, and a Query that throws with ErrorResponse and ReadyForQuery', async () => {
    const { client } = await RawClient.ready(port);
    const ok = await roundTrip(client, query('select 5'));
    expect(messageTypes(ok)).toBe('TDCZ');
    expect(dataRows(ok)).toEqual([['5']]);
    const failed = await roundTrip(client, query('fail'));
    expect(messageTypes(failed)).toBe('EZ');
    expect(fieldOf(failed[0], 'C')).toBe('22012');
    expect(dataRows(await roundTrip(client, query('select 6')))).toEqual([['6']]);
    client.destroy();
  });

  it('answers a pipeline of Bind/Execute/Sync triples in order, one ReadyForQuery each', async () => {
    const { client } = await RawClient.ready(port);
    await roundTrip(client, parseMessage('', 'select $1', [23]), syncMessage());
    const pipeline: Buffer[] = [];
    for (const n of ['1', '2', '3'])
      pipeline.push(bindMessage('', '', [n]), executeMessage(''), syncMessage());
    client.send(Buffer.concat(pipeline));
    const got: BackendMessage[] = [];
    for (let i = 0; i < 3; i++) got.push(...(await client.readUntil('Z')));
    expect(messageTypes(got)).toBe('2DCZ2DCZ2DCZ');
    expect(dataRows(got)).toEqual([['1'], ['2'], ['3']]);
    client.destroy();
  });

  it('skips to Sync after an Execute that throws, and reports a Sync that throws', async () => {
    const { client } = await RawClient.ready(port);
    const session = sessions[sessions.length - 1]!;
    const ms = await roundTrip(
      client,
      parseMessage('', 'select $1', [23]),
      bindMessage('', '', ['0']),
      executeMessage(''),
      bindMessage('', '', ['9']),
      executeMessage(''),
      syncMessage(),
    );
    expect(messageTypes(ms)).toBe('12EZ');
    expect(fieldOf(ms[2], 'C')).toBe('22012');
    expect(session.events.slice(-2)).toEqual(['execute:', 'sync:true']);
    const failedSync = await roundTrip(
      client,
      bindMessage('', '', ['-1']),
      executeMessage(''),
      syncMessage(),
    );
    expect(messageTypes(failedSync)).toBe('2DCEZ');
    expect(fieldOf(failedSync[3], 'C')).toBe('40001');
    expect(dataRows(await roundTrip(client, query('select 7')))).toEqual([['7']]);
    client.destroy();
  });
});
