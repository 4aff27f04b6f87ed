/**
 * CREATE DOMAIN, ALTER DOMAIN and DROP DOMAIN (typecmds.c's DefineDomain, AlterDomain*). Names,
 * privileges and expressions are dealt with here; the definitions live in the catalog
 * (domain-ddl.ts).
 *
 * EXPRESSIONS. A CHECK is bound over one column named `value` of the base type (VALUE is an
 * unreserved keyword, so the parser reads it as a column reference) and stored as written; a
 * DEFAULT is bound as a column default of the base type. ADD CONSTRAINT (unless NOT VALID),
 * VALIDATE CONSTRAINT and SET NOT NULL first check the values already stored in every column of
 * the domain (and of domains over it), with PostgreSQL's errors.
 *
 * PRIVILEGES as for enums (type-statements.ts): CREATE needs CREATE on the schema; ALTER and
 * DROP need ownership.
 */
import { type CatalogView, type DomainChange, domainColumns } from '@rustydb/catalog';
import { DbError, type DomainType, type SqlType } from '@rustydb/common';
import {
  type AlterDomainStmt,
  type Constraint,
  type CreateDomainStmt,
  type DropStmt,
  type Expr,
  formatExpr,
  type ObjectName,
  parseExpression,
  quoteIdent,
} from '@rustydb/parser';
import { bindCheckExpression, bindColumnDefault, resolveTypeName } from '@rustydb/planner';
import { renameColumnRefs } from './alter-table-statement.js';
import { storableType } from './column-definitions.js';
import { queryRows } from './internal-query.js';
import { mustBeOwner, requireSchemaCreate, roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { roleName } from './role-statements.js';
import { checkCatalogName, creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { notice, sendCascadeNotice } from './statement-notices.js';

const fullName = (n: ObjectName) => (n.schema === undefined ? n.name : `${n.schema}.${n.name}`);

/** The domain `name` denotes; 42704 when there is none, 42809 for an enum. */
function findDomain(view: CatalogView, name: ObjectName): DomainType | undefined {
  checkCatalogName(name);
  if (name.schema !== undefined && !view.schemaExists(name.schema)) {
    throw new DbError('3F000', `schema "${name.schema}" does not exist`);
  }
  const d = view.domainType(name.name, name.schema);
  if (d === undefined && view.enumType(name.name, name.schema) !== undefined) {
    throw new DbError('42809', `"${fullName(name)}" is not a domain`);
  }
  return d;
}

function requireDomain(view: CatalogView, name: ObjectName): DomainType {
  const d = findDomain(view, name);
  if (d === undefined) throw new DbError('42704', `type "${fullName(name)}" does not exist`);
  return d;
}

/** 42501 unless the current user owns `d` or is a superuser. */
function requireDomainOwner(ctx: StatementContext, d: DomainType): void {
  const { role } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  if (role.superuser) return;
  const owner = ctx.catalog.domainTypes().find((t) => t.def.oid === d.oid)?.owner;
  if (owner !== role.oid) throw mustBeOwner('type', d.name);
}

/** A CHECK's expression bound over `value` of `base`: 42703, 0A000, 42804 as for a table's. */
function checkExpression(expr: Expr, domain: string, base: SqlType, ctx: StatementContext): string {
  bindCheckExpression(expr, { name: domain, columns: [{ name: 'value', type: base }] }, ctx.catalog);
  return formatExpr(expr);
}

/** A DEFAULT bound as a column default of `base` (22P02 for a bad literal, 42804, …). */
function defaultExpression(expr: Expr, domain: string, base: SqlType, ctx: StatementContext): string {
  bindColumnDefault(expr, { name: domain, type: base }, ctx.catalog);
  return formatExpr(expr);
}

/**
 * `f`'s errors without a position: PostgreSQL's DefineDomain and AlterDomain* bind their
 * expressions and types without the statement's text, so none of their errors points into it.
 */
async function withoutPositions<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw err instanceof DbError && err.fields.position !== undefined
      ? err.with({ position: undefined })
      : err;
  }
}

/** CREATE DOMAIN name [AS] type [COLLATE c] [DEFAULT e] [constraints]. */
export function createDomain(stmt: CreateDomainStmt, ctx: StatementContext): Promise<void> {
  return withoutPositions(() => defineDomain(stmt, ctx));
}

