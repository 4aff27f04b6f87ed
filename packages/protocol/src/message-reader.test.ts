import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { frame, query, startupPacket } from '../test/raw-client.js';
import { MessageReader } from './message-reader.js';

/** Feeds `bytes` in chunks of `size` and collects [type, body] of every frame. */
function readAll(reader: MessageReader, bytes: Buffer, size: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < bytes.length; i += size) {
    reader.push(bytes.subarray(i, i + size));
    for (let m = reader.next(); m !== undefined; m = reader.next()) {
      out.push([String.fromCharCode(m.type), m.view(m.remaining).toString('latin1')]);
    }
  }
  return out;
}

function regularReader(options = {}): MessageReader {
  const r = new MessageReader(options);
  r.startupPhase = false;
  return r;
}

function errorOf(fn: () => unknown): DbError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DbError) return err;
    throw err;
  }
  throw new Error('expected a DbError');
}

describe('MessageReader framing', () => {
  const stream = Buffer.concat([query('select 1'), frame('S'), query('x'.repeat(300)), frame('X')]);
  const expected: Array<[string, string]> = [
    ['Q', 'select 1\0'],
    ['S', ''],
    ['Q', `${'x'.repeat(300)}\0`],
    ['X', ''],
  ];

  it.each([1, 2, 3, 5, 7, 64, stream.length])('cuts the same frames from chunks of %i bytes', (size) => {
    expect(readAll(regularReader(), stream, size)).toEqual(expected);
  });

  it('reads a startup packet, then regular messages from the same chunk', () => {
    const r = new MessageReader();
    r.push(Buffer.concat([startupPacket({ user: 'u' }), query('select 1')]));
    const startup = r.next()!;
    expect(startup.type).toBe(0);
    expect(startup.int32()).toBe(196608);
    expect(startup.cstring()).toBe('user');
    r.startupPhase = false;
    const q = r.next()!;
    expect(String.fromCharCode(q.type)).toBe('Q');
    expect(q.cstring()).toBe('select 1');
    expect(r.next()).toBeUndefined();
    expect(r.bufferedBytes).toBe(0);
  });

  it('counts buffered bytes until they are framed', () => {
    const r = regularReader();
    r.push(query('select 1').subarray(0, 3));
    expect(r.bufferedBytes).toBe(3);
    expect(r.next()).toBeUndefined();
    expect(r.bufferedBytes).toBe(0);
  });
});

describe('MessageReader limits (FATAL 08P01)', () => {
  it('rejects an unknown type byte before its length arrives', () => {
    const r = regularReader();
    r.push(Buffer.of(0x01));
    const e = errorOf(() => r.next());
    expect([e.code, e.message, e.severity]).toEqual(['08P01', 'invalid frontend message type 1', 'FATAL']);
  });

  it.each([0, 3, -1])('rejects length %i', (length) => {
    const r = regularReader();
    const b = Buffer.alloc(5);
    b[0] = 0x51;
    b.writeInt32BE(length, 1);
    r.push(b);
    expect(errorOf(() => r.next()).message).toBe('invalid message length');
  });

  it('rejects a length over maxMessageSize without allocating it', () => {
    const r = regularReader({ maxMessageSize: 1000 });
    r.push(Buffer.from([0x51, 0, 0, 0x03, 0xe9])); // 1001
    expect(errorOf(() => r.next()).message).toBe('invalid message length');
    const ok = regularReader({ maxMessageSize: 1000 });
    ok.push(frame('Q', `${'a'.repeat(995)}\0`)); // length 1000
    expect(ok.next()!.remaining).toBe(996);
  });

  it('limits small message types to 10,000 bytes whatever maxMessageSize says', () => {
    const r = regularReader();
    r.push(frame('S', Buffer.alloc(10_000)));
    expect(errorOf(() => r.next()).message).toBe('invalid message length');
  });

  it.each([4, 7, 10_001])('rejects a startup packet of length %i', (length) => {
    const r = new MessageReader();
    const b = Buffer.alloc(8);
    b.writeInt32BE(length, 0);
    r.push(b);
    expect(errorOf(() => r.next()).message).toBe('invalid length of startup packet');
  });
});

