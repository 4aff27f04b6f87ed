/**
 * Small files that must survive a crash whole or not at all (the control file, the commit log).
 * The classic recipe: write a temporary file, fsync it, rename it over the old one (atomic on
 * POSIX), then fsync the directory so the rename itself is durable.
 */
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces `path` with `bytes` atomically and durably. Synchronous; throws the fs error on failure
 * (the old file is then intact).
 */
export function writeFileDurably(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off, off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDirectory(dirname(path));
}

/** Makes the creation, removal or renaming of entries in `dir` durable. Synchronous. */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