function defineDomain(stmt: CreateDomainStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.name);
  const schema = creationSchema(ctx.catalog, stmt.name, false);
  const user = currentUserOf(ctx.settings);
  const { role } = roleOf(ctx.catalog, user);
  if (!role.superuser) requireSchemaCreate(ctx.catalog, user, schema);
  const name = stmt.name.name;
  const baseType = storableType(resolveTypeName(stmt.type, ctx.catalog));
  checkCollation(stmt.collation, baseType);
  let notNull: boolean | undefined;
  let defaultSql: string | undefined;
  const checks: { name?: string; checkSql: string }[] = [];
  for (const c of stmt.constraints) {
    if (c.kind === 'notNull' || c.kind === 'nullable') {
      if (notNull !== undefined && notNull !== (c.kind === 'notNull')) {
        throw new DbError('42601', 'conflicting NULL/NOT NULL constraints', { position: c.location + 1 });
      }
      notNull = c.kind === 'notNull';
    } else if (c.kind === 'columnDefault') {
      if (defaultSql !== undefined) {
        throw new DbError('42601', 'multiple default expressions', { position: c.location + 1 });
      }
      defaultSql = defaultExpression(c.expr, name, baseType, ctx);
    } else if (c.kind === 'check') {
      checks.push({
        ...(c.name === undefined ? {} : { name: c.name }),
        checkSql: checkExpression(c.expr, name, baseType, ctx),
      });
    }
  }
  ctx.engine.catalog.createDomain(ctx.tx, {
    schema,
    name,
    baseType,
    notNull: notNull ?? false,
    ...(defaultSql === undefined ? {} : { defaultSql }),
    checks,
    owner: role.oid,
  });
  ctx.out.commandComplete('CREATE DOMAIN');
}

/** COLLATE on a domain: only the collations RustyDB has (C, POSIX, default), of a text type. */
function checkCollation(collation: string | undefined, base: SqlType): void {
  if (collation === undefined) return;
  if (!['text', 'varchar', 'bpchar', 'name'].includes(base.name)) {
    throw new DbError('42804', `collations are not supported by type ${base.domain?.name ?? base.name}`);
  }
  if (collation !== 'C' && collation !== 'POSIX' && collation !== 'default') {
    throw new DbError('42704', `collation "${collation}" for encoding "UTF8" does not exist`);
  }
}

/** ALTER DOMAIN name action. */
export function alterDomain(stmt: AlterDomainStmt, ctx: StatementContext): Promise<void> {
  return withoutPositions(async () => {
    const d = requireDomain(ctx.catalog, stmt.name);
    requireDomainOwner(ctx, d);
    const change = await domainChange(stmt, d, ctx);
    if (change !== undefined) ctx.engine.catalog.alterDomain(ctx.tx, d.oid, change);
    ctx.out.commandComplete('ALTER DOMAIN');
  });
}

/** What `stmt` changes, after checking the stored values it must hold for; undefined for nothing. */
async function domainChange(
  stmt: AlterDomainStmt,
  d: DomainType,
  ctx: StatementContext,
): Promise<DomainChange | undefined> {
  const a = stmt.action;
  switch (a.kind) {
    case 'setDefault':
      return { kind: 'setDefault', defaultSql: defaultExpression(a.expr, d.name, d.baseType, ctx) };
    case 'dropDefault':
      return { kind: 'setDefault' };
    case 'setNotNull':
      if (!d.notNull) await checkNoNulls(d, ctx);
      return { kind: 'setNotNull', notNull: true };
    case 'dropNotNull':
      return { kind: 'setNotNull', notNull: false };
    case 'addConstraint':
      return addConstraint(a.constraint, a.notValid, d, ctx);
    case 'dropConstraint':
      if (d.checks.some((c) => c.name === a.name)) return { kind: 'dropCheck', name: a.name };
      if (!a.ifExists)
        throw new DbError('42704', `constraint "${a.name}" of domain "${d.name}" does not exist`);
      ctx.out.notice(
        notice('00000', `constraint "${a.name}" of domain "${d.name}" does not exist, skipping`),
      );
      return undefined;
    case 'validateConstraint': {
      const c = d.checks.find((x) => x.name === a.name);
      if (c === undefined)
        throw new DbError('42704', `constraint "${a.name}" of domain "${d.name}" does not exist`);
      if (!c.validated) await checkStoredValues(d, parseExpression(c.checkSql), ctx);
      return { kind: 'validateCheck', name: a.name };
    }
    case 'renameConstraint':
      return { kind: 'renameCheck', from: a.from, to: a.to };
    case 'rename':
      return { kind: 'move', schema: d.schema, name: a.to };
    case 'setSchema':
      return { kind: 'move', schema: a.schema, name: d.name };
    case 'ownerTo': {
      const name = roleName(a.role, ctx);
      return { kind: 'owner', owner: roleOf(ctx.catalog, name).role.oid };
    }
  }
}

