/**
 * The catalogs about everything but relations: pg_type, pg_proc, pg_database, roles (pg_authid,
 * pg_roles, pg_user, pg_auth_members), pg_tablespace, pg_collation, pg_settings,
 * pg_stat_activity.
 */
import {
  isRangeType,
  RANGE_SUBTYPES,
  type RangeTypeName,
  SqlArray,
  TYPE_OID,
  type TypeName,
  typeLength,
  type Value,
  vectorOf,
} from '@rustydb/common';
import { formatAclItem } from '../acl.js';
import { ROLE_PG_READ_ALL_STATS } from '../predefined-roles.js';
import { privilegesFor } from '../privileges.js';
import { databaseOwnerAndAcl } from './acl-columns.js';
import { compositeTypeRows } from './composite-rows.js';
import { domainTypeRows } from './domain-rows.js';
import { enumTypeRows } from './enum-rows.js';
import { LANGUAGE_OIDS, userProcRows } from './function-rows.js';
import { castFunctionRows, FIRST_BUILTIN_PROC_OID } from './operator-rows.js';
import { BOOTSTRAP_SUPERUSER_OID, type FunctionInfo, type RoleInfo } from './session-info.js';
import { DATABASE_OID, type SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';
import {
  TYPE_FACTS,
  typeAlign,
  typeByValue,
  typeCategory,
  typeCollation,
  typeIoNames,
  typeKind,
  typeStorage,
} from './type-rows.js';

const PG_TYPE_COLUMNS = `oid oid, typname name, typnamespace oid, typowner oid, typlen int2, typbyval bool,
  typtype char, typcategory char, typispreferred bool, typisdefined bool, typdelim char,
  typrelid oid, typsubscript regproc, typelem oid, typarray oid, typinput regproc,
  typoutput regproc, typreceive regproc, typsend regproc, typmodin regproc, typmodout regproc,
  typanalyze regproc, typalign char, typstorage char, typnotnull bool, typbasetype oid,
  typtypmod int4, typndims int4, typcollation oid, typdefaultbin pg_node_tree, typdefault text,
  typacl _aclitem`;

const PREFERRED = new Set<string>(['bool', 'text', 'float8', 'oid', 'timestamptz', 'interval', 'inet']);

export const pgType = defineRelation('pg_catalog', 'pg_type', 1247, PG_TYPE_COLUMNS, (sc) => [
  ...TYPE_FACTS.map((f) => {
    const [input, output, receive, send] = typeIoNames(f);
    return [
      f.oid,
      f.name,
      11,
      BOOTSTRAP_SUPERUSER_OID,
      typeLength(f.type),
      typeByValue(f.type),
      typeKind(f),
      typeCategory(f.type),
      PREFERRED.has(f.name),
      true,
      ',',
      0,
      f.elem !== 0 ? 'array_subscript_handler' : '-',
      f.elem,
      f.array,
      input,
      output,
      receive,
      send,
      '-',
      '-',
      isRangeType(f.type) ? 'range_typanalyze' : '-',
      typeAlign(f.type),
      typeStorage(f.type),
      false,
      0,
      -1,
      0,
      typeCollation(f.type),
      null,
      null,
      null,
    ];
  }),
  ...enumTypeRows(sc),
  ...domainTypeRows(sc),
  ...compositeTypeRows(sc),
]);

// --- range types (pg_range) ---------------------------------------------------------------
/**
 * pg_range: the built-in range types with PostgreSQL 15's rows (the multirange types and the
 * btree operator classes they name are PostgreSQL's OIDs; RustyDB has neither).
 */
const RANGE_ROWS: Readonly<Record<RangeTypeName, [multirange: number, opclass: number, canonical: boolean]>> =
  {
    int4range: [4451, 1978, true],
    numrange: [4532, 3125, false],
    tsrange: [4533, 3128, false],
    tstzrange: [4534, 3127, false],
    daterange: [4535, 3122, true],
    int8range: [4536, 3124, true],
  };

export const pgRange = defineRelation(
  'pg_catalog',
  'pg_range',
  3541,
  `rngtypid oid, rngsubtype oid, rngmultitypid oid, rngcollation oid, rngsubopc oid,
  rngcanonical regproc, rngsubdiff regproc`,
  () =>
    (Object.keys(RANGE_ROWS) as RangeTypeName[]).map((r) => {
      const [multi, opclass, canonical] = RANGE_ROWS[r];
      return [
        TYPE_OID[r],
        TYPE_OID[RANGE_SUBTYPES[r]],
        multi,
        0,
        opclass,
        canonical ? `${r}_canonical` : '-',
        `${r}_subdiff`,
      ];
    }),
);
// --- end range types -------------------------------------------------------------------------

const PG_PROC_COLUMNS = `oid oid, proname name, pronamespace oid, proowner oid, prolang oid, procost float4,
  prorows float4, provariadic oid, prosupport regproc, prokind char, prosecdef bool,
  proleakproof bool, proisstrict bool, proretset bool, provolatile char, proparallel char,
  pronargs int2, pronargdefaults int2, prorettype oid, proargtypes oidvector,
  proallargtypes _oid, proargmodes _char, proargnames _text, proargdefaults pg_node_tree,
  protrftypes _oid, prosrc text, probin text, prosqlbody pg_node_tree, proconfig _text,
  proacl _aclitem`;

/**
 * Built-in functions get OIDs from here, in their registry's order (PostgreSQL's own are not
 * reproduced). The range must stay below FIRST_NORMAL_OID, where user objects' OIDs start: a
 * built-in OID among them would give pg_proc two rows with one OID. The other built-in objects
 * end below 14000 (pg_language's and pg_extension's plpgsql rows are the highest, 13563).
 */
const FIRST_PROC_OID = FIRST_BUILTIN_PROC_OID;

/**
 * The schema of built-in function `f`: pg_catalog, or for an extension's function the schema the
 * extension was installed in; undefined while its extension is not installed (no pg_proc row).
 */
function procSchema(sc: SystemCatalog, f: FunctionInfo): string | undefined {
  if (f.extension === undefined) return 'pg_catalog';
  return sc.view.extension(f.extension)?.schema;
}

export const pgProc = defineRelation('pg_catalog', 'pg_proc', 1255, PG_PROC_COLUMNS, (sc) => [
  ...sc.session.functions().flatMap((f, i) => {
    const schema = procSchema(sc, f);
    if (schema === undefined) return [];
    const args = f.args.map((a: TypeName) => TYPE_OID[a]);
    const result = f.result ?? f.args[0] ?? 'void';
    return [
      [
        FIRST_PROC_OID + i,
        f.name,
        sc.namespaceOid(schema) ?? 11,
        BOOTSTRAP_SUPERUSER_OID,
        12,
        1,
        f.returnsSet ? 1000 : 0,
        0,
        '-',
        f.kind,
        false,
        false,
        true,
        f.returnsSet,
        f.volatile === true ? 'v' : 'i',
        's',
        args.length,
        0,
        TYPE_OID[result],
        vectorOf(args),
        null,
        null,
        null,
        null,
        null,
        f.name,
        null,
        null,
        null,
        null,
      ],
    ];
  }),
  ...castFunctionRows(sc),
  ...userProcRows(sc),
]);

const PG_DATABASE_COLUMNS = `oid oid, datname name, datdba oid, encoding int4, datlocprovider char,
  datistemplate bool, datallowconn bool, datconnlimit int4, datfrozenxid xid, datminmxid xid,
  dattablespace oid, datcollate text, datctype text, daticulocale text, datcollversion text,
  datacl _aclitem`;

export const pgDatabase = defineRelation('pg_catalog', 'pg_database', 1262, PG_DATABASE_COLUMNS, (sc) => [
  [
    DATABASE_OID,
    sc.session.database,
    databaseOwnerAndAcl(sc.view)[0],
    6,
    'c',
    false,
    true,
    -1,
    0,
    1,
    1663,
    'C',
    'C',
    null,
    null,
    databaseOwnerAndAcl(sc.view)[1],
  ],
]);

const AUTHID_COLUMNS = `oid oid, rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool,
  rolcreatedb bool, rolcanlogin bool, rolreplication bool, rolbypassrls bool, rolconnlimit int4,
  rolpassword text, rolvaliduntil timestamptz`;

export const pgAuthid = defineRelation('pg_catalog', 'pg_authid', 1260, AUTHID_COLUMNS, (sc) =>
  sc.session.roles().map((r) => [r.oid, r.name, ...flags(r), r.connectionLimit, null, null]),
);

const flags = (r: RoleInfo): Value[] => [
  r.superuser,
  r.inherit,
  r.createRole,
  r.createDb,
  r.canLogin,
  r.replication,
  r.bypassRls,
];

const ROLES_COLUMNS = `rolname name, rolsuper bool, rolinherit bool, rolcreaterole bool, rolcreatedb bool,
  rolcanlogin bool, rolreplication bool, rolconnlimit int4, rolpassword text,
  rolvaliduntil timestamptz, rolbypassrls bool, rolconfig _text, oid oid`;

export const pgRoles = defineRelation('pg_catalog', 'pg_roles', 12001, ROLES_COLUMNS, (sc) =>
  sc.session
    .roles()
    .map((r) => [
      r.name,
      r.superuser,
      r.inherit,
      r.createRole,
      r.createDb,
      r.canLogin,
      r.replication,
      r.connectionLimit,
      '********',
      null,
      r.bypassRls,
      null,
      r.oid,
    ]),
);

export const pgUser = defineRelation(
  'pg_catalog',
  'pg_user',
  12002,
  `usename name, usesysid oid, usecreatedb bool, usesuper bool, userepl bool, usebypassrls bool,
  passwd text, valuntil timestamptz, useconfig _text`,
  (sc) =>
    sc.session
      .roles()
      .filter((r) => r.canLogin)
      .map((r) => [
        r.name,
        r.oid,
        r.createDb,
        r.superuser,
        r.replication,
        r.bypassRls,
        '********',
        null,
        null,
      ]),
);

export const pgAuthMembers = defineRelation(
  'pg_catalog',
  'pg_auth_members',
  1261,
  'roleid oid, member oid, grantor oid, admin_option bool',
  (sc) => sc.view.memberships().map((m) => [m.role, m.member, m.grantor, m.admin]),
);

/** pg_default_acl: ALTER DEFAULT PRIVILEGES' rows (their OIDs are positions: nothing refers to them). */
export const pgDefaultAcl = defineRelation(
  'pg_catalog',
  'pg_default_acl',
  826,
  'oid oid, defaclrole oid, defaclnamespace oid, defaclobjtype char, defaclacl _aclitem',
  (sc) => {
    const privs = privilegesFor(sc.view);
    return sc.view
      .defaultAcls()
      .map((d, i) => [
        i + 1,
        d.role,
        d.namespace,
        d.objtype,
        SqlArray.of(d.acl.map((it) => formatAclItem(it, (r) => privs.roleName(r)))),
      ]);
  },
);

export const pgTablespace = defineRelation(
  'pg_catalog',
  'pg_tablespace',
  1213,
  'oid oid, spcname name, spcowner oid, spcacl _aclitem, spcoptions _text',
  () => [
    [1663, 'pg_default', BOOTSTRAP_SUPERUSER_OID, null, null],
    [1664, 'pg_global', BOOTSTRAP_SUPERUSER_OID, null, null],
  ],
);

export const pgCollation = defineRelation(
  'pg_catalog',
  'pg_collation',
  3456,
  `oid oid, collname name, collnamespace oid, collowner oid, collprovider char,
  collisdeterministic bool, collencoding int4, collcollate text, collctype text,
  colliculocale text, collversion text`,
  () => [
    [100, 'default', 11, BOOTSTRAP_SUPERUSER_OID, 'd', true, -1, null, null, null, null],
    [950, 'C', 11, BOOTSTRAP_SUPERUSER_OID, 'c', true, -1, 'C', 'C', null, null],
    [951, 'POSIX', 11, BOOTSTRAP_SUPERUSER_OID, 'c', true, -1, 'POSIX', 'POSIX', null, null],
  ],
);

/**
 * The languages of pg_proc.prolang: every built-in function is `internal` (12); CREATE FUNCTION's
 * are sql or plpgsql. plpgsql is a procedural language with PostgreSQL's handler, inline and
 * validator OIDs (psql's `\dL` lists the languages with a call handler).
 */
export const pgLanguage = defineRelation(
  'pg_catalog',
  'pg_language',
  2612,
  `oid oid, lanname name, lanowner oid, lanispl bool, lanpltrusted bool, lanplcallfoid oid,
  laninline oid, lanvalidator oid, lanacl _aclitem`,
  () => [
    [12, 'internal', BOOTSTRAP_SUPERUSER_OID, false, false, 0, 0, 2246, null],
    [13, 'c', BOOTSTRAP_SUPERUSER_OID, false, false, 0, 0, 2247, null],
    [14, 'sql', BOOTSTRAP_SUPERUSER_OID, false, true, 0, 0, 2248, null],
    [LANGUAGE_OIDS.plpgsql, 'plpgsql', BOOTSTRAP_SUPERUSER_OID, true, true, 13560, 13561, 13562, null],
  ],
);

export const pgSettings = defineRelation(
  'pg_catalog',
  'pg_settings',
  12003,
  `name text, setting text, unit text, category text, short_desc text, extra_desc text,
  context text, vartype text, source text, min_val text, max_val text, enumvals _text,
  boot_val text, reset_val text, sourcefile text, sourceline int4, pending_restart bool`,
  (sc) =>
    sc.session
      .settings()
      .map((s) => [
        s.name,
        s.setting,
        null,
        null,
        null,
        null,
        s.context,
        s.vartype,
        'default',
        null,
        null,
        null,
        s.setting,
        s.setting,
        null,
        null,
        false,
      ]),
);

/**
 * pg_stat_activity. As PostgreSQL 15's pg_stat_get_activity: a session of a role the current
 * role does not have the privileges of — unless it has those of pg_read_all_stats — shows only
 * its database, pid, user and application_name; query reads `<insufficient privilege>`, and its
 * times, state and backend_type are null.
 */
export const pgStatActivity = defineRelation(
  'pg_catalog',
  'pg_stat_activity',
  12004,
  `datid oid, datname name, pid int4, leader_pid int4, usesysid oid, usename name,
  application_name text, client_addr inet, client_hostname text, client_port int4,
  backend_start timestamptz, xact_start timestamptz, query_start timestamptz,
  state_change timestamptz, wait_event_type text, wait_event text, state text, backend_xid xid,
  backend_xmin xid, query_id int8, query text, backend_type text`,
  (sc) => {
    const privs = privilegesFor(sc.view);
    const myName = sc.session.currentUser?.() ?? sc.session.user;
    const me = privs.roleByName(myName)?.oid ?? -1;
    const readsAllStats = privs.hasPrivsOf(me, ROLE_PG_READ_ALL_STATS);
    return sc.session.activity().map((a) => {
      const user = privs.roleByName(a.user)?.oid;
      const full = readsAllStats || a.user === myName || (user !== undefined && privs.hasPrivsOf(me, user));
      return [
        DATABASE_OID,
        sc.session.database,
        a.pid,
        null,
        user ?? null,
        a.user,
        a.applicationName,
        null,
        null,
        null,
        full ? a.backendStart : null,
        null,
        full ? a.queryStart : null,
        full ? a.queryStart : null,
        null,
        null,
        full ? a.state : null,
        null,
        null,
        null,
        full ? a.query : '<insufficient privilege>',
        full ? 'client backend' : null,
      ];
    });
  },
);

/** The OIDs of built-in functions are stable only within a server version: listed by name here. */
export function procOidOf(sc: SystemCatalog, oid: number): FunctionInfo | undefined {
  const f = sc.session.functions()[oid - FIRST_PROC_OID];
  return f === undefined || procSchema(sc, f) === undefined ? undefined : f;
}

/** The schema of the built-in (or installed extension's) function `oid`, else undefined. */
export function procSchemaOf(sc: SystemCatalog, oid: number): string | undefined {
  const f = sc.session.functions()[oid - FIRST_PROC_OID];
  return f === undefined ? undefined : procSchema(sc, f);
}

/** The OIDs of the built-in functions called `name` (one per overload). */
export function procOidsNamed(sc: SystemCatalog, name: string): number[] {
  const out: number[] = [];
  sc.session.functions().forEach((f, i) => {
    if (f.name === name && procSchema(sc, f) !== undefined) out.push(FIRST_PROC_OID + i);
  });
  return out;
}

/** pg_depend's 'e' rows: each installed extension's functions are members of it. */
export function extensionMemberRows(sc: SystemCatalog): Value[][] {
  const out: Value[][] = [];
  sc.session.functions().forEach((f, i) => {
    if (f.extension === undefined) return;
    const ext = sc.view.extension(f.extension);
    if (ext !== undefined) out.push([PG_PROC_OID, FIRST_PROC_OID + i, 0, PG_EXTENSION_OID, ext.oid, 0, 'e']);
  });
  return out;
}

const PG_PROC_OID = 1255;
const PG_EXTENSION_OID = 3079;

/**
 * pg_locks: the lock table (SessionInfo.locks). Locks RustyDB does not take (virtualxid, page,
 * object) never appear, nor does the virtualtransaction column have a value; fastpath is false.
 */
export const pgLocks = defineRelation(
  'pg_catalog',
  'pg_locks',
  12011,
  `locktype text, database oid, relation oid, page int4, tuple int2, virtualxid text,
  transactionid xid, classid oid, objid oid, objsubid int2, virtualtransaction text, pid int4,
  mode text, granted bool, fastpath bool, waitstart timestamptz`,
  (sc) =>
    (sc.session.locks?.() ?? []).map((l) => [
      l.locktype,
      l.database,
      l.relation,
      l.page,
      l.tuple,
      null,
      l.transactionid,
      l.classid,
      l.objid,
      l.objsubid,
      null,
      l.pid,
      l.mode,
      l.granted,
      false,
      l.waitstart,
    ]),
);