describe('FrontendMessage field reads', () => {
  const message = (body: Buffer) => {
    const r = regularReader();
    r.push(frame('Q', body));
    return r.next()!;
  };

  it('reads integers and strings in order and checks the end', () => {
    const body = Buffer.concat([Buffer.from('ab\0'), Buffer.from([0, 0, 0, 7, 0xff, 0xfe, 9])]);
    const m = message(body);
    expect(m.cstring()).toBe('ab');
    expect(m.int32()).toBe(7);
    expect(m.int16()).toBe(-2);
    expect(() => m.expectEnd()).toThrow('invalid message format');
    expect(m.byte()).toBe(9);
    m.expectEnd();
  });

  it('never looks for a NUL past the frame', () => {
    const r = regularReader();
    // The NUL right after the frame belongs to the next message and must not be used.
    r.push(Buffer.concat([frame('Q', 'select 1'), query('x')]));
    const m = r.next()!;
    const e = errorOf(() => m.cstring());
    expect([e.code, e.message, e.severity]).toEqual(['08P01', 'invalid string in message', 'ERROR']);
  });

  it('checks every read against the frame', () => {
    const m = message(Buffer.from([0, 0, 1]));
    expect(() => m.int32()).toThrow('insufficient data left in message');
    expect(() => m.view(4)).toThrow('insufficient data left in message');
    expect(() => m.view(-1)).toThrow('insufficient data left in message');
    expect(m.int16()).toBe(0);
    expect(() => m.int16()).toThrow('insufficient data left in message');
  });

  it.each([
    [[0x73, 0xc3, 0x28, 0x41], '0xc3 0x28'],
    [[0x73, 0xff], '0xff'],
    [[0x73, 0xe2, 0x82], '0xe2 0x82'],
    [[0xed, 0xa0, 0x80], '0xed 0xa0 0x80'], // a surrogate
    [[0xc0, 0xaf], '0xc0 0xaf'], // overlong '/'
    [[0xf4, 0x90, 0x80, 0x80], '0xf4 0x90 0x80 0x80'], // above U+10FFFF
  ])('rejects invalid UTF-8 %j as PostgreSQL does (22021 ... %s)', (bytes, shown) => {
    const m = message(Buffer.from([...bytes, 0]));
    const e = errorOf(() => m.cstring(true));
    expect([e.code, e.message]).toEqual(['22021', `invalid byte sequence for encoding "UTF8": ${shown}`]);
  });

  it('accepts valid multi-byte UTF-8', () => {
    const text = 'héllo wörld ✓ 😀 \u{10ffff}';
    expect(message(Buffer.from(`${text}\0`)).cstring(true)).toBe(text);
  });

  it('reads short ASCII names, empty ones, and strings longer than the short scan', () => {
    const long = `select '${'x'.repeat(100)}'`;
    const m = message(Buffer.from(`\0P0_1\0P0_1\0P0_2\0Q\0${long}\0é\0`));
    expect([m.cstring(true), m.cstring(true), m.cstring(true), m.cstring(true), m.cstring(true)]).toEqual([
      '',
      'P0_1',
      'P0_1',
      'P0_2',
      'Q',
    ]);
    expect(m.cstring(true)).toBe(long);
    expect(m.cstring(true)).toBe('é');
    m.expectEnd();
  });

  it('never returns a remembered name for different bytes of the same length', () => {
    // The remembered last name must be compared byte by byte, not by length.
    for (const name of ['abcd', 'abce', 'bbcd', 'abcd']) {
      expect(message(Buffer.from(`${name}\0`)).cstring()).toBe(name);
    }
  });

  it('rejects a short name whose NUL lies past the frame, and invalid UTF-8 in a short name', () => {
    const r = regularReader();
    r.push(Buffer.concat([frame('E', 'P0_1'), query('x')]));
    expect(errorOf(() => r.next()!.cstring(true)).code).toBe('08P01');
    expect(errorOf(() => message(Buffer.from([0x50, 0xc3, 0x28, 0])).cstring(true)).code).toBe('22021');
  });
});

