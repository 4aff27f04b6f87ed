/**
 * Access control lists, PostgreSQL's aclitem[] (utils/adt/acl.c): who may do what to an object.
 *
 * An ACL is a list of items `grantee=privileges/grantor`; grantee 0 is PUBLIC. Privileges are
 * bits (PostgreSQL's ACL_* numbering, so the one-letter text form is the same); a grant option is
 * the same bit shifted by `GOPTION_SHIFT` and printed as `*` after the letter. An object whose
 * stored ACL is null has its kind's default ACL (`defaultAcl`, PostgreSQL's acldefault): the
 * owner holds every privilege of the kind, PUBLIC nothing (databases: PUBLIC has CONNECT and
 * TEMPORARY; functions and procedures: PUBLIC has EXECUTE).
 *
 * Everything here is pure: stored ACLs are immutable arrays of frozen items; GRANT and REVOKE
 * compute new arrays (`aclGrant`, `aclRevoke`), which the catalog stores (acl-store.ts).
 */
import { DbError } from '@rustydb/common';

/** PostgreSQL's privilege bits (ACL_INSERT …). */
export const Privilege = {
  INSERT: 1 << 0,
  SELECT: 1 << 1,
  UPDATE: 1 << 2,
  DELETE: 1 << 3,
  TRUNCATE: 1 << 4,
  REFERENCES: 1 << 5,
  TRIGGER: 1 << 6,
  EXECUTE: 1 << 7,
  USAGE: 1 << 8,
  CREATE: 1 << 9,
  TEMPORARY: 1 << 10,
  CONNECT: 1 << 11,
  /** SET and ALTER SYSTEM on a parameter (pg_parameter_acl, PostgreSQL 15): acldefault('p') only. */
  SET: 1 << 12,
  ALTER_SYSTEM: 1 << 13,
} as const;

/**
 * Privilege names → bits, as GRANT and the has_*_privilege functions spell them (lower case;
 * `temp` is TEMPORARY's short form).
 */
export const PRIVILEGE_BY_NAME: Readonly<Record<string, number>> = {
  select: Privilege.SELECT,
  insert: Privilege.INSERT,
  update: Privilege.UPDATE,
  delete: Privilege.DELETE,
  truncate: Privilege.TRUNCATE,
  references: Privilege.REFERENCES,
  trigger: Privilege.TRIGGER,
  execute: Privilege.EXECUTE,
  usage: Privilege.USAGE,
  create: Privilege.CREATE,
  temporary: Privilege.TEMPORARY,
  temp: Privilege.TEMPORARY,
  connect: Privilege.CONNECT,
};

/** The entries of PRIVILEGE_BY_NAME for `names` (one object kind's privilege vocabulary). */
export function privilegeNames(...names: string[]): Readonly<Record<string, number>> {
  return Object.fromEntries(names.map((n) => [n, PRIVILEGE_BY_NAME[n]!]));
}

/** Grant option bits are the privilege bits shifted by this. */
export const GOPTION_SHIFT = 16;

/** The letters of aclitem's text form, in bit order (ACL_ALL_RIGHTS_STR of PostgreSQL 15). */
const LETTERS = 'arwdDxtXUCTcsA';

/** The kinds of object that carry an ACL ('function': functions and procedures). */
export type AclObjectKind = 'table' | 'sequence' | 'schema' | 'database' | 'function';

/**
 * Every privilege an object kind has (ACL_ALL_RIGHTS_RELATION, _SEQUENCE, _SCHEMA, _DATABASE,
 * _FUNCTION).
 */
export const ALL_PRIVILEGES: Readonly<Record<AclObjectKind, number>> = {
  table: 0x7f,
  sequence: Privilege.USAGE | Privilege.SELECT | Privilege.UPDATE,
  schema: Privilege.USAGE | Privilege.CREATE,
  database: Privilege.CREATE | Privilege.TEMPORARY | Privilege.CONNECT,
  function: Privilege.EXECUTE,
};

