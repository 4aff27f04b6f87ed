/**
 * LSN helpers. An LSN is a byte position in the log stream (see `Wal`); PostgreSQL prints it as
 * two hexadecimal halves, `hi/lo`, and so do we, so that our tools read like its docs.
 */
import type { Lsn } from '@rustydb/common';

const TWO_32 = 0x1_0000_0000;

/** Formats an LSN the way PostgreSQL does: `16/B374D848`. */
export function formatLsn(lsn: Lsn): string {
  const hi = Math.floor(lsn / TWO_32);
  const lo = lsn % TWO_32;
  return `${hi.toString(16).toUpperCase()}/${lo.toString(16).toUpperCase()}`;
}
