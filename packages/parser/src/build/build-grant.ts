/**
 * GRANT / REVOKE (privileges and role membership) and ALTER … OWNER TO from the parse tree. The
 * words that are not keywords in this grammar (PRIVILEGES, GRANTED, ADMIN, TABLES, SEQUENCES,
 * DATABASE, OWNER, USAGE, …) arrive as colId and are checked here; a wrong one is a syntax error
 * at its position, as gram.y would report it.
 */
import { syntaxError } from '@rustydb/common';
import type {
  AlterDefaultPrivilegesStmt,
  AlterOwnerStmt,
  GrantRoleStmt,
  GrantStmt,
  GrantTarget,
  PrivilegeSpec,
  RoleSpec,
  RoutineKind,
} from '../ast/index.js';
import type {
  AlterDefaultPrivilegesStmtContext,
  AlterOwnerStmtContext,
  ColIdContext,
  GranteeListContext,
  GrantRoleStmtContext,
  GrantStmtContext,
  NameListContext,
  PrivilegeContext,
  PrivilegesContext,
  PrivilegeTargetContext,
  RevokeRoleStmtContext,
  RevokeStmtContext,
} from '../generated/PostgreSqlParser.js';
import { buildFunctionRef, routineKind } from './build-function.js';
import { roleSpec } from './build-role.js';
import { loc, nameOf, objectName } from './names.js';

/** GRANT or REVOKE of privileges on objects. @throws DbError 42601 for a misplaced word. */
export function buildGrant(ctx: GrantStmtContext | RevokeStmtContext): GrantStmt {
  const isGrant = 'TO' in ctx;
  const words = ctx.colId();
  const grantedBy = ctx.roleSpec();
  if (words !== null) expectWord(words, 'granted');
  const privs = privilegeList(ctx.privileges()!);
  return {
    kind: 'grant',
    isGrant,
    privileges: privs.list,
    ...(privs.allColumns ? { allColumns: privs.allColumns } : {}),
    target: target(ctx.privilegeTarget()!),
    grantees: grantees(ctx.granteeList()!),
    grantOption: ctx.OPTION() !== null,
    ...(grantedBy ? { grantedBy: roleSpec(grantedBy) } : {}),
    cascade: isGrant ? false : (ctx as RevokeStmtContext).dropBehavior()?.CASCADE() != null,
  };
}

/** GRANT or REVOKE of role membership. @throws DbError 42601 for a misplaced word. */
export function buildGrantRole(ctx: GrantRoleStmtContext | RevokeRoleStmtContext): GrantRoleStmt {
  const isGrant = 'TO' in ctx;
  const specs = ctx.roleSpec();
  const words = ctx.colId();
  let adminOption = false;
  let grantedBy: RoleSpec | undefined;
  for (const w of words) {
    const word = nameOf(w);
    if (word === 'admin') adminOption = true;
    else if (word === 'granted') grantedBy = roleSpec(specs[specs.length - 1]!);
    else throw syntaxError(`syntax error at or near "${w.getText()}"`, loc(w) + 1);
  }
  const roles = (grantedBy ? specs.slice(0, -1) : specs).map(roleSpec);
  return {
    kind: 'grantRole',
    isGrant,
    roles,
    members: grantees(ctx.granteeList()!),
    adminOption,
    ...(grantedBy ? { grantedBy } : {}),
    cascade: isGrant ? false : (ctx as RevokeRoleStmtContext).dropBehavior()?.CASCADE() != null,
  };
}

/** ALTER … OWNER TO. @throws DbError 42601 when the word before TO is not OWNER. */
export function buildAlterOwner(ctx: AlterOwnerStmtContext): AlterOwnerStmt {
  expectWord(ctx.colId()!, 'owner');
  const objectKind = ctx.TABLE()
    ? 'table'
    : ctx.MATERIALIZED()
      ? 'materializedView'
      : ctx.VIEW()
        ? 'view'
        : ctx.SEQUENCE()
          ? 'sequence'
          : ctx.INDEX()
            ? 'index'
            : 'schema';
  return {
    kind: 'alterOwner',
    objectKind,
    ifExists: ctx.IF() !== null,
    name: objectName(ctx.qualifiedName()!),
    owner: roleSpec(ctx.roleSpec()!),
  };
}

