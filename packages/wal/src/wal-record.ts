/**
 * WAL records: what the log says, as plain data. Each record kind has a numeric code stored in
 * the envelope (see record-envelope.ts) and a msgpack payload: a positional array rather than
 * a map, so no field names are repeated in every record. The exception is the hot one, page
 * changes, whose payload is a fixed binary layout (page-record.ts).
 *
 * | kind          | code | payload (msgpack array)                                          |
 * |---------------|------|------------------------------------------------------------------|
 * | (switch)      | 0    | none: the rest of the segment is unused, continue in the next one |
 * | pages (old)   | 1    | [[file, page, image (bool), data (bin)], ...]: read, never written |
 * | file-create   | 2    | [file]                                                           |
 * | file-drop     | 3    | [file]                                                           |
 * | file-truncate | 4    | [file, pages]                                                    |
 * | commit        | 5    | [xid, time (ms since epoch), subxids?]                           |
 * | abort         | 6    | [xid, subxids?]                                                  |
 * | checkpoint    | 7    | [redo, nextXid, nextOid, time]                                   |
 * | next-oid      | 8    | [nextOid]                                                        |
 * | prepare       | 9    | [xid, subxids, gid, time, owner, database, locks]                |
 * | pages         | 10   | binary, not msgpack: see page-record.ts                          |
 *
 * `subxids` (commit, abort): the subtransaction ids that end with `xid`, absent when there are
 * none (so records written before subtransactions existed read back unchanged). A commit record
 * commits `xid` and every listed sub-xid atomically; an abort record for a ROLLBACK TO names one
 * aborted sub-xid as `xid` and the others as `subxids`.
 *
 * Codes are stored on disk: append only.
 */
import { assertNever, DbError, type FileId, type Lsn, type TxnId } from '@rustydb/common';
import { Packr } from 'msgpackr';
import { encodeCommitPayload } from './commit-payload.js';
import { decodePagesPayload } from './page-record.js';

/** One change to one page, as logged. See page-change.ts for the two encodings of `data`. */
export interface PageChange {
  readonly file: FileId;
  readonly page: number;
  /** true: `data` is a full page image (minus its hole, page-change.ts); false: byte ranges. */
  readonly image: boolean;
  readonly data: Uint8Array;
}

/** What a WAL record says. Redo-only: every record describes a change already made. */
export type WalRecord =
  /** One or more page changes, atomic as a unit (a B+tree split logs all its pages at once). */
  | { readonly kind: 'pages'; readonly changes: readonly PageChange[] }
  | { readonly kind: 'file-create'; readonly file: FileId }
  | { readonly kind: 'file-drop'; readonly file: FileId }
  | { readonly kind: 'file-truncate'; readonly file: FileId; readonly pages: number }
  /** `time`: ms since epoch, for point-in-time recovery targets. */
  | {
      readonly kind: 'commit';
      readonly xid: TxnId;
      readonly time: number;
      readonly subxids?: readonly TxnId[];
    }
  | { readonly kind: 'abort'; readonly xid: TxnId; readonly subxids?: readonly TxnId[] }
  /** PREPARE TRANSACTION: the transaction is prepared (see txn's two-phase state). */
  | {
      readonly kind: 'prepare';
      readonly xid: TxnId;
      readonly subxids: readonly TxnId[];
      readonly gid: string;
      readonly time: number;
      readonly owner: string;
      readonly database: string;
      /** Locks to re-acquire for the prepared transaction at recovery (opaque to the WAL). */
      readonly locks: readonly unknown[];
    }
  | {
      readonly kind: 'checkpoint';
      readonly redo: Lsn;
      readonly nextXid: TxnId;
      readonly nextOid: number;
      readonly time: number;
    }
  | { readonly kind: 'next-oid'; readonly nextOid: number };

/** Numeric record kinds as stored in the envelope. */
export const RecordKind = {
  Switch: 0,
  Pages: 1,
  FileCreate: 2,
  FileDrop: 3,
  FileTruncate: 4,
  Commit: 5,
  Abort: 6,
  Checkpoint: 7,
  NextOid: 8,
  Prepare: 9,
  /** 'pages' in the binary layout of page-record.ts (code 1 is the older msgpack form). */
  PageChanges: 10,
} as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

const MAX_KIND = RecordKind.PageChanges;

/** True if `code` is a kind this version can read (the reader treats others as garbage). */
export const isKnownKind = (code: number): boolean => code >= 0 && code <= MAX_KIND;

/** One shared encoder: no record structures (`useRecords: false`) so each payload stands alone. */
const packr = new Packr({ useRecords: false });

/** The envelope kind code of a record. */
export function recordKindOf(r: WalRecord): RecordKind {
  switch (r.kind) {
    case 'pages':
      return RecordKind.PageChanges;
    case 'file-create':
      return RecordKind.FileCreate;
    case 'file-drop':
      return RecordKind.FileDrop;
    case 'file-truncate':
      return RecordKind.FileTruncate;
    case 'commit':
      return RecordKind.Commit;
    case 'abort':
      return RecordKind.Abort;
    case 'checkpoint':
      return RecordKind.Checkpoint;
    case 'next-oid':
      return RecordKind.NextOid;
    case 'prepare':
      return RecordKind.Prepare;
    default:
      return assertNever(r, 'WAL record');
  }
}

