/**
 * CREATE / ALTER / DROP ROLE (and USER) from the parse tree, with gram.y's checks: reserved role
 * names (42939), UNENCRYPTED PASSWORD (0A000), unknown IDENT options (42601), and user.c's
 * `conflicting or redundant options` for an option given twice.
 */
import { DbError, syntaxError } from '@rustydb/common';
import type {
  AlterRoleStmt,
  CreateRoleStmt,
  DropOwnedStmt,
  DropRoleStmt,
  ReassignOwnedStmt,
  RoleOption,
  RoleSpec,
} from '../ast/index.js';
import type {
  AlterRoleStmtContext,
  CreateRoleStmtContext,
  DropOwnedStmtContext,
  DropRoleStmtContext,
  ReassignOwnedStmtContext,
  RoleOptionContext,
  RoleSpecContext,
} from '../generated/PostgreSqlParser.js';
import { loc, nameOf } from './names.js';
import { stringValue } from './string-literal.js';

export function buildCreateRole(ctx: CreateRoleStmtContext): CreateRoleStmt {
  return {
    kind: 'createRole',
    name: roleId(ctx.roleSpec()),
    user: ctx.USER() !== null,
    options: roleOptions(ctx.roleOption()),
  };
}

export function buildAlterRole(ctx: AlterRoleStmtContext): AlterRoleStmt {
  const specs = ctx.roleSpec();
  if (ctx.RENAME()) {
    return {
      kind: 'alterRole',
      role: { kind: 'name', name: roleId(specs[0]!), location: loc(specs[0]!) },
      options: [],
      renameTo: roleId(specs[1]!),
    };
  }
  return { kind: 'alterRole', role: roleSpec(specs[0]!), options: roleOptions(ctx.roleOption()) };
}

export function buildDropRole(ctx: DropRoleStmtContext): DropRoleStmt {
  return { kind: 'dropRole', ifExists: ctx.IF() !== null, roles: ctx.roleSpec().map(roleSpec) };
}

export function buildReassignOwned(ctx: ReassignOwnedStmtContext): ReassignOwnedStmt {
  const specs = ctx.roleSpec().map(roleSpec);
  return { kind: 'reassignOwned', roles: specs.slice(0, -1), newRole: specs[specs.length - 1]! };
}

export function buildDropOwned(ctx: DropOwnedStmtContext): DropOwnedStmt {
  return {
    kind: 'dropOwned',
    roles: ctx.roleSpec().map(roleSpec),
    cascade: ctx.dropBehavior()?.CASCADE() != null,
  };
}

/** gram.y's RoleSpec. */
export function roleSpec(ctx: RoleSpecContext): RoleSpec {
  const location = loc(ctx);
  if (ctx.CURRENT_USER()) return { kind: 'current_user', location };
  if (ctx.CURRENT_ROLE()) return { kind: 'current_role', location };
  if (ctx.SESSION_USER()) return { kind: 'session_user', location };
  return { kind: 'name', name: nameOf(ctx.nonReservedWord()!), location };
}

/** gram.y's RoleId: a RoleSpec that must be a plain, unreserved name. */
function roleId(ctx: RoleSpecContext): string {
  const spec = roleSpec(ctx);
  const position = spec.location + 1;
  if (spec.kind !== 'name') {
    throw new DbError('42939', `${spec.kind.toUpperCase()} cannot be used as a role name here`, { position });
  }
  if (spec.name === 'public' || spec.name === 'none') {
    throw new DbError('42939', `role name "${spec.name}" is reserved`, { position });
  }
  return spec.name;
}

/** The IDENT options of gram.y's AlterOptRoleElem: name → (kind, value). */
const FLAG_OPTIONS: Readonly<
  Record<
    string,
    readonly [Exclude<RoleOption['kind'], 'password' | 'connectionLimit' | 'validUntil'>, boolean]
  >
> = {
  superuser: ['superuser', true],
  nosuperuser: ['superuser', false],
  createrole: ['createrole', true],
  nocreaterole: ['createrole', false],
  replication: ['replication', true],
  noreplication: ['replication', false],
  createdb: ['createdb', true],
  nocreatedb: ['createdb', false],
  login: ['login', true],
  nologin: ['login', false],
  bypassrls: ['bypassrls', true],
  nobypassrls: ['bypassrls', false],
  noinherit: ['inherit', false],
};

function roleOptions(list: readonly RoleOptionContext[]): RoleOption[] {
  const seen = new Set<string>();
  return list.map((ctx) => {
    const option = roleOption(ctx);
    if (seen.has(option.kind)) {
      throw syntaxError('conflicting or redundant options', option.location + 1);
    }
    seen.add(option.kind);
    return option;
  });
}

function roleOption(ctx: RoleOptionContext): RoleOption {
  const location = loc(ctx);
  if (ctx.UNENCRYPTED()) {
    throw new DbError('0A000', 'UNENCRYPTED PASSWORD is no longer supported', {
      position: location + 1,
      hint: 'Remove UNENCRYPTED to store the password in encrypted form instead.',
    });
  }
  if (ctx.PASSWORD()) {
    const sconst = ctx.sconst();
    return { kind: 'password', password: sconst ? stringValue(sconst) : null, location };
  }
  if (ctx.INHERIT()) return { kind: 'inherit', value: true, location };
  if (ctx.CONNECTION()) {
    const n = Number(ctx.ICONST()!.getText());
    return { kind: 'connectionLimit', limit: ctx.MINUS() ? -n : n, location };
  }
  if (ctx.VALID()) return { kind: 'validUntil', timestamp: stringValue(ctx.sconst()!), location };
  const word = ctx.IDENT()!.getText().toLowerCase();
  const flag = FLAG_OPTIONS[word];
  if (flag === undefined) throw syntaxError(`unrecognized role option "${word}"`, location + 1);
  return { kind: flag[0], value: flag[1], location };
}
