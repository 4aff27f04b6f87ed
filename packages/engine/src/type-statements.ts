/**
 * Statements on enum types: CREATE TYPE … AS ENUM, ALTER TYPE (ADD VALUE, RENAME VALUE,
 * RENAME TO, SET SCHEMA, OWNER TO) and DROP TYPE (of composite types too, composite-type-statements.ts). They resolve names and check privileges here, and leave the
 * definitions and PostgreSQL's rules on them to the catalog (type-ddl.ts).
 *
 * PRIVILEGES. CREATE TYPE needs CREATE on the schema; ALTER and DROP need ownership of the type
 * (a superuser passes). USAGE on a type is PUBLIC's, as PostgreSQL's default, and not checked.
 * NB: PostgreSQL refuses to use a value added by ALTER TYPE … ADD VALUE inside the transaction
 * that added it (55P04); we allow it, since our catalog rows are transactional anyway.
 */
import type { CatalogView } from '@rustydb/catalog';
import { type CompositeType, DbError, type EnumType, formatType } from '@rustydb/common';
import type { AlterTypeStmt, CreateEnumStmt, DropStmt, ObjectName } from '@rustydb/parser';
import { typeNameOf } from '@rustydb/planner';
import { dropCompositeTypes, findCompositeType } from './composite-type-statements.js';
import { mustBeOwner, requireSchemaCreate, roleOf } from './privilege-checks.js';
import { currentUserOf } from './role-settings.js';
import { roleName } from './role-statements.js';
import { checkCatalogName, creationSchema } from './schema-statements.js';
import type { StatementContext } from './session.js';
import { notice, sendCascadeNotice } from './statement-notices.js';

const fullName = (n: ObjectName) => (n.schema === undefined ? n.name : `${n.schema}.${n.name}`);

/** The enum `name` denotes, or undefined; 3F000 for a schema that does not exist. */
function findEnum(view: CatalogView, name: ObjectName): EnumType | undefined {
  checkCatalogName(name);
  if (name.schema !== undefined && !view.schemaExists(name.schema)) {
    throw new DbError('3F000', `schema "${name.schema}" does not exist`);
  }
  return view.enumType(name.name, name.schema);
}

/** 42501 unless the current user owns `e` or is a superuser. */
function requireTypeOwner(ctx: StatementContext, e: EnumType): void {
  const { role } = roleOf(ctx.catalog, currentUserOf(ctx.settings));
  if (role.superuser) return;
  const owner = ctx.catalog.enumTypes().find((t) => t.def.oid === e.oid)?.owner;
  if (owner !== role.oid) throw mustBeOwner('type', e.name);
}

/** CREATE TYPE name AS ENUM (…). */
export function createEnum(stmt: CreateEnumStmt, ctx: StatementContext): void {
  checkCatalogName(stmt.name);
  const schema = creationSchema(ctx.catalog, stmt.name, false);
  const user = currentUserOf(ctx.settings);
  const { role } = roleOf(ctx.catalog, user);
  if (!role.superuser) requireSchemaCreate(ctx.catalog, user, schema);
  ctx.engine.catalog.createEnum(ctx.tx, {
    schema,
    name: stmt.name.name,
    labels: stmt.labels,
    owner: role.oid,
  });
  ctx.out.commandComplete('CREATE TYPE');
}

/** ALTER TYPE name {ADD VALUE … | RENAME VALUE … | RENAME TO … | SET SCHEMA … | OWNER TO …}. */
export function alterType(stmt: AlterTypeStmt, ctx: StatementContext): void {
  const e = findEnum(ctx.catalog, stmt.name);
  if (e === undefined) throw new DbError('42704', `type "${fullName(stmt.name)}" does not exist`);
  requireTypeOwner(ctx, e);
  const catalog = ctx.engine.catalog;
  const a = stmt.action;
  switch (a.kind) {
    case 'addValue':
      if (!catalog.addEnumValue(ctx.tx, e.oid, a.label, a.neighbor, a.ifNotExists)) {
        ctx.out.notice(notice('42710', `enum label "${a.label}" already exists, skipping`));
      }
      break;
    case 'renameValue':
      catalog.renameEnumValue(ctx.tx, e.oid, a.from, a.to);
      break;
    case 'renameType':
      catalog.renameType(ctx.tx, e.oid, a.to);
      break;
    case 'setSchema': {
      const user = currentUserOf(ctx.settings);
      if (!ctx.catalog.schemaExists(a.schema))
        throw new DbError('3F000', `schema "${a.schema}" does not exist`);
      if (!roleOf(ctx.catalog, user).role.superuser) requireSchemaCreate(ctx.catalog, user, a.schema);
      catalog.setTypeSchema(ctx.tx, e.oid, a.schema);
      break;
    }
    case 'owner':
      catalog.setTypeOwner(ctx.tx, e.oid, roleOf(ctx.catalog, roleName(a.role, ctx)).role.oid);
      break;
  }
  ctx.out.commandComplete('ALTER TYPE');
}

/** DROP TYPE [IF EXISTS] a, b [CASCADE]: every name is resolved before anything is dropped. */
export function dropTypes(stmt: DropStmt, ctx: StatementContext): void {
  const found: EnumType[] = [];
  const composites: CompositeType[] = [];
  for (const name of stmt.names) {
    const e = findEnum(ctx.catalog, name);
    if (e !== undefined) {
      requireTypeOwner(ctx, e);
      found.push(e);
      continue;
    }
    const c = findCompositeType(ctx, name);
    if (c !== undefined) {
      composites.push(c);
      continue;
    }
    notAnEnum(ctx.catalog, name);
    if (!stmt.ifExists) throw new DbError('42704', `type "${fullName(name)}" does not exist`);
    ctx.out.notice(notice('00000', `type "${fullName(name)}" does not exist, skipping`));
  }
  for (const e of found) {
    if (ctx.catalog.enumTypeByOid(e.oid) === undefined) continue;
    sendCascadeNotice(ctx.out, ctx.engine.catalog.dropType(ctx.tx, e.oid, stmt.behavior === 'cascade'));
  }
  dropCompositeTypes(composites, stmt.behavior === 'cascade', ctx);
  ctx.out.commandComplete('DROP TYPE');
}

/** 2BP01 for a type that exists but is not an enum: a built-in one, or a relation's row type. */
function notAnEnum(view: CatalogView, name: ObjectName): void {
  const builtIn =
    name.schema === undefined || name.schema === 'pg_catalog' ? typeNameOf(name.name) : undefined;
  if (builtIn !== undefined) {
    throw new DbError(
      '2BP01',
      `cannot drop type ${formatType({ name: builtIn, typmod: -1 })} because it is required by the database system`,
    );
  }
  const rel = view.relation(name.name, name.schema);
  if (rel !== undefined && rel.kind !== 'index') {
    throw new DbError('2BP01', `cannot drop type ${name.name} because ${rel.kind} ${name.name} requires it`, {
      hint: `You can drop ${rel.kind} ${name.name} instead.`,
    });
  }
}