/** ADD CONSTRAINT: a CHECK (NOT NULL is SET NOT NULL's job in PostgreSQL 15 too). */
async function addConstraint(
  c: Constraint,
  notValid: boolean,
  d: DomainType,
  ctx: StatementContext,
): Promise<DomainChange> {
  if (c.kind !== 'check') {
    throw new DbError('42601', 'only CHECK constraints can be added to a domain', {
      position: c.location + 1,
    });
  }
  const checkSql = checkExpression(c.expr, d.name, d.baseType, ctx);
  if (!notValid) await checkStoredValues(d, c.expr, ctx);
  return {
    kind: 'addCheck',
    ...(c.name === undefined ? {} : { name: c.name }),
    checkSql,
    validated: !notValid,
  };
}

/** The columns of `d` (or of domains over it) as `"schema"."table"` and the column's name. */
function columnsOf(
  d: DomainType,
  ctx: StatementContext,
): { table: string; relation: string; column: string }[] {
  return domainColumns(ctx.catalog, d.oid).map((c) => {
    const t = ctx.catalog.tableByOid(c.table)!;
    return { table: t.name, relation: `${quoteIdent(t.schema)}.${quoteIdent(t.name)}`, column: c.column };
  });
}

/** 23514 `column "c" of table "t" contains values that violate the new constraint`, if one does. */
async function checkStoredValues(d: DomainType, check: Expr, ctx: StatementContext): Promise<void> {
  for (const c of columnsOf(d, ctx)) {
    const test = formatExpr(renameColumnRefs(check, 'value', c.column));
    const rows = await queryRows(ctx, `SELECT 1 FROM ONLY ${c.relation} WHERE NOT (${test}) LIMIT 1`);
    if (rows.length > 0) {
      throw new DbError(
        '23514',
        `column "${c.column}" of table "${c.table}" contains values that violate the new constraint`,
      );
    }
  }
}

/** 23502 `column "c" of table "t" contains null values`, if one does. */
async function checkNoNulls(d: DomainType, ctx: StatementContext): Promise<void> {
  for (const c of columnsOf(d, ctx)) {
    const rows = await queryRows(
      ctx,
      `SELECT 1 FROM ONLY ${c.relation} WHERE ${quoteIdent(c.column)} IS NULL LIMIT 1`,
    );
    if (rows.length > 0) {
      throw new DbError('23502', `column "${c.column}" of table "${c.table}" contains null values`);
    }
  }
}

/** DROP DOMAIN [IF EXISTS] a, b [CASCADE]: every name is resolved before anything is dropped. */
export function dropDomains(stmt: DropStmt, ctx: StatementContext): void {
  const found: DomainType[] = [];
  for (const name of stmt.names) {
    const d = findDomain(ctx.catalog, name);
    if (d !== undefined) {
      requireDomainOwner(ctx, d);
      found.push(d);
      continue;
    }
    if (!stmt.ifExists) throw new DbError('42704', `type "${fullName(name)}" does not exist`);
    ctx.out.notice(notice('00000', `type "${fullName(name)}" does not exist, skipping`));
  }
  for (const d of found) {
    if (ctx.catalog.domainTypeByOid(d.oid) === undefined) continue;
    sendCascadeNotice(ctx.out, ctx.engine.catalog.dropDomain(ctx.tx, d.oid, stmt.behavior === 'cascade'));
  }
  ctx.out.commandComplete('DROP DOMAIN');
}
