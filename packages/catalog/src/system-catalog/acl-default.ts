/**
 * acldefault(kind, owner): the ACL an object of `kind` owned by `owner` has while its stored ACL
 * is NULL, as PostgreSQL's acldefault (utils/adt/acl.c) answers for every object type letter,
 * including those RustyDB has no objects of (pg_dump asks for all of them: it compares each
 * object's ACL with this to decide what to GRANT or REVOKE). Items are in aclitem's text form
 * (aclitem[] is text[] here): PUBLIC's item first when the kind grants PUBLIC anything, then the
 * owner's, both granted by the owner.
 */
import { DbError, SqlArray } from '@rustydb/common';
import { type AclItem, formatAclItem, Privilege, PUBLIC_ROLE } from '../acl.js';
import { privilegesFor } from '../privileges.js';
import type { SystemCatalog } from './system-catalog.js';

const {
  SELECT,
  INSERT,
  UPDATE,
  DELETE,
  TRUNCATE,
  REFERENCES,
  TRIGGER,
  EXECUTE,
  USAGE,
  CREATE,
  TEMPORARY,
  CONNECT,
  SET,
  ALTER_SYSTEM,
} = Privilege;

/** [PUBLIC's privileges, the owner's] per object type letter (ACL_ALL_RIGHTS_* of PostgreSQL 15). */
const DEFAULTS: Readonly<Record<string, readonly [number, number]>> = {
  c: [0, 0], // column: no privileges beyond the table's
  r: [0, SELECT | INSERT | UPDATE | DELETE | TRUNCATE | REFERENCES | TRIGGER], // table, view
  s: [0, USAGE | SELECT | UPDATE], // sequence
  d: [TEMPORARY | CONNECT, CREATE | TEMPORARY | CONNECT], // database
  f: [EXECUTE, EXECUTE], // function, procedure, aggregate
  l: [USAGE, USAGE], // language
  L: [0, SELECT | UPDATE], // large object
  n: [0, USAGE | CREATE], // schema
  p: [0, SET | ALTER_SYSTEM], // parameter
  t: [0, CREATE], // tablespace
  F: [0, USAGE], // foreign-data wrapper
  S: [0, USAGE], // foreign server
  T: [USAGE, USAGE], // type, domain
};

/**
 * acldefault(kind, owner) as aclitem text items (role names as relacl prints them: an OID naming
 * no role prints as the number, as PostgreSQL's aclitemout does).
 * @throws DbError XX000 for a letter that is no object type, as PostgreSQL.
 */
export function aclDefault(sc: SystemCatalog, kind: string, owner: number): SqlArray {
  const bits = DEFAULTS[kind];
  if (bits === undefined) throw new DbError('XX000', `unrecognized objtype abbreviation: ${kind}`);
  const items: AclItem[] = [];
  if (bits[0] !== 0) items.push({ grantee: PUBLIC_ROLE, grantor: owner, bits: bits[0] });
  if (bits[1] !== 0) items.push({ grantee: owner, grantor: owner, bits: bits[1] });
  const privs = privilegesFor(sc.view);
  return SqlArray.of(items.map((it) => formatAclItem(it, (oid) => privs.roleName(oid))));
}
