import { DbError, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { FLUSH_THRESHOLD, MessageWriter } from './message-writer.js';

class CollectingSink {
  readonly chunks: Buffer[] = [];
  accept = true;
  write(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return this.accept;
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

function written(fn: (w: MessageWriter) => void): Buffer {
  const sink = new CollectingSink();
  const w = new MessageWriter(sink);
  fn(w);
  w.flush();
  return sink.bytes;
}

/** Splits ErrorResponse/NoticeResponse bytes into [code letter, value] pairs. */
function fieldsOf(bytes: Buffer): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 5;
  while (bytes[i] !== 0) {
    const end = bytes.indexOf(0, i + 1);
    out.push([String.fromCharCode(bytes[i]), bytes.toString('utf8', i + 1, end)]);
    i = end + 1;
  }
  expect(i + 1).toBe(bytes.length);
  return out;
}

describe('MessageWriter', () => {
  it("writes a result byte for byte as PostgreSQL 15 does (select 1 as a, null::text as b, 'héllo'::varchar(10) as c)", () => {
    // Captured from PostgreSQL 15 with a raw socket.
    const postgres =
      '540000004200036100000000000000000000170004ffffffff0000620000000000000000000019ffffffffffff0000' +
      '630000000000000000000413ffff0000000e0000440000001900030000000131ffffffff0000000668c3a96c6c6f' +
      '430000000d53454c4543542031005a0000000549';
    const types = [sqlType('int4'), sqlType('text'), sqlType('varchar', 14)];
    const bytes = written((w) => {
      w.rowDescription(
        ['a', 'b', 'c'].map((name, i) => ({ name, type: types[i], tableOid: 0, columnAttnum: 0 })),
      );
      w.dataRow([1, null, 'héllo'], types);
      w.commandComplete('SELECT 1');
      w.readyForQuery('I');
    });
    expect(bytes.toString('hex')).toBe(postgres);
  });

  it('writes the startup messages', () => {
    const bytes = written((w) => {
      w.authenticationOk();
      w.parameterStatus('client_encoding', 'UTF8');
      w.backendKeyData(42, -7);
      w.negotiateProtocolVersion(0, ['_pq_.bar']);
    });
    expect(bytes.toString('hex')).toBe(
      `5200000008000000005300000019${Buffer.from('client_encoding\0UTF8\0').toString('hex')}` +
        `4b0000000c0000002afffffff9760000001500000000000000015f70715f2e62617200`,
    );
  });

  it('writes the single refusal byte and an EmptyQueryResponse', () => {
    expect(written((w) => w.encryptionRefused()).toString('hex')).toBe('4e');
    expect(written((w) => w.emptyQueryResponse()).toString('hex')).toBe('4900000004');
  });

  it('writes every ErrorResponse field a DbError carries, in PostgreSQL order', () => {
    const err = new DbError('23505', 'duplicate key', {
      detail: 'D',
      hint: 'H',
      position: 12,
      internalPosition: 3,
      internalQuery: 'q',
      where: 'W',
      schema: 's',
      table: 't',
      column: 'c',
      dataType: 'd',
      constraint: 'n',
    });
    const bytes = written((w) => w.errorResponse(err));
    expect(bytes[0]).toBe(0x45);
    expect(bytes.readInt32BE(1)).toBe(bytes.length - 1);
    expect(fieldsOf(bytes)).toEqual([
      ['S', 'ERROR'],
      ['V', 'ERROR'],
      ['C', '23505'],
      ['M', 'duplicate key'],
      ['D', 'D'],
      ['H', 'H'],
      ['P', '12'],
      ['p', '3'],
      ['q', 'q'],
      ['W', 'W'],
      ['s', 's'],
      ['t', 't'],
      ['c', 'c'],
      ['d', 'd'],
      ['n', 'n'],
    ]);
  });

  it('writes the error severity and defaults notices to NOTICE', () => {
    const fatal = written((w) => w.errorResponse(new DbError('08P01', 'bad', { severity: 'FATAL' })));
    expect(fieldsOf(fatal).slice(0, 2)).toEqual([
      ['S', 'FATAL'],
      ['V', 'FATAL'],
    ]);
    const notice = written((w) => w.noticeResponse(new DbError('00000', 'hello')));
    expect(notice[0]).toBe(0x4e);
    expect(fieldsOf(notice)).toEqual([
      ['S', 'NOTICE'],
      ['V', 'NOTICE'],
      ['C', '00000'],
      ['M', 'hello'],
    ]);
  });

  it('ends a C string at an embedded NUL rather than corrupt the framing', () => {
    const bytes = written((w) => w.commandComplete('SELECT\u00001'));
    expect(bytes.toString('latin1')).toBe('C\0\0\0\x0bSELECT\0');
  });

  it('leaves nothing of a row whose value cannot be formatted', () => {
    const sink = new CollectingSink();
    const w = new MessageWriter(sink);
    w.commandComplete('X');
    const before = w.pendingBytes;
    expect(() => w.dataRow([1, 2], [sqlType('int4'), sqlType('date')])).toThrow(DbError);
    expect(() => w.dataRow([1], [sqlType('int4'), sqlType('int4')])).toThrow('DataRow has 1 columns');
    expect(w.pendingBytes).toBe(before);
  });

  it('grows for a large row and writes non-ASCII text with its byte length', () => {
    const big = 'é'.repeat(200_000);
    const bytes = written((w) => w.dataRow([big], [sqlType('text')]));
    expect(bytes.readInt32BE(1)).toBe(4 + 2 + 4 + 400_000);
    expect(bytes.readInt32BE(7)).toBe(400_000);
    expect(bytes.toString('utf8', 11)).toBe(big);
  });

  it('reuses its buffer: each flush hands over a fresh copy and reports backpressure', () => {
    const sink = new CollectingSink();
    const w = new MessageWriter(sink);
    w.commandComplete('A');
    expect(w.flush()).toBe(true);
    sink.accept = false;
    w.commandComplete('B');
    expect(w.flush()).toBe(false);
    expect(sink.chunks.map((c) => c.toString('latin1'))).toEqual(['C\0\0\0\x06A\0', 'C\0\0\0\x06B\0']);
    expect(w.pendingBytes).toBe(0);
    expect(w.flush()).toBe(true); // nothing pending: nothing written
    expect(sink.chunks).toHaveLength(2);
    expect(FLUSH_THRESHOLD).toBe(65536);
  });
});
