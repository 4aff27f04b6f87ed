import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lsn, TxnId } from '@rustydb/common';
import { afterEach, describe, expect, it } from 'vitest';
import { type ControlData, readControlFile, writeControlFile } from './control-file.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rustydb-control-'));
  dirs.push(dir);
  return dir;
}

const DATA: ControlData = {
  checkpointLsn: (2 ** 40 + 12345) as Lsn,
  redoLsn: (2 ** 40 + 100) as Lsn,
  nextXid: 4_000_000_000 as TxnId,
  nextOid: 16384,
  state: 'running',
};

describe('control file', () => {
  it('is absent in a new directory', () => {
    expect(readControlFile(tempDir())).toBeUndefined();
  });

  it('round-trips, and a rewrite replaces it', () => {
    const dir = tempDir();
    writeControlFile(dir, DATA);
    expect(readControlFile(dir)).toEqual(DATA);
    writeControlFile(dir, { ...DATA, state: 'shutdown', nextOid: 20000 });
    expect(readControlFile(dir)).toEqual({ ...DATA, state: 'shutdown', nextOid: 20000 });
  });

  it('detects corruption with XX001', () => {
    const dir = tempDir();
    writeControlFile(dir, DATA);
    const path = join(dir, 'control');
    const bytes = readFileSync(path);
    for (const offset of [0, 9, 24, 32, 38]) {
      const bad = Buffer.from(bytes);
      bad[offset]! ^= 0x01;
      writeFileSync(path, bad);
      expect(() => readControlFile(dir)).toThrowError(expect.objectContaining({ code: 'XX001' }));
    }
    writeFileSync(path, bytes.subarray(0, 20));
    expect(() => readControlFile(dir)).toThrowError(expect.objectContaining({ code: 'XX001' }));
  });
});
