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

  it('encodes a RowDescription again from the same fields array, and fresh fields anew', () => {
    const int4 = { name: 'a', type: sqlType('int4'), tableOid: 0, columnAttnum: 0 };
    const fields = [int4];
    const once = written((w) => w.rowDescription(fields));
    const bytes = written((w) => {
      w.rowDescription(fields);
      w.rowDescription(fields);
      w.rowDescription([{ ...int4, name: 'b', format: 1 }]);
      w.rowDescription(fields);
    });
    const other = written((w) => w.rowDescription([{ ...int4, name: 'b', format: 1 }]));
    expect(bytes.toString('hex')).toBe(
      once.toString('hex').repeat(2) + other.toString('hex') + once.toString('hex'),
    );
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

  it('writes the authentication requests byte for byte as PostgreSQL 15 does', () => {
    // Captured from PostgreSQL 15 over a raw socket: roles with `password`, `md5` and
    // `scram-sha-256` rules, then one SCRAM exchange to its end (nonces, salt and proof are that
    // run's; the writer copies whatever data it is given).
    const serverFirst =
      'r=3wqHoKjGxhIKV7B0xmznyHjjr4niNoZH0StLju5OgEWHokg4,s=KZ0KXUyeGWCuddMan4k7OA==,i=4096';
    const serverFinal = 'v=EYT7GmlENOMK6VnACgogA8v8jhmZa4ObdEzwt2d8abI=';
    expect(written((w) => w.authenticationCleartextPassword()).toString('hex')).toBe('520000000800000003');
    expect(written((w) => w.authenticationMd5Password(Buffer.from('3137a23f', 'hex'))).toString('hex')).toBe(
      '520000000c000000053137a23f',
    );
    expect(written((w) => w.authenticationSasl(['SCRAM-SHA-256'])).toString('hex')).toBe(
      '52000000170000000a534352414d2d5348412d3235360000',
    );
    expect(written((w) => w.authenticationSaslContinue(Buffer.from(serverFirst, 'latin1')))).toEqual(
      Buffer.concat([Buffer.from('520000005c0000000b', 'hex'), Buffer.from(serverFirst, 'latin1')]),
    );
    expect(written((w) => w.authenticationSaslFinal(Buffer.from(serverFinal, 'latin1')))).toEqual(
      Buffer.concat([Buffer.from('52000000360000000c', 'hex'), Buffer.from(serverFinal, 'latin1')]),
    );
    // An empty challenge (SASLInitialResponse without data) and two mechanisms.
    expect(written((w) => w.authenticationSaslContinue(Buffer.alloc(0))).toString('hex')).toBe(
      '52000000080000000b',
    );
    expect(written((w) => w.authenticationSasl(['A', 'B'])).toString('hex')).toBe(
      '520000000d0000000a4100420000',
    );
  });

  it("writes the single byte 'S' accepting an SSLRequest", () => {
    expect(written((w) => w.sslAccepted()).toString('hex')).toBe('53');
  });

  it('refuses an md5 salt that is not 4 bytes', () => {
    expect(() => written((w) => w.authenticationMd5Password(Buffer.alloc(3)))).toThrow(/md5 salt of 3 bytes/);
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

  it.each([
    ['short ASCII', 'SELECT 1'],
    ['64 characters', 'x'.repeat(64)],
    ['65 characters', 'y'.repeat(65)],
    ['non-ASCII after ASCII', 'INSERT é 1'],
    ['a long string with a NUL', `${'z'.repeat(70)}\u0000tail`],
  ])('writes a C string (%s) as its UTF-8 bytes and one NUL', (_, tag) => {
    const text = tag.split('\u0000')[0];
    const body = Buffer.from(`${text}\0`, 'utf8');
    const header = Buffer.from([0x43, 0, 0, 0, 0]);
    header.writeInt32BE(body.length + 4, 1);
    expect(written((w) => w.commandComplete(tag))).toEqual(Buffer.concat([header, body]));
  });

  it('leaves nothing of a row whose value cannot be formatted', () => {
    const sink = new CollectingSink();
    const w = new MessageWriter(sink);
    w.commandComplete('X');
    const before = w.pendingBytes;
    // A timetz in binary format has no encoder (0A000), after the int4 was written.
    expect(() => w.dataRow([1, 2], [sqlType('int4'), sqlType('timetz')], [0, 1])).toThrow(DbError);
    expect(() => w.dataRow([1], [sqlType('int4'), sqlType('int4')])).toThrow('DataRow has 1 columns');
    expect(w.pendingBytes).toBe(before);
  });

  it('writes binary columns where the formats say so', () => {
    const bytes = written((w) => w.dataRow([7, 'x'], [sqlType('int4'), sqlType('text')], [1, 0]));
    // D, length, Int16 2, then Int32 4 + int4 7, then Int32 1 + 'x'.
    expect([...bytes.subarray(5)]).toEqual([0, 2, 0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 1, 0x78]);
  });

  it('grows for a large row and writes non-ASCII text with its byte length', () => {
    const big = 'é'.repeat(200_000);
    const bytes = written((w) => w.dataRow([big], [sqlType('text')]));
    expect(bytes.readInt32BE(1)).toBe(4 + 2 + 4 + 400_000);
    expect(bytes.readInt32BE(7)).toBe(400_000);
    expect(bytes.toString('utf8', 11)).toBe(big);
  });

  it('writes short text values byte for byte as UTF-8, ASCII or not, at and past 64 characters', () => {
    const values = [
      '',
      '0',
      '-2147483648',
      'a'.repeat(64),
      'b'.repeat(65),
      `${'c'.repeat(63)}é`,
      'é',
      'x\u{1F600}y',
    ];
    const bytes = written((w) =>
      w.dataRow(
        values,
        values.map(() => sqlType('text')),
      ),
    );
    let at = 7;
    for (const v of values) {
      const expected = Buffer.from(v, 'utf8');
      expect(bytes.readInt32BE(at)).toBe(expected.length);
      expect(bytes.subarray(at + 4, at + 4 + expected.length)).toEqual(expected);
      at += 4 + expected.length;
    }
    expect(at).toBe(bytes.length);
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

/**
 * A sink that says what it holds, as a plain socket does: `held` chunks stand for writes the
 * kernel has not taken yet. `snapshots` are the bytes of each chunk when it was written.
 */
class HoldingSink extends CollectingSink {
  holdNext = false;
  held = 0;
  readonly snapshots: string[] = [];
  override write(chunk: Buffer): boolean {
    this.snapshots.push(chunk.toString('latin1'));
    if (this.holdNext) this.held += chunk.length;
    return super.write(chunk);
  }
  heldBytes(): number {
    return this.held;
  }
}

describe('MessageWriter.flush to a sink that says what it holds', () => {
  it('writes views of one buffer while the sink takes each write at once', () => {
    const sink = new HoldingSink();
    const w = new MessageWriter(sink);
    for (const tag of ['A', 'B', 'CD', 'E']) {
      w.commandComplete(tag);
      w.flush();
    }
    expect(sink.snapshots).toEqual(['C\0\0\0\x06A\0', 'C\0\0\0\x06B\0', 'C\0\0\0\x07CD\0', 'C\0\0\0\x06E\0']);
    const [a, b, c, e] = sink.chunks;
    expect(new Set([a!.buffer, b!.buffer, c!.buffer, e!.buffer]).size).toBe(1);
    expect(b).toBe(a); // same length: the same view
    expect(c).not.toBe(a);
  });

  it('leaves a held chunk alone: later messages go to a new buffer', () => {
    const sink = new HoldingSink();
    const w = new MessageWriter(sink);
    w.commandComplete('A');
    w.flush();
    sink.holdNext = true;
    w.commandComplete('B');
    w.flush();
    sink.holdNext = false;
    for (const tag of ['X', 'Y', 'Z']) {
      w.commandComplete(tag);
      w.flush();
    }
    // The held chunk still reads 'B' after three more messages (it would read 'Z' if reused).
    expect(sink.chunks[1]!.toString('latin1')).toBe('C\0\0\0\x06B\0');
    expect(sink.chunks[2]!.buffer).not.toBe(sink.chunks[1]!.buffer);
    // While anything is held, every flush moves to a new buffer.
    expect(sink.chunks[3]!.buffer).not.toBe(sink.chunks[2]!.buffer);
    // Every chunk written since is intact too (the first, released, was reused for 'B').
    expect(sink.chunks.slice(1).map((c) => c.toString('latin1'))).toEqual(sink.snapshots.slice(1));
  });

  it('copies when the sink cannot say (TLS)', () => {
    const sink = new HoldingSink();
    const w = new MessageWriter({ write: (c) => sink.write(c), heldBytes: () => undefined });
    w.commandComplete('A');
    w.flush();
    w.commandComplete('B');
    w.flush();
    expect(sink.chunks.map((c) => c.toString('latin1'))).toEqual(['C\0\0\0\x06A\0', 'C\0\0\0\x06B\0']);
  });
});
