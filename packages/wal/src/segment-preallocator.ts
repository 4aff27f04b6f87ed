/**
 * SegmentPreallocator: zero-fills the NEXT WAL segment file in the background, so the append
 * that crosses into it finds it ready instead of writing 16 MiB of zeros and fdatasyncing them
 * on the event loop (see wal.ts, "Preallocation", for why segments are zero-filled at all).
 *
 * The file is prepared under a temporary name (`<segment>.prep`, which `listSegments` ignores),
 * fdatasynced, and only then renamed to the segment's name (and the directory fsynced), so a
 * segment file that exists under its real name is always fully zero-filled and durable, exactly
 * as the synchronous path leaves it. If the log reaches the segment before the preparation
 * finishes, the synchronous path creates it as before and the preparation throws its file away
 * (checked right before the rename, on the event loop, so the two cannot interleave). Likewise
 * if the log has reached or passed the segment meanwhile: a slow preparation must not put a
 * zero-filled file under the name of a segment that was already written and then retired (or
 * recycled) by a checkpoint — the next open would take it for the first segment of the log.
 *
 * Opportunistic: a failure is logged and forgotten; the synchronous path still works. Stale
 * `.prep` files (a crash mid-preparation) are removed when the log opens.
 */
import { existsSync, readdirSync, renameSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '@rustydb/common';
import { fsyncDirectory } from './durable-file.js';
import { segmentFileName } from './wal-segment.js';

const PREP_SUFFIX = '.prep';
const ZEROS = new Uint8Array(1 << 20);

/** See the file comment. One per Wal with fsync on. */
export class SegmentPreallocator {
  /** The segment being prepared or last prepared: each is attempted once. */
  private lastRequested = -1;
  private running: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly walDir: string,
    private readonly segmentSize: number,
    private readonly logger: Logger,
    /** The start of the segment the log is writing in now (the Wal's insert position). */
    private readonly currentSegment: () => number,
  ) {}

  /** Removes `.prep` files a crash left behind. Synchronous. */
  static removeStale(walDir: string): void {
    for (const name of readdirSync(walDir)) {
      if (name.endsWith(PREP_SUFFIX)) unlinkSync(join(walDir, name));
    }
  }

  /**
   * Starts preparing segment `seg` unless it exists, was already attempted, or a preparation is
   * running. Returns at once; the work continues asynchronously.
   */
  request(seg: number): void {
    if (this.closed || this.running !== undefined || seg <= this.lastRequested) return;
    this.lastRequested = seg;
    if (existsSync(join(this.walDir, segmentFileName(seg)))) return;
    this.running = this.prepare(seg)
      .catch((err: unknown) => {
        this.logger.warn({ err, segment: segmentFileName(seg) }, 'WAL segment preallocation failed');
      })
      .finally(() => {
        this.running = undefined;
      });
  }

  /** Is a preparation in flight? (The Wal then lets commits turn the event loop: see wal.ts.) */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Waits for a running preparation (tests, shutdown). Never rejects. */
  async settle(): Promise<void> {
    await this.running;
  }

  /** No more preparations; a running one discards its file instead of renaming it. */
  close(): void {
    this.closed = true;
  }

  private async prepare(seg: number): Promise<void> {
    const final = join(this.walDir, segmentFileName(seg));
    const tmp = final + PREP_SUFFIX;
    const fh = await open(tmp, 'w', 0o600);
    try {
      // One pwritev of the whole segment (the same zero buffer repeated), not one write per MiB:
      // each await needs a turn of the event loop, which a busy session grants rarely.
      for (let pos = 0; pos < this.segmentSize; ) {
        const left = this.segmentSize - pos;
        const chunks: Uint8Array[] = [];
        for (let n = 0; n < left; n += ZEROS.length) {
          chunks.push(left - n >= ZEROS.length ? ZEROS : ZEROS.subarray(0, left - n));
        }
        const { bytesWritten } = await fh.writev(chunks, pos);
        pos += bytesWritten;
      }
      await fh.datasync();
    } finally {
      await fh.close();
    }
    // Synchronous from here: nothing can create the segment between the check and the rename.
    if (this.closed || existsSync(final) || seg <= this.currentSegment()) {
      unlinkSync(tmp);
      return;
    }
    renameSync(tmp, final);
    fsyncDirectory(this.walDir);
  }
}
