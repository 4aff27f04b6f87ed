/**
 * CREATE DOMAIN and ALTER DOMAIN from the parse tree. CREATE DOMAIN's qualifiers are a column's
 * (gram.y's ColQualList); the ones a domain cannot have are refused here with DefineDomain's
 * errors (without a position, as PostgreSQL reports them), so the catalog sees only NOT NULL,
 * NULL, CHECK and DEFAULT.
 */
import { DbError, syntaxError } from '@rustydb/common';
import type { AlterDomainAction, AlterDomainStmt, Constraint, CreateDomainStmt } from '../ast/index.js';
import type { AlterDomainStmtContext, CreateDomainStmtContext } from '../generated/PostgreSqlParser.js';
import { behavior, buildColumnConstraint, buildTableConstraint } from './build-ddl.js';
import { buildExpr, lastName } from './build-expr.js';
import { expectWord } from './build-grant.js';
import { roleSpec } from './build-role.js';
import { buildTypeName } from './build-type-name.js';
import { loc, nameOf, objectName } from './names.js';

/** DefineDomain's words for the constraints a domain cannot have. */
const NOT_FOR_DOMAINS: Partial<Record<Constraint['kind'], string>> = {
  unique: 'unique constraints not possible for domains',
  primaryKey: 'primary key constraints not possible for domains',
  foreignKey: 'foreign key constraints not possible for domains',
  identity: 'specifying constraint deferrability not supported for domains',
  generated: 'specifying constraint deferrability not supported for domains',
};

function checkDomainConstraint(c: Constraint): Constraint {
  const message = NOT_FOR_DOMAINS[c.kind];
  if (message !== undefined) throw new DbError('42601', message);
  if (c.kind === 'check' && c.noInherit) {
    throw new DbError('42P17', 'check constraints for domains cannot be marked NO INHERIT');
  }
  return c;
}

export function buildCreateDomain(ctx: CreateDomainStmtContext): CreateDomainStmt {
  const constraints: Constraint[] = [];
  let collation: string | undefined;
  for (const q of ctx.columnQualifier()) {
    const elem = q.columnConstraintElem();
    if (elem) {
      const name = q.name();
      constraints.push(
        checkDomainConstraint(buildColumnConstraint(elem, name ? nameOf(name) : undefined, loc(q))),
      );
      continue;
    }
    if (q.constraintAttribute()) {
      throw new DbError('42601', 'specifying constraint deferrability not supported for domains');
    }
    if (collation !== undefined) throw syntaxError('multiple COLLATE clauses not allowed', loc(q) + 1);
    collation = lastName(q.anyName()!);
  }
  return {
    kind: 'createDomain',
    name: objectName(ctx.anyName()),
    type: buildTypeName(ctx.typename()),
    ...(collation === undefined ? {} : { collation }),
    constraints,
  };
}

export function buildAlterDomain(ctx: AlterDomainStmtContext): AlterDomainStmt {
  return { kind: 'alterDomain', name: objectName(ctx.anyName()), action: domainAction(ctx) };
}

function domainAction(stmt: AlterDomainStmtContext): AlterDomainAction {
  const ctx = stmt.alterDomainCmd();
  const names = ctx.name();
  if (ctx.DEFAULT())
    return ctx.SET() ? { kind: 'setDefault', expr: buildExpr(ctx.aExpr()!) } : { kind: 'dropDefault' };
  if (ctx.NULL_P()) return ctx.SET() ? { kind: 'setNotNull' } : { kind: 'dropNotNull' };
  if (ctx.ADD()) {
    // NOT VALID is read as the table constraint's attribute (constraintAttribute), so it is
    // the constraint's flag here.
    const built = buildTableConstraint(ctx.tableConstraint()!);
    const notValid = ctx.VALID() !== null || ('notValid' in built && built.notValid === true);
    return { kind: 'addConstraint', constraint: checkDomainConstraint(built), notValid };
  }
  if (ctx.VALIDATE()) return { kind: 'validateConstraint', name: nameOf(names[0]!) };
  if (ctx.DROP()) {
    return {
      kind: 'dropConstraint',
      name: nameOf(names[0]!),
      ifExists: ctx.IF() !== null,
      behavior: behavior(ctx.dropBehavior()),
    };
  }
  if (ctx.RENAME()) {
    if (ctx.CONSTRAINT()) return { kind: 'renameConstraint', from: nameOf(names[0]!), to: nameOf(names[1]!) };
    return { kind: 'rename', to: nameOf(ctx.colId()!) };
  }
  if (ctx.SCHEMA()) return { kind: 'setSchema', schema: nameOf(ctx.colId()!) };
  expectWord(ctx.colId()!, 'owner');
  return { kind: 'ownerTo', role: roleSpec(ctx.roleSpec()!) };
}
