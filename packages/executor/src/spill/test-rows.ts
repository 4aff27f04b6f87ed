/**
 * @internal Test helpers for the spill tests: a seeded random generator and a temp directory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** mulberry32: a small seeded PRNG, so random tests are reproducible. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh temp directory (`…/tmp`, not yet created) and its remover. */
export function makeTempDir(): { dir: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'rustydb-spill-'));
  return { dir: join(root, 'tmp'), remove: () => rmSync(root, { recursive: true, force: true }) };
}