describe('MessageReader messages without a body', () => {
  it('returns a bodiless message ending a chunk at once, then frames a message split over the next chunks', () => {
    const r = regularReader();
    const sync = frame('S');
    const q = query('select 2');
    r.push(Buffer.concat([query('select 1'), sync, q.subarray(0, 3)]));
    expect(String.fromCharCode(r.next()!.type)).toBe('Q');
    const s = r.next()!;
    expect([String.fromCharCode(s.type), s.remaining]).toEqual(['S', 0]);
    expect(r.next()).toBeUndefined();
    r.push(q.subarray(3, 9));
    expect(r.next()).toBeUndefined();
    r.push(Buffer.concat([q.subarray(9), sync]));
    const m = r.next()!;
    expect([String.fromCharCode(m.type), m.cstring(true)]).toEqual(['Q', 'select 2']);
    expect(String.fromCharCode(r.next()!.type)).toBe('S');
    expect(r.next()).toBeUndefined();
    expect(r.bufferedBytes).toBe(0);
  });
});

describe('MessageReader over a reused read buffer (pushBorrowed / returnBorrowed)', () => {
  const stream = Buffer.concat([
    query('select 1'),
    frame('S'),
    frame('B', Buffer.concat([Buffer.from('\0\0'), Buffer.alloc(40, 0x61)])),
    query('x'.repeat(300)),
    frame('X'),
  ]);
  const expected = readAll(regularReader(), stream, stream.length);

  /**
   * Delivers `bytes` through one reused buffer, as a socket with a user buffer does: each read
   * overwrites the buffer from offset 0, and the previous read's bytes are scribbled over first.
   * `takeEvery` says after which reads messages are taken (others leave them queued, as while an
   * async step runs); the rest are taken at the end.
   */
  function readBorrowed(bytes: Buffer, cuts: readonly number[], takeEvery = true): Array<[string, string]> {
    const r = regularReader();
    const buffer = Buffer.alloc(bytes.length);
    const out: Array<[string, string]> = [];
    const take = () => {
      for (let m = r.next(); m !== undefined; m = r.next()) {
        out.push([String.fromCharCode(m.type), m.view(m.remaining).toString('latin1')]);
      }
    };
    const bounds = [0, ...cuts, bytes.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      buffer.fill(0xee);
      const n = bytes.copy(buffer, 0, bounds[i], bounds[i + 1]);
      r.pushBorrowed(buffer.subarray(0, n));
      if (takeEvery) take();
      r.returnBorrowed();
    }
    buffer.fill(0xee);
    take();
    return out;
  }

  it('cuts the same frames when the stream is split at every byte offset', () => {
    for (let cut = 1; cut < stream.length; cut++) expect(readBorrowed(stream, [cut])).toEqual(expected);
  });

  it.each([1, 2, 3, 7, 64])('cuts the same frames from reads of %i bytes into one buffer', (size) => {
    const cuts: number[] = [];
    for (let i = size; i < stream.length; i += size) cuts.push(i);
    expect(readBorrowed(stream, cuts)).toEqual(expected);
  });

  it('keeps messages left unread across later reads that overwrite the buffer', () => {
    // Nothing is taken until the end: every message was queued while "a step ran".
    for (const cut of [5, 17, 60, stream.length - 3])
      expect(readBorrowed(stream, [cut], false)).toEqual(expected);
  });

  it('marks messages cut from a borrowed chunk as not owned; keep() then copies', () => {
    const r = regularReader();
    const buffer = Buffer.from(frame('d', 'abc'));
    r.pushBorrowed(buffer);
    const m = r.next()!;
    expect(m.owned).toBe(false);
    const kept = m.keep(3);
    r.returnBorrowed();
    buffer.fill(0);
    expect(kept.toString()).toBe('abc');
    r.push(frame('d', 'xyz'));
    const owned = r.next()!;
    expect(owned.owned).toBe(true);
    const view = owned.keep(3);
    expect(view.toString()).toBe('xyz');
  });

  it('leaves nothing queued when the read held whole messages only', () => {
    const r = regularReader();
    const buffer = Buffer.concat([query('select 1'), frame('S')]);
    r.pushBorrowed(buffer);
    expect(r.next()).toBeDefined();
    expect(r.next()).toBeDefined();
    expect(r.next()).toBeUndefined();
    r.returnBorrowed();
    expect(r.bufferedBytes).toBe(0);
  });
});
