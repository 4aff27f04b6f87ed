/**
 * Catalogs of features RustyDB does not have (inheritance, row-level security policies,
 * extended statistics, publications, matviews, locks view): always
 * empty, with PostgreSQL 15's columns so that the queries psql and ORMs send bind and run.
 */
import { emptyRelation } from './system-relation.js';

export const pgInherits = emptyRelation(
  'pg_inherits',
  2611,
  'inhrelid oid, inhparent oid, inhseqno int4, inhdetachpending bool',
);

export const pgPolicy = emptyRelation(
  'pg_policy',
  3256,
  `oid oid, polname name, polrelid oid, polcmd char, polpermissive bool, polroles _oid,
  polqual pg_node_tree, polwithcheck pg_node_tree`,
);

export const pgStatisticExt = emptyRelation(
  'pg_statistic_ext',
  3381,
  `oid oid, stxrelid oid, stxname name, stxnamespace oid, stxowner oid, stxstattarget int4,
  stxkeys int2vector, stxkind _char, stxexprs pg_node_tree`,
);

export const pgPublication = emptyRelation(
  'pg_publication',
  6104,
  `oid oid, pubname name, pubowner oid, puballtables bool, pubinsert bool, pubupdate bool,
  pubdelete bool, pubtruncate bool, pubviaroot bool`,
);

export const pgPublicationNamespace = emptyRelation(
  'pg_publication_namespace',
  6237,
  'oid oid, pnpubid oid, pnnspid oid',
);

export const pgPublicationRel = emptyRelation(
  'pg_publication_rel',
  6106,
  'oid oid, prpubid oid, prrelid oid, prqual pg_node_tree, prattrs int2vector',
);

export const pgForeignTable = emptyRelation(
  'pg_foreign_table',
  3118,
  'ftrelid oid, ftserver oid, ftoptions _text',
);

export const pgPartitionedTable = emptyRelation(
  'pg_partitioned_table',
  3350,
  `partrelid oid, partstrat char, partnatts int2, partdefid oid, partattrs int2vector,
  partclass oidvector, partcollation oidvector, partexprs pg_node_tree`,
);

export const pgShdescription = emptyRelation(
  'pg_shdescription',
  2396,
  'objoid oid, classoid oid, description text',
);

// Operator classes and families (RustyDB's index methods take no opclass), per-role settings
// (ALTER ROLE … SET), encoding conversions, event triggers and foreign data: empty too, for
// psql's \dd, \drds, \dc, \dy, \dew, \des and \deu.

export const pgOpclass = emptyRelation(
  'pg_opclass',
  2616,
  `oid oid, opcmethod oid, opcname name, opcnamespace oid, opcowner oid, opcfamily oid,
  opcintype oid, opcdefault bool, opckeytype oid`,
);

export const pgOpfamily = emptyRelation(
  'pg_opfamily',
  2753,
  'oid oid, opfmethod oid, opfname name, opfnamespace oid, opfowner oid',
);

export const pgDbRoleSetting = emptyRelation(
  'pg_db_role_setting',
  2964,
  'setdatabase oid, setrole oid, setconfig _text',
);

export const pgConversion = emptyRelation(
  'pg_conversion',
  2607,
  `oid oid, conname name, connamespace oid, conowner oid, conforencoding int4,
  contoencoding int4, conproc regproc, condefault bool`,
);

export const pgEventTrigger = emptyRelation(
  'pg_event_trigger',
  3466,
  'oid oid, evtname name, evtevent name, evtowner oid, evtfoid oid, evtenabled char, evttags _text',
);

export const pgForeignDataWrapper = emptyRelation(
  'pg_foreign_data_wrapper',
  2328,
  `oid oid, fdwname name, fdwowner oid, fdwhandler oid, fdwvalidator oid, fdwacl _aclitem,
  fdwoptions _text`,
);

export const pgForeignServer = emptyRelation(
  'pg_foreign_server',
  1417,
  `oid oid, srvname name, srvowner oid, srvfdw oid, srvtype text, srvversion text, srvacl _aclitem,
  srvoptions _text`,
);

export const pgUserMapping = emptyRelation(
  'pg_user_mapping',
  1418,
  'oid oid, umuser oid, umserver oid, umoptions _text',
);

export const pgUserMappings = emptyRelation(
  'pg_user_mappings',
  12327,
  'umid oid, srvid oid, srvname name, umuser oid, usename name, umoptions _text',
);