/**
 * Encodes the msgpack payload of a record other than 'pages' (whose binary payload
 * page-record.ts writes). NB: the returned bytes may live in msgpackr's shared scratch buffer:
 * copy them before the next call.
 */
export function encodePayload(r: Exclude<WalRecord, { kind: 'pages' }>): Uint8Array {
  if (r.kind === 'commit' && !r.subxids?.length) {
    const bytes = encodeCommitPayload(r.xid, r.time);
    if (bytes !== undefined) return bytes;
  }
  return packr.pack(payloadOf(r));
}

function payloadOf(r: Exclude<WalRecord, { kind: 'pages' }>): unknown[] {
  switch (r.kind) {
    case 'file-create':
    case 'file-drop':
      return [r.file];
    case 'file-truncate':
      return [r.file, r.pages];
    case 'commit':
      return r.subxids?.length ? [r.xid, r.time, r.subxids] : [r.xid, r.time];
    case 'abort':
      return r.subxids?.length ? [r.xid, r.subxids] : [r.xid];
    case 'prepare':
      return [r.xid, r.subxids, r.gid, r.time, r.owner, r.database, r.locks];
    case 'checkpoint':
      return [r.redo, r.nextXid, r.nextOid, r.time];
    case 'next-oid':
      return [r.nextOid];
    default:
      return assertNever(r, 'WAL record');
  }
}

/**
 * Decodes a payload read back from the log. Page `data` arrays are views into `payload`'s
 * buffer (no copy). Throws DbError XX001 if the payload does not have the kind's shape, which
 * only happens if a record passed its CRC check but was written by an incompatible version.
 */
export function decodeRecord(kind: number, payload: Uint8Array): WalRecord {
  if (kind === RecordKind.PageChanges) {
    const changes = decodePagesPayload(payload);
    if (changes === undefined) throw malformed(kind);
    return { kind: 'pages', changes };
  }
  const p = packr.unpack(payload) as unknown[];
  if (!Array.isArray(p)) throw malformed(kind);
  switch (kind) {
    case RecordKind.Pages:
      return { kind: 'pages', changes: p.map((c) => decodePageChange(c, kind)) };
    case RecordKind.FileCreate:
      return { kind: 'file-create', file: num(p[0], kind) as FileId };
    case RecordKind.FileDrop:
      return { kind: 'file-drop', file: num(p[0], kind) as FileId };
    case RecordKind.FileTruncate:
      return { kind: 'file-truncate', file: num(p[0], kind) as FileId, pages: num(p[1], kind) };
    case RecordKind.Commit: {
      const r = { kind: 'commit', xid: num(p[0], kind) as TxnId, time: num(p[1], kind) } as const;
      return p.length > 2 ? { ...r, subxids: xids(p[2], kind) } : r;
    }
    case RecordKind.Abort: {
      const r = { kind: 'abort', xid: num(p[0], kind) as TxnId } as const;
      return p.length > 1 ? { ...r, subxids: xids(p[1], kind) } : r;
    }
    case RecordKind.Prepare:
      return {
        kind: 'prepare',
        xid: num(p[0], kind) as TxnId,
        subxids: xids(p[1], kind),
        gid: str(p[2], kind),
        time: num(p[3], kind),
        owner: str(p[4], kind),
        database: str(p[5], kind),
        locks: Array.isArray(p[6]) ? p[6] : [],
      };
    case RecordKind.Checkpoint:
      return {
        kind: 'checkpoint',
        redo: num(p[0], kind) as Lsn,
        nextXid: num(p[1], kind) as TxnId,
        nextOid: num(p[2], kind),
        time: num(p[3], kind),
      };
    case RecordKind.NextOid:
      return { kind: 'next-oid', nextOid: num(p[0], kind) };
    default:
      throw malformed(kind);
  }
}

function decodePageChange(c: unknown, kind: number): PageChange {
  if (!Array.isArray(c) || typeof c[2] !== 'boolean' || !(c[3] instanceof Uint8Array)) throw malformed(kind);
  return { file: num(c[0], kind) as FileId, page: num(c[1], kind), image: c[2], data: c[3] };
}

function xids(v: unknown, kind: number): TxnId[] {
  if (!Array.isArray(v)) throw malformed(kind);
  return v.map((x) => num(x, kind) as TxnId);
}

function str(v: unknown, kind: number): string {
  if (typeof v !== 'string') throw malformed(kind);
  return v;
}

function num(v: unknown, kind: number): number {
  if (typeof v !== 'number') throw malformed(kind);
  return v;
}

const malformed = (kind: number): DbError => new DbError('XX001', `malformed WAL record of kind ${kind}`);