/** The role OID that stands for PUBLIC in an ACL item. */
export const PUBLIC_ROLE = 0;

/** One aclitem. Frozen. */
export interface AclItem {
  /** Role OID, or 0 for PUBLIC. */
  readonly grantee: number;
  readonly grantor: number;
  /** Privilege bits (low 16) and grant option bits (shifted by GOPTION_SHIFT). */
  readonly bits: number;
}

/** An ACL: items in PostgreSQL's order (the default's items first, new grantees appended). */
export type Acl = readonly AclItem[];

/**
 * PostgreSQL's acldefault for `kind` owned by `owner`: PUBLIC's item first where it has one (the
 * database: CONNECT and TEMPORARY; a function: EXECUTE), then the owner's.
 */
export function defaultAcl(kind: AclObjectKind, owner: number): Acl {
  const all = ALL_PRIVILEGES[kind];
  if (kind === 'database') {
    return [item(PUBLIC_ROLE, owner, Privilege.TEMPORARY | Privilege.CONNECT), item(owner, owner, all)];
  }
  if (kind === 'function') return [item(PUBLIC_ROLE, owner, Privilege.EXECUTE), item(owner, owner, all)];
  return [item(owner, owner, all)];
}

const item = (grantee: number, grantor: number, bits: number): AclItem =>
  Object.freeze({ grantee, grantor, bits });

/** Privilege bits of `bits` (no grant options). */
export const privilegesOf = (bits: number): number => bits & 0xffff;
/** Grant option bits of `bits`, as privilege bits. */
export const grantOptionsOf = (bits: number): number => bits >>> GOPTION_SHIFT;

/**
 * GRANT `privileges` (bits) to `grantees` as `grantor`, with grant option when `withGrant`:
 * PostgreSQL's merge_acl_with_grant. Returns the new ACL. Pure.
 */
export function aclGrant(
  acl: Acl,
  grantees: readonly number[],
  grantor: number,
  privileges: number,
  withGrant: boolean,
): Acl {
  let out = [...acl];
  const add = withGrant ? privileges | (privileges << GOPTION_SHIFT) : privileges;
  for (const grantee of grantees) {
    const i = out.findIndex((it) => it.grantee === grantee && it.grantor === grantor);
    if (i >= 0) out[i] = item(grantee, grantor, out[i]!.bits | add);
    else out = [...out, item(grantee, grantor, add)];
  }
  return out;
}

/**
 * REVOKE `privileges` from `grantees` as granted by `grantor` (only the grant options when
 * `grantOptionOnly`): PostgreSQL's aclupdate with ACL_MODECHG_DEL and recursive_revoke. When a
 * revoked grant option was used to grant to others, their grants go too with `cascade`, else
 * 2BP01. `owner` is never a dependent grantee (the owner's rights are implicit). Pure.
 * @throws DbError 2BP01 `dependent privileges exist`.
 */
export function aclRevoke(
  acl: Acl,
  grantees: readonly number[],
  grantor: number,
  privileges: number,
  grantOptionOnly: boolean,
  cascade: boolean,
  owner: number,
): Acl {
  let out: AclItem[] = [...acl];
  for (const grantee of grantees)
    out = revokeOne(out, grantee, grantor, privileges, grantOptionOnly, cascade, owner);
  return out;
}

