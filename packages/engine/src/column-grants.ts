/**
 * Column privileges: GRANT / REVOKE `SELECT (a, b)`, `INSERT (a)`, `UPDATE (a)`, `REFERENCES (a)`
 * and `ALL [PRIVILEGES] (a)` ON a table or view — PostgreSQL 15's ExecGrant_Attribute — stored as
 * the table's column ACLs in its sys_acl row (catalog acl-store.ts, pg_attribute.attacl).
 *
 * Grantor and warnings follow the table rules (grant-statements.ts), per column: a role with the
 * owner's privileges grants as the owner; anyone else as themself, with the grant options the
 * table ACL or the column's ACL gives them; holding nothing on the column is 42501 `permission
 * denied for column "a" of relation "t"`. REVOKE of a table-level privilege also revokes it from
 * every column (`revokeFromColumns`), as PostgreSQL's expand_all_col_privileges does.
 */
import {
  type Acl,
  aclGrant,
  aclRevoke,
  COLUMN_PRIVILEGES,
  type CatalogView,
  grantOptionsOf,
  PRIVILEGE_BY_NAME,
  type PrivilegeContext,
  type RoleDef,
} from '@rustydb/catalog';
import { DbError, type Oid } from '@rustydb/common';
import type { GrantStmt } from '@rustydb/parser';
import { permissionDenied } from './privilege-checks.js';
import type { StatementContext } from './session.js';

/** The column part of one GRANT/REVOKE: attnum → privilege bits, per column name. */
export interface ColumnGrant {
  readonly columns: ReadonlyMap<number, { readonly name: string; readonly bits: number }>;
}

/**
 * The column privileges `stmt` names on relation `oid` called `relName` (undefined: none).
 * @throws DbError 0LP01 `invalid privilege type DELETE for column`, 42703 for an unknown column.
 */
export function columnGrantOf(
  stmt: GrantStmt,
  view: CatalogView,
  oid: number,
  relName: string,
): ColumnGrant | undefined {
  const lists: { names: readonly string[]; bits: number }[] = [];
  if (stmt.allColumns !== undefined) lists.push({ names: stmt.allColumns, bits: COLUMN_PRIVILEGES });
  for (const p of stmt.privileges ?? []) {
    if (p.columns === undefined) continue;
    const bit = PRIVILEGE_BY_NAME[p.name];
    if (bit === undefined) throw new DbError('42601', `unrecognized privilege type "${p.name}"`);
    if ((bit & ~COLUMN_PRIVILEGES) !== 0) {
      throw new DbError('0LP01', `invalid privilege type ${p.name.toUpperCase()} for column`);
    }
    lists.push({ names: p.columns, bits: bit });
  }
  if (lists.length === 0) return undefined;
  const attnums = columnNumbers(view, oid);
  const columns = new Map<number, { name: string; bits: number }>();
  for (const { names, bits } of lists) {
    for (const name of names) {
      const attnum = attnums?.get(name);
      if (attnum === undefined) {
        throw new DbError('42703', `column "${name}" of relation "${relName}" does not exist`);
      }
      columns.set(attnum, { name, bits: (columns.get(attnum)?.bits ?? 0) | bits });
    }
  }
  return { columns };
}

/** Column name → attnum of a table or view (undefined for other relations: sequences). */
function columnNumbers(view: CatalogView, oid: number): Map<string, number> | undefined {
  const table = view.tableByOid(oid as Oid);
  if (table) return new Map(table.columns.map((c) => [c.name, c.attnum]));
  const v = view.viewByOid(oid as Oid);
  return v ? new Map(v.columns.map((c, i) => [c.name, i + 1])) : undefined;
}

/**
 * Applies column grant `g` of `stmt` to relation `oid` (`relName`) for `grantees`, warning as
 * PostgreSQL, and stores the table's new column ACLs. Sync. @throws DbError 42501, 2BP01.
 */
export function grantOnColumns(
  stmt: GrantStmt,
  oid: number,
  relName: string,
  g: ColumnGrant,
  grantees: readonly number[],
  me: RoleDef,
  privs: PrivilegeContext,
  ctx: StatementContext,
): void {
  const owner = privs.owner(oid, 'table');
  const isOwner = privs.isOwner(me.oid, oid, 'table');
  const tableMask = privs.mask(me.oid, oid, 'table');
  const current = ctx.engine.catalog.objectPrivileges(oid, ctx.tx);
  const next = new Map(current?.columns ?? []);
  const verb = stmt.isGrant ? 'were granted' : 'could be revoked';
  const code = stmt.isGrant ? '01007' : '01006';
  for (const [attnum, { name, bits: wanted }] of g.columns) {
    const what = `column "${name}" of relation "${relName}"`;
    let grantor = owner;
    let available = COLUMN_PRIVILEGES;
    if (!isOwner) {
      grantor = me.oid;
      const mask = tableMask | privs.columnMask(me.oid, oid, attnum);
      if (mask === 0) throw permissionDenied('column', `"${name}" of relation "${relName}"`);
      available = grantOptionsOf(mask);
    }
    const granted = wanted & available;
    if (granted === 0) ctx.out.notice(warning(code, `no privileges ${verb} for ${what}`));
    else if (granted !== wanted) ctx.out.notice(warning(code, `not all privileges ${verb} for ${what}`));
    const acl: Acl = next.get(attnum) ?? [];
    const changed = stmt.isGrant
      ? aclGrant(acl, grantees, grantor, granted, stmt.grantOption)
      : aclRevoke(acl, grantees, grantor, granted, stmt.grantOption, stmt.cascade, owner);
    setColumnAcl(next, attnum, changed);
  }
  ctx.engine.catalog.setObjectPrivileges(
    ctx.tx,
    { object: oid, kind: 'table', owner, acl: current?.acl ?? null, columns: next },
    relName,
  );
}

/**
 * The column ACLs of `columns` after a table-level REVOKE of `bits` from `grantees` by `grantor`
 * (column-capable bits only), or `columns` itself when nothing changes. Pure.
 */
export function revokeFromColumns(
  columns: ReadonlyMap<number, Acl> | undefined,
  stmt: GrantStmt,
  grantees: readonly number[],
  grantor: number,
  bits: number,
  owner: number,
): ReadonlyMap<number, Acl> | undefined {
  const revoked = bits & COLUMN_PRIVILEGES;
  if (columns === undefined || columns.size === 0 || revoked === 0) return columns;
  const next = new Map(columns);
  for (const [attnum, acl] of columns) {
    setColumnAcl(
      next,
      attnum,
      aclRevoke(acl, grantees, grantor, revoked, stmt.grantOption, stmt.cascade, owner),
    );
  }
  return next;
}

/** An empty column ACL is no ACL (attacl NULL), as PostgreSQL stores it. */
function setColumnAcl(columns: Map<number, Acl>, attnum: number, acl: Acl): void {
  if (acl.length === 0) columns.delete(attnum);
  else columns.set(attnum, acl);
}

const warning = (code: '01006' | '01007', message: string) =>
  new DbError(code, message, { severity: 'WARNING' });
