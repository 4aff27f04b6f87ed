import { DbError, sqlType } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { bindMessage, frame } from '../test/raw-client.js';
import { decodeParameters, plainInteger, readBind } from './extended-messages.js';
import { MessageReader } from './message-reader.js';

/** The one message in `bytes`, read as the connection reads it. */
function messageOf(bytes: Buffer) {
  const r = new MessageReader();
  r.startupPhase = false;
  r.push(bytes);
  return r.next()!;
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

describe('readBind', () => {
  it('reads names, format lists and parameter values', () => {
    const bind = readBind(messageOf(bindMessage('p', 's', ['12', null, 'x'], [0, 0, 1], [1])));
    expect([bind.portal, bind.statement]).toEqual(['p', 's']);
    expect([bind.paramFormats, bind.resultFormats]).toEqual([[0, 0, 1], [1]]);
    expect(bind.params.map((b) => b?.toString() ?? null)).toEqual(['12', null, 'x']);
  });

  it('gives no format codes, or one for all, as shared lists', () => {
    const a = readBind(messageOf(bindMessage('', 's', ['1'], [], [0])));
    const b = readBind(messageOf(bindMessage('', 's', ['2'], [1], [])));
    expect([a.paramFormats, a.resultFormats, b.paramFormats, b.resultFormats]).toEqual([[], [0], [1], []]);
    expect(b.resultFormats).toBe(a.paramFormats);
    expect(errorOf(() => readBind(messageOf(bindMessage('', 's', [], [2])))).code).toBe('22023');
  });

  it('rejects a parameter count its frame cannot hold (08P01)', () => {
    // Claims 32,767 parameters and carries none.
    const body = Buffer.from([0, 0x73, 0, 0, 0, 0x7f, 0xff]);
    const e = errorOf(() => readBind(messageOf(frame('B', body))));
    expect([e.code, e.message]).toEqual(['08P01', 'insufficient data left in message']);
  });
});

describe('decodeParameters', () => {
  it('decodes text and binary values with the statement types', () => {
    const int4 = Buffer.alloc(4);
    int4.writeInt32BE(-7);
    const bind = readBind(messageOf(bindMessage('', 's', ['42', int4, null], [0, 1, 0])));
    expect(decodeParameters(bind, [sqlType('int4'), sqlType('int4'), sqlType('text')])).toEqual([
      42,
      -7,
      null,
    ]);
    expect(errorOf(() => decodeParameters(bind, [sqlType('int4')])).code).toBe('08P01');
  });

  it('reads text int4 values of plain digits in place, and leaves the rest to parseText', () => {
    const texts = [
      '0',
      '-0',
      '7',
      '-7',
      '123456789',
      '-999999999',
      '1000000000',
      '2147483647',
      '-2147483648',
    ];
    const more = [' 5', '5 ', '+5', '007', '-', '', '2147483648', '1e3', '12a', '١٢'];
    const all = [...texts, ...more];
    const bind = readBind(messageOf(bindMessage('', 's', all)));
    const ok = (t: string) => !['-', '', '2147483648', '1e3', '12a', '١٢'].includes(t);
    for (let i = 0; i < all.length; i++) {
      const one = readBind(messageOf(bindMessage('', 's', [all[i]!])));
      const t = all[i]!;
      if (ok(t)) {
        const [v] = decodeParameters(one, [sqlType('int4')]);
        expect(Object.is(v, Number(t.trim()) || 0)).toBe(true);
      } else {
        const code = errorOf(() => decodeParameters(one, [sqlType('int4')])).code;
        expect(code).toBe(t === '2147483648' ? '22003' : '22P02');
      }
    }
    expect(bind.params.length).toBe(all.length);
    // The in-place reader: at most nine digits after an optional minus sign, nothing else.
    const bytes = (t: string) => new Uint8Array(Buffer.from(t));
    expect([
      plainInteger(bytes('123456789')),
      plainInteger(bytes('-42')),
      Object.is(plainInteger(bytes('-0')), 0),
    ]).toEqual([123456789, -42, true]);
    for (const t of ['1234567890', ' 1', '1 ', '+1', '-', '', 'x', '1.0'])
      expect(plainInteger(bytes(t))).toBeUndefined();
  });
});