function revokeOne(
  acl: AclItem[],
  grantee: number,
  grantor: number,
  privileges: number,
  grantOptionOnly: boolean,
  cascade: boolean,
  owner: number,
): AclItem[] {
  const i = acl.findIndex((it) => it.grantee === grantee && it.grantor === grantor);
  if (i < 0) return acl;
  const old = acl[i]!;
  const remove = grantOptionOnly ? privileges << GOPTION_SHIFT : privileges | (privileges << GOPTION_SHIFT);
  const bits = old.bits & ~remove;
  let out = [...acl];
  if (bits === 0) out.splice(i, 1);
  else out[i] = item(grantee, grantor, bits);
  // Grant options lost: what `grantee` granted with them must go (recursive_revoke).
  const lostOptions = grantOptionsOf(old.bits) & ~grantOptionsOf(bits);
  if (lostOptions === 0 || grantee === owner) return out;
  if (stillHasOptions(out, grantee, lostOptions)) return out;
  const dependents = out.filter(
    (it) => it.grantor === grantee && (privilegesOf(it.bits) & lostOptions) !== 0,
  );
  if (dependents.length === 0) return out;
  if (!cascade) {
    throw new DbError('2BP01', 'dependent privileges exist', { hint: 'Use CASCADE to revoke them too.' });
  }
  for (const d of dependents) out = revokeOne(out, d.grantee, grantee, lostOptions, false, true, owner);
  return out;
}

/** Does `grantee` still hold grant options `bits` directly, from another grantor or PUBLIC? */
function stillHasOptions(acl: Acl, grantee: number, bits: number): boolean {
  let held = 0;
  for (const it of acl)
    if (it.grantee === grantee || it.grantee === PUBLIC_ROLE) held |= grantOptionsOf(it.bits);
  return (held & bits) === bits;
}

/**
 * The privilege bits (and grant option bits) `acl` gives a role, PostgreSQL's aclmask with
 * ACLMASK_ALL: the union over items whose grantee is PUBLIC or a role `hasPrivsOf` accepts.
 */
export function aclMask(acl: Acl, hasPrivsOf: (grantee: number) => boolean): number {
  let bits = 0;
  for (const it of acl) {
    if (it.grantee === PUBLIC_ROLE || hasPrivsOf(it.grantee)) bits |= it.bits;
  }
  return bits;
}

/** The one-letter privileges of `bits` with `*` for grant options ("arwdDxt", "r*w"). */
export function privilegeLetters(bits: number): string {
  let s = '';
  for (let b = 0; b < LETTERS.length; b++) {
    if ((bits & (1 << b)) === 0) continue;
    s += LETTERS[b];
    if ((bits & (1 << (b + GOPTION_SHIFT))) !== 0) s += '*';
  }
  return s;
}

/**
 * aclitem's text form, `grantee=privs/grantor` with role names (PUBLIC is an empty grantee),
 * names quoted as PostgreSQL's putid does. `name` maps a role OID to its name.
 */
export function formatAclItem(it: AclItem, name: (oid: number) => string): string {
  const grantee = it.grantee === PUBLIC_ROLE ? '' : putId(name(it.grantee));
  return `${grantee}=${privilegeLetters(it.bits)}/${putId(name(it.grantor))}`;
}

/** aclitem[]'s text form: `{a=r/b,=U/b}`. */
export function formatAcl(acl: Acl, name: (oid: number) => string): string {
  return `{${acl.map((it) => formatAclItem(it, name)).join(',')}}`;
}

/** putid: quotes a name unless it is made of alphanumerics and `_` only. */
function putId(id: string): string {
  if (/^[A-Za-z0-9_]+$/.test(id)) return id;
  return `"${id.replace(/"/g, '""')}"`;
}

/** Stored form of an ACL (role OIDs, not names, so renames need no rewrite): `g=bits/r;…`. */
export function encodeAcl(acl: Acl): string {
  return acl.map((it) => `${it.grantee}=${it.bits}/${it.grantor}`).join(';');
}

/** Reads `encodeAcl`'s form back. */
export function decodeAcl(text: string): Acl {
  if (text === '') return [];
  return text.split(';').map((part) => {
    const eq = part.indexOf('=');
    const slash = part.indexOf('/');
    return item(Number(part.slice(0, eq)), Number(part.slice(slash + 1)), Number(part.slice(eq + 1, slash)));
  });
}
