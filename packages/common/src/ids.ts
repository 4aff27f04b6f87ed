/**
 * Identifiers shared across layers. They are plain numbers at run time; the brands keep a
 * transaction id from being passed where an LSN is expected.
 *
 * NB: a TxnId is a 32-bit counter and wraparound (freezing) is not implemented; a database can
 * run about four billion write transactions before it must be dumped and reloaded.
 */
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A transaction id. 0 is invalid, 1 is the bootstrap transaction (always committed). */
export type TxnId = Brand<number, 'TxnId'>;
/** A byte position in the write-ahead log. 0 means "no WAL yet". Safe up to 2^53. */
export type Lsn = Brand<number, 'Lsn'>;
/** An object id: tables, indexes, types, roles, namespaces. */
export type Oid = Brand<number, 'Oid'>;
/** A relation's file number (PostgreSQL's relfilenode): names `base/<fileId>`. */
export type FileId = Brand<number, 'FileId'>;
/** A command id inside one transaction: which statement made a tuple version. */
export type CommandId = Brand<number, 'CommandId'>;

export const INVALID_TXN_ID = 0 as TxnId;
export const BOOTSTRAP_TXN_ID = 1 as TxnId;
export const FIRST_NORMAL_TXN_ID = 3 as TxnId;
export const INVALID_LSN = 0 as Lsn;

export const txnId = (n: number): TxnId => n as TxnId;
export const lsn = (n: number): Lsn => n as Lsn;
export const oid = (n: number): Oid => n as Oid;
export const fileId = (n: number): FileId => n as FileId;
export const commandId = (n: number): CommandId => n as CommandId;

/**
 * A tuple id: where a tuple version lives in its table (page number and slot). For stores that
 * are not paged the pair is still unique and stable for the version's life.
 */
export interface Tid {
  readonly page: number;
  readonly slot: number;
}

/** Tids packed into one number (page * 2^16 + slot) for maps and index entries. */
export const packTid = (page: number, slot: number): number => page * 0x10000 + slot;
export const unpackTid = (packed: number): Tid => ({
  page: Math.floor(packed / 0x10000),
  slot: packed % 0x10000,
});
export const formatTid = (t: Tid): string => `(${t.page},${t.slot})`;
