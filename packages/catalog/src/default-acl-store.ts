/**
 * Default privileges (ALTER DEFAULT PRIVILEGES), PostgreSQL's pg_default_acl, stored in the system
 * relation sys_default_acl.
 *
 * sys_default_acl (FileId 14): at most one row per (role, schema, object type).
 *
 * | attnum | column    | type | description                                                 |
 * |--------|-----------|------|-------------------------------------------------------------|
 * | 1      | role      | int4 | defaclrole: the role whose new objects get the ACL          |
 * | 2      | namespace | int4 | defaclnamespace: the schema's OID, 0 for every schema       |
 * | 3      | objtype   | text | defaclobjtype: 'r' tables and views, 'S' sequences, 'n' schemas |
 * | 4      | acl       | text | acl.ts's `encodeAcl` form                                   |
 *
 * Rows are written transactionally (keyed-store.ts); a row whose ACL is back to the default is
 * removed, as PostgreSQL does.
 */
import { fileId, sqlType, type Value } from '@rustydb/common';
import { type Acl, decodeAcl, encodeAcl } from './acl.js';
import type { RowFormat } from './keyed-store.js';

/** The reserved FileId of sys_default_acl. Stored on disk: never renumber. */
export const DEFAULT_ACL_FILE = fileId(14);

/** One default ACL. Frozen. */
export interface DefaultAcl {
  readonly role: number;
  readonly namespace: number;
  readonly objtype: 'r' | 'S' | 'n';
  readonly acl: Acl;
}

/** sys_default_acl's row format. */
export const DEFAULT_ACL_FORMAT: RowFormat<DefaultAcl> = {
  file: DEFAULT_ACL_FILE,
  columns: [sqlType('int4'), sqlType('int4'), sqlType('text'), sqlType('text')],
  key: (row) => `${row.role}:${row.namespace}:${row.objtype}`,
  encode: (row): Value[] => [row.role, row.namespace, row.objtype, encodeAcl(row.acl)],
  decode: (v) =>
    Object.freeze({
      role: v[0] as number,
      namespace: v[1] as number,
      objtype: v[2] as DefaultAcl['objtype'],
      acl: decodeAcl((v[3] as string | null) ?? ''),
    }),
};