/** ALTER DEFAULT PRIVILEGES. @throws DbError 42601 for a misplaced word or object type. */
export function buildAlterDefaultPrivileges(
  ctx: AlterDefaultPrivilegesStmtContext,
): AlterDefaultPrivilegesStmt {
  expectWord(ctx.colId()!, 'privileges');
  const roles: RoleSpec[] = [];
  const schemas: string[] = [];
  for (const o of ctx.defaclOption()) {
    if (o.SCHEMA()) schemas.push(...names(o.nameList()!));
    else roles.push(...o.roleSpec().map(roleSpec));
  }
  const action = ctx.defaclAction()!;
  const word = action.colId()!;
  const objectType = nameOf(word);
  if (objectType !== 'tables' && objectType !== 'sequences' && objectType !== 'schemas') {
    throw syntaxError(`syntax error at or near "${word.getText()}"`, loc(word) + 1);
  }
  const privs = privilegeList(action.privileges()!);
  if (privs.allColumns) throw syntaxError('syntax error at or near "("', loc(action.privileges()!) + 1);
  return {
    kind: 'alterDefaultPrivileges',
    roles,
    schemas,
    isGrant: action.TO() !== null,
    privileges: privs.list,
    objectType,
    grantees: grantees(action.granteeList()!),
    grantOption: action.OPTION() !== null,
    cascade: action.dropBehavior()?.CASCADE() != null,
  };
}

export function expectWord(ctx: ColIdContext, word: string): void {
  if (nameOf(ctx) !== word) throw syntaxError(`syntax error at or near "${ctx.getText()}"`, loc(ctx) + 1);
}

function privilegeList(ctx: PrivilegesContext): { list: PrivilegeSpec[] | undefined; allColumns?: string[] } {
  if (ctx.ALL()) {
    const word = ctx.colId();
    if (word) expectWord(word, 'privileges');
    const cols = ctx.nameList();
    return cols ? { list: undefined, allColumns: names(cols) } : { list: undefined };
  }
  return { list: ctx.privilege().map(privilege) };
}

function privilege(ctx: PrivilegeContext): PrivilegeSpec {
  const word = ctx.colId();
  const name = word ? nameOf(word) : ctx.start!.text!.toLowerCase();
  const cols = ctx.nameList();
  return {
    name: name === 'temp' ? 'temporary' : name,
    ...(cols ? { columns: names(cols) } : {}),
    location: loc(ctx),
  };
}

/** ALL … IN SCHEMA: the word after ALL, and the target it makes. */
const ALL_IN_SCHEMA: Readonly<Record<string, Pick<GrantTarget, 'kind'> & { routineKind?: RoutineKind }>> = {
  tables: { kind: 'allTablesInSchema' },
  sequences: { kind: 'allSequencesInSchema' },
  functions: { kind: 'allFunctionsInSchema' },
  procedures: { kind: 'allFunctionsInSchema', routineKind: 'procedure' },
  routines: { kind: 'allFunctionsInSchema', routineKind: 'routine' },
};

function target(ctx: PrivilegeTargetContext): GrantTarget {
  const routine = ctx.routineKind();
  if (routine) {
    const kind = routineKind(routine);
    return {
      kind: 'function',
      ...(kind === undefined ? {} : { routineKind: kind }),
      functions: ctx.functionWithArgtypes().map(buildFunctionRef),
    };
  }
  if (ctx.SEQUENCE()) return { kind: 'sequence', names: ctx.qualifiedName().map(objectName) };
  if (ctx.ALL()) {
    const word = ctx.colId()!;
    const which = Object.hasOwn(ALL_IN_SCHEMA, nameOf(word)) ? ALL_IN_SCHEMA[nameOf(word)] : undefined;
    if (which === undefined) throw syntaxError(`syntax error at or near "${word.getText()}"`, loc(word) + 1);
    return { ...which, names: names(ctx.nameList()!) } as GrantTarget;
  }
  if (ctx.SCHEMA()) return { kind: 'schema', names: names(ctx.nameList()!) };
  const word = ctx.colId();
  if (word) {
    expectWord(word, 'database');
    return { kind: 'database', names: names(ctx.nameList()!) };
  }
  return { kind: 'table', names: ctx.qualifiedName().map(objectName) };
}

function grantees(ctx: GranteeListContext): RoleSpec[] {
  return ctx.grantee().map((g) => roleSpec(g.roleSpec()!));
}

const names = (ctx: NameListContext): string[] => ctx.name().map((n) => nameOf(n));
