import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { requestPacket, startupPacket } from '../test/raw-client.js';
import { MessageReader } from './message-reader.js';
import {
  CANCEL_REQUEST_CODE,
  decodeStartupPacket,
  GSSENC_REQUEST_CODE,
  SSL_REQUEST_CODE,
  type StartupPacket,
} from './startup-packet.js';

function decode(bytes: Buffer, sslDone = false, gssDone = false): StartupPacket {
  const r = new MessageReader();
  r.push(bytes);
  return decodeStartupPacket(r.next()!, sslDone, gssDone);
}

function failure(bytes: Buffer, sslDone = false): [string, string, string] {
  try {
    decode(bytes, sslDone);
  } catch (err) {
    if (err instanceof DbError) return [err.code, err.message, err.severity];
    throw err;
  }
  throw new Error('expected a DbError');
}

describe('decodeStartupPacket', () => {
  it('decodes a StartupMessage; the database defaults to the user', () => {
    expect(decode(startupPacket({ user: 'alice', application_name: 'psql' }))).toEqual({
      kind: 'StartupMessage',
      minorVersion: 0,
      parameters: { user: 'alice', application_name: 'psql', database: 'alice' },
      unsupportedOptions: [],
    });
  });

  it('accepts 3.x with _pq_ options to be negotiated down', () => {
    const p = decode(startupPacket({ user: 'u', database: 'd', '_pq_.bar': 'y', _pq_foo: 'z' }, 0x30002));
    expect(p).toMatchObject({
      minorVersion: 2,
      parameters: { user: 'u', database: 'd', _pq_foo: 'z' },
      unsupportedOptions: ['_pq_.bar'],
    });
  });

  it('decodes the request codes, each accepted once', () => {
    expect(decode(requestPacket(SSL_REQUEST_CODE))).toEqual({ kind: 'SSLRequest' });
    expect(decode(requestPacket(GSSENC_REQUEST_CODE))).toEqual({ kind: 'GSSENCRequest' });
    expect(decode(requestPacket(CANCEL_REQUEST_CODE, 1234, -5))).toEqual({
      kind: 'CancelRequest',
      processId: 1234,
      secretKey: -5,
    });
    expect(failure(requestPacket(SSL_REQUEST_CODE), true)).toEqual([
      '0A000',
      'unsupported frontend protocol 1234.5679: server supports 3.0 to 3.0',
      'FATAL',
    ]);
  });

  it.each([
    [
      startupPacket({ user: 'u' }, 0x20000),
      '0A000',
      'unsupported frontend protocol 2.0: server supports 3.0 to 3.0',
    ],
    [
      startupPacket({ user: 'u' }, 0x40000),
      '0A000',
      'unsupported frontend protocol 4.0: server supports 3.0 to 3.0',
    ],
    [startupPacket({ database: 'd' }), '28000', 'no PostgreSQL user name specified in startup packet'],
    [startupPacket({ user: '' }), '28000', 'no PostgreSQL user name specified in startup packet'],
    [requestPacket(CANCEL_REQUEST_CODE, 1), '08P01', 'invalid length of startup packet'],
  ])('rejects %#: %s %s', (bytes, code, message) => {
    expect(failure(bytes)).toEqual([code, message, 'FATAL']);
  });

  it.each([
    ['no terminator', Buffer.from('user\0alice\0')],
    ['a name without its value', Buffer.from('user\0alice\0database\0')],
    ['a string running off the end', Buffer.from('user\0ali')],
    ['bytes after the terminator', Buffer.from('user\0alice\0\0x')],
    ['no parameters at all', Buffer.alloc(0)],
  ])('rejects a bad layout: %s', (_, params) => {
    const head = Buffer.alloc(8);
    head.writeInt32BE(8 + params.length, 0);
    head.writeInt32BE(196608, 4);
    expect(failure(Buffer.concat([head, params]))).toEqual([
      '08P01',
      'invalid startup packet layout: expected terminator as last byte',
      'FATAL',
    ]);
  });
});
