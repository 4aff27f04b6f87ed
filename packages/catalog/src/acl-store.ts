/**
 * Ownership and ACLs of tables, views, sequences, schemas and the database (PostgreSQL's
 * relowner/relacl, nspowner/nspacl, datdba/datacl), and the ACLs of functions and procedures
 * (proacl; their owner is sys_proc's, which the row's mirrors), stored in the system relation
 * sys_acl.
 *
 * sys_acl (FileId 12): at most one row per object; an object without a row is owned by the
 * bootstrap superuser (OID 10) and has its kind's default ACL — so a directory made before
 * privileges existed opens unchanged, and objects the bootstrap superuser creates cost no row.
 *
 * | attnum | column | type | description                                                  |
 * |--------|--------|------|--------------------------------------------------------------|
 * | 1      | object | int4 | OID of the relation, schema or routine; 1 for the database   |
 * | 2      | kind   | text | 'table' (tables and views), 'sequence', 'schema', 'database', |
 * |        |        |      | 'function' (functions and procedures)                        |
 * | 3      | owner  | int4 | the owning role's OID                                        |
 * | 4      | acl    | text | acl.ts's `encodeAcl` form; NULL: the default ACL (acldefault) |
 * | 5      | column_acls | text | a table's column privileges (pg_attribute.attacl): `attnum:acl` joined by `|`; NULL: none |
 *
 * Column ACLs live in their table's row (rows written before column privileges existed have four
 * fields and decode with none); a column without an entry has no column privileges, which
 * PostgreSQL shows as a NULL attacl.
 * Rows are written transactionally (keyed-store.ts) and removed when their object is dropped.
 */
import { fileId, sqlType, type Value } from '@rustydb/common';
import { type Acl, type AclObjectKind, decodeAcl, encodeAcl } from './acl.js';
import type { RowFormat } from './keyed-store.js';

/** The reserved FileId of sys_acl. Stored on disk: never renumber. */
export const ACL_FILE = fileId(12);

/** The OID sys_acl uses for the (one) database. */
export const DATABASE_OBJECT_OID = 1;

/** An object's owner and ACL. Frozen. */
export interface ObjectPrivileges {
  readonly object: number;
  readonly kind: AclObjectKind;
  readonly owner: number;
  /** null: the default ACL of `kind` for `owner`. */
  readonly acl: Acl | null;
  /** A table's column ACLs by attnum (PostgreSQL's attacl); absent or empty: none. */
  readonly columns?: ReadonlyMap<number, Acl>;
}

/** sys_acl's row format. */
export const ACL_FORMAT: RowFormat<ObjectPrivileges> = {
  file: ACL_FILE,
  columns: [sqlType('int4'), sqlType('text'), sqlType('int4'), sqlType('text'), sqlType('text')],
  key: (row) => String(row.object),
  encode: (row): Value[] => [
    row.object,
    row.kind,
    row.owner,
    row.acl === null ? null : encodeAcl(row.acl),
    encodeColumnAcls(row.columns),
  ],
  decode: (v) => {
    const columns = decodeColumnAcls(v[4] as string | null | undefined);
    return Object.freeze({
      object: v[0] as number,
      kind: v[1] as AclObjectKind,
      owner: v[2] as number,
      acl: v[3] === null || v[3] === undefined ? null : decodeAcl(v[3] as string),
      ...(columns ? { columns } : {}),
    });
  },
};

function encodeColumnAcls(columns: ReadonlyMap<number, Acl> | undefined): string | null {
  if (columns === undefined || columns.size === 0) return null;
  return [...columns].map(([attnum, acl]) => `${attnum}:${encodeAcl(acl)}`).join('|');
}

function decodeColumnAcls(text: string | null | undefined): ReadonlyMap<number, Acl> | undefined {
  if (text === null || text === undefined || text === '') return undefined;
  const out = new Map<number, Acl>();
  for (const part of text.split('|')) {
    const colon = part.indexOf(':');
    out.set(Number(part.slice(0, colon)), decodeAcl(part.slice(colon + 1)));
  }
  return out;
}
