/**
 * Catalogs pg_dump reads for objects RustyDB has no kind of — transforms, operator-family
 * members, subscriptions, large objects, security labels — and pg_init_privs (the initial
 * privileges of objects initdb or an extension script created, which RustyDB does not record:
 * its built-in objects keep their default ACLs). Always empty, with PostgreSQL 15's columns.
 * (pg_operator and pg_cast are in operator-rows.ts, the text search catalogs in
 * text-search-rows.ts: they list RustyDB's built-in ones, which pg_dump skips.)
 */
import { emptyRelation } from './system-relation.js';

export const pgTransform = emptyRelation(
  'pg_transform',
  3576,
  'oid oid, trftype oid, trflang oid, trffromsql regproc, trftosql regproc',
);

export const pgAmop = emptyRelation(
  'pg_amop',
  2602,
  `oid oid, amopfamily oid, amoplefttype oid, amoprighttype oid, amopstrategy int2,
  amoppurpose char, amopopr oid, amopmethod oid, amopsortfamily oid`,
);

export const pgAmproc = emptyRelation(
  'pg_amproc',
  2603,
  `oid oid, amprocfamily oid, amproclefttype oid, amprocrighttype oid, amprocnum int2,
  amproc regproc`,
);

export const pgSubscription = emptyRelation(
  'pg_subscription',
  6100,
  `oid oid, subdbid oid, subskiplsn text, subname name, subowner oid, subenabled bool,
  subbinary bool, substream bool, subtwophasestate char, subdisableonerr bool, subconninfo text,
  subslotname name, subsynccommit text, subpublications _text`,
);

export const pgLargeobjectMetadata = emptyRelation(
  'pg_largeobject_metadata',
  2995,
  'oid oid, lomowner oid, lomacl _aclitem',
);

export const pgInitPrivs = emptyRelation(
  'pg_init_privs',
  3394,
  'objoid oid, classoid oid, objsubid int4, privtype char, initprivs _aclitem',
);

export const pgSeclabel = emptyRelation(
  'pg_seclabel',
  3596,
  'objoid oid, classoid oid, objsubid int4, provider text, label text',
);

export const pgSeclabels = emptyRelation(
  'pg_seclabels',
  12290,
  `objoid oid, classoid oid, objsubid int4, objtype text, objnamespace oid, objname text,
  provider text, label text`,
);

export const pgShseclabel = emptyRelation(
  'pg_shseclabel',
  3592,
  'objoid oid, classoid oid, provider text, label text',
);

/** Privileges on settings (GRANT SET ON PARAMETER, which RustyDB does not have): pg_dumpall reads it. */
export const pgParameterAcl = emptyRelation(
  'pg_parameter_acl',
  6243,
  'oid oid, parname text, paracl _aclitem',
);
