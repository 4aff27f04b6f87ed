/**
 * commit-payload.ts writes exactly msgpackr's bytes for a commit record's `[xid, time]`, and the
 * reader decodes them to the record; forms it does not cover fall back to msgpackr.
 */
import type { TxnId } from '@rustydb/common';
import { Packr } from 'msgpackr';
import { describe, expect, it } from 'vitest';
import { encodeCommitPayload } from './commit-payload.js';
import { decodeRecord, encodePayload, RecordKind } from './wal-record.js';

const packr = new Packr({ useRecords: false });
const XIDS = [0, 1, 3, 127, 128, 255, 256, 65535, 65536, 1_000_000, 0x7fffffff, 0xffffffff];
const TIMES = [0x100000000, 1_764_450_000_123, Date.now(), Number.MAX_SAFE_INTEGER];

describe('commit payload', () => {
  it('is byte for byte what msgpackr writes, and decodes to the record', () => {
    for (const xid of XIDS) {
      for (const time of TIMES) {
        const mine = encodeCommitPayload(xid, time);
        expect(mine).toBeDefined();
        expect(Buffer.from(mine!).toString('hex')).toBe(Buffer.from(packr.pack([xid, time])).toString('hex'));
        const record = { kind: 'commit', xid: xid as TxnId, time } as const;
        expect(decodeRecord(RecordKind.Commit, encodePayload(record).slice())).toEqual(record);
      }
    }
  });

  it('leaves other forms to msgpackr', () => {
    expect(encodeCommitPayload(-1, Date.now())).toBeUndefined();
    expect(encodeCommitPayload(2 ** 32, Date.now())).toBeUndefined();
    expect(encodeCommitPayload(1.5, Date.now())).toBeUndefined();
    expect(encodeCommitPayload(7, 12345)).toBeUndefined();
    expect(encodeCommitPayload(7, 1.5e12 + 0.25)).toBeUndefined();
    for (const time of [12345, 1.5e12 + 0.25]) {
      const record = { kind: 'commit', xid: 7 as TxnId, time } as const;
      expect(decodeRecord(RecordKind.Commit, encodePayload(record).slice())).toEqual(record);
    }
    const withSubxids = {
      kind: 'commit',
      xid: 9 as TxnId,
      time: Date.now(),
      subxids: [10 as TxnId],
    } as const;
    expect(decodeRecord(RecordKind.Commit, encodePayload(withSubxids).slice())).toEqual(withSubxids);
  });
});
