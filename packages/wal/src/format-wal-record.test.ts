import type { FileId, Lsn, TxnId } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { formatWalRecord } from './format-wal-record.js';

describe('formatWalRecord', () => {
  it('renders every kind on one line', () => {
    const file = 16384 as FileId;
    const image = new Uint8Array(4 + 100);
    image.set([200, 0, 0x5c, 0x1f]); // hole at 200, 8028 bytes long
    const delta = new Uint8Array([24, 0, 2, 0, 1, 2, 0, 1, 1, 0, 9]);
    expect(
      [
        formatWalRecord({
          kind: 'pages',
          changes: [
            { file, page: 3, image: true, data: image },
            { file, page: 4, image: false, data: delta },
          ],
        }),
        formatWalRecord({ kind: 'file-create', file }),
        formatWalRecord({ kind: 'file-drop', file }),
        formatWalRecord({ kind: 'file-truncate', file, pages: 2 }),
        formatWalRecord({ kind: 'commit', xid: 7 as TxnId, time: Date.UTC(2024, 4, 1, 12) }),
        formatWalRecord({ kind: 'abort', xid: 8 as TxnId }),
        formatWalRecord({
          kind: 'checkpoint',
          redo: (2 ** 32 + 0xb374d848) as Lsn,
          nextXid: 9 as TxnId,
          nextOid: 16400,
          time: Date.UTC(2024, 4, 1, 12, 0, 1),
        }),
        formatWalRecord({ kind: 'next-oid', nextOid: 24576 }),
      ].join('\n'),
    ).toBe(
      [
        'pages 16384:3 image hole=200+8028 (104 bytes); 16384:4 delta 24+2,256+1',
        'file-create file=16384',
        'file-drop file=16384',
        'file-truncate file=16384 pages=2',
        'commit xid=7 time=2024-05-01T12:00:00.000Z',
        'abort xid=8',
        'checkpoint redo=1/B374D848 nextXid=9 nextOid=16400 time=2024-05-01T12:00:01.000Z',
        'next-oid nextOid=24576',
      ].join('\n'),
    );
  });
});
