/**
 * The SessionInfo the computed catalogs (catalog's system-catalog/) read: this session's user,
 * database and settings, the server's sessions (pg_stat_activity), the roles and the built-in
 * functions. Built once per statement that reads a catalog; cheap.
 */
import {
  type ActivityInfo,
  builtinRoles,
  type FunctionInfo,
  type LockRowInfo,
  PG_OPERATOR_FACTS,
  type PreparedXactInfo,
  type RoleInfo,
  type SequenceDef,
  type SequenceState,
  type SessionInfo,
  type SettingInfo,
} from '@rustydb/catalog';
import {
  FUNCTION_SIGNATURES,
  implementsOperator,
  SET_RETURNING,
  signatureExtension,
  updatableViewColumns,
} from '@rustydb/planner';
import { currentUserOf } from './role-settings.js';
import type { SessionSettings } from './session-settings.js';
import { printStoredExpression } from './stored-expression-printer.js';
import { printViewQuery } from './view-relation-names.js';

/** The one login role and the database: fixed until roles and databases are stored. */
export interface SessionIdentity {
  readonly user: string;
  readonly database: string;
  readonly pid: number;
}

let functions: readonly FunctionInfo[] | undefined;

/** pg_proc's rows: the scalar and set-returning functions the binder resolves. */
function builtinFunctions(): readonly FunctionInfo[] {
  functions ??= [
    ...FUNCTION_SIGNATURES.map(
      (s): FunctionInfo => ({
        name: s.name,
        args: s.args,
        result: s.result === 0 ? undefined : s.result,
        kind: 'f',
        returnsSet: false,
        volatile: s.volatile === true,
        extension: signatureExtension(s),
      }),
    ),
    ...SET_RETURNING.map(
      (s): FunctionInfo => ({
        name: s.name,
        args: s.args,
        result: s.columns.length === 1 ? s.columns[0]!.type : 'record',
        kind: 'f',
        returnsSet: true,
      }),
    ),
  ];
  return functions;
}

let operators: ReadonlySet<number> | undefined;

/**
 * pg_operator's rows: PostgreSQL's operators the binder resolves to PostgreSQL's result type
 * (planner operator-probe.ts). Probed once per process, on the first read of pg_operator.
 */
function builtinOperators(): ReadonlySet<number> {
  operators ??= new Set(PG_OPERATOR_FACTS.filter(implementsOperator).map((o) => o.oid));
  return operators;
}

/** A setting's pg_settings.vartype, guessed from its value as PostgreSQL's GUC tables declare it. */
function vartype(value: string): string {
  if (value === 'on' || value === 'off') return 'bool';
  if (/^-?\d+$/.test(value)) return 'integer';
  if (/^-?\d*\.\d+$/.test(value)) return 'real';
  return 'string';
}

/**
 * The SessionInfo of one session. `roles` is the one source of pg_authid/pg_roles rows (the
 * catalog's; without one, the bootstrap superuser and the predefined roles); `activity` lists the
 * server's sessions.
 */
export function sessionCatalogInfo(
  identity: SessionIdentity,
  settings: SessionSettings,
  activity: () => readonly ActivityInfo[],
  roles: () => readonly RoleInfo[] = () => builtinRoles(identity.user),
  preparedTransactions?: () => readonly PreparedXactInfo[],
  /** The session's own objects: its cursors (pg_cursors), its prepared statements (pg_prepared_statements). */
  own?: Required<Pick<SessionInfo, 'cursors' | 'preparedStatements'>>,
  relationActivity?: StatisticsViews,
  locks?: () => readonly LockRowInfo[],
  sequenceState?: (seq: SequenceDef) => SequenceState,
  backends?: Required<Pick<SessionInfo, 'signalBackend' | 'backendEnded'>>,
): SessionInfo {
  return {
    user: identity.user,
    currentUser: () => currentUserOf(settings),
    database: identity.database,
    pid: identity.pid,
    serverVersion: settings.get('server_version'),
    roles,
    settings: (): SettingInfo[] =>
      [...settings.all()]
        .sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1))
        .map(([name, setting]) => ({ name, setting, vartype: vartype(setting), context: 'user' })),
    activity,
    functions: builtinFunctions,
    operators: builtinOperators,
    printViewQuery: (sql, view, pretty, columns) =>
      printViewQuery(sql, view, pretty, columns, settings.get('TimeZone')),
    updatableViewColumns,
    printExpression: (e, view, pretty) => printStoredExpression(e, view, pretty, settings.get('TimeZone')),
    ...(preparedTransactions !== undefined ? { preparedTransactions } : {}),
    ...(own !== undefined ? own : {}),
    ...(relationActivity !== undefined ? relationActivity : {}),
    ...(locks !== undefined ? { locks } : {}),
    ...(sequenceState !== undefined ? { sequenceState } : {}),
    ...(backends !== undefined ? backends : {}),
  };
}

/**
 * What the statistics views and their functions ask of the engine (pg_stat_*_tables / _indexes,
 * pg_stat_database, pg_stat_bgwriter, the pg_stat_reset* functions): one object, the Database's.
 */
export type StatisticsViews = Required<
  Pick<
    SessionInfo,
    | 'tableActivity'
    | 'indexActivity'
    | 'resetActivity'
    | 'databaseActivity'
    | 'bgwriterActivity'
    | 'resetSharedActivity'
  >
>;

/** Now (or `ms`, a `Date.now()` taken earlier) as a timestamptz value (microseconds since 2000-01-01). */
export const pgNow = (ms: number = Date.now()): bigint => BigInt(ms - 946684800000) * 1000n;
