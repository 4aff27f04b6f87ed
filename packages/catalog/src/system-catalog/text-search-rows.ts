/**
 * The text search catalogs for the configurations RustyDB has (common's TS_CONFIG_OID: simple and
 * english), as PostgreSQL 15 lists them: the `default` parser, the `simple` and `snowball`
 * templates, the `simple` and `english_stem` dictionaries and the two configurations, with
 * PostgreSQL's OIDs and descriptions (psql's `\dF`, `\dFp`, `\dFd`, `\dFt`). PostgreSQL's other
 * configurations, dictionaries and templates (other languages, ispell, synonym, thesaurus) are
 * not listed: RustyDB cannot use them.
 */
import { TS_CONFIG_OID, type Value } from '@rustydb/common';
import { BOOTSTRAP_SUPERUSER_OID } from './session-info.js';
import { defineRelation } from './system-relation.js';

const PG_CATALOG_NAMESPACE = 11;
const DEFAULT_PARSER_OID = 3722;
const SIMPLE_TEMPLATE_OID = 3727;
const SNOWBALL_TEMPLATE_OID = 13150;
const SIMPLE_DICT_OID = 3765;
const ENGLISH_STEM_DICT_OID = 13163;

/** pg_ts_parser's, pg_ts_template's, pg_ts_dict's and pg_ts_config's OIDs (description classoids). */
const CLASS = { parser: 3601, template: 3764, dict: 3600, config: 3602 } as const;

type TsObjectKind = keyof typeof CLASS;

/** One text search object: its kind, OID, name and PostgreSQL's description of it. */
interface TsObject {
  readonly kind: TsObjectKind;
  readonly oid: number;
  readonly name: string;
  readonly description: string;
}

const TS_OBJECTS: readonly TsObject[] = [
  { kind: 'parser', oid: DEFAULT_PARSER_OID, name: 'default', description: 'default word parser' },
  {
    kind: 'template',
    oid: SIMPLE_TEMPLATE_OID,
    name: 'simple',
    description: 'simple dictionary: just lower case and check for stopword',
  },
  { kind: 'template', oid: SNOWBALL_TEMPLATE_OID, name: 'snowball', description: 'snowball stemmer' },
  {
    kind: 'dict',
    oid: SIMPLE_DICT_OID,
    name: 'simple',
    description: 'simple dictionary: just lower case and check for stopword',
  },
  {
    kind: 'dict',
    oid: ENGLISH_STEM_DICT_OID,
    name: 'english_stem',
    description: 'snowball stemmer for english language',
  },
  { kind: 'config', oid: TS_CONFIG_OID.simple, name: 'simple', description: 'simple configuration' },
  {
    kind: 'config',
    oid: TS_CONFIG_OID.english,
    name: 'english',
    description: 'configuration for english language',
  },
];

/** The text search object of kind `kind` and OID `oid`, if RustyDB has it. */
export const textSearchObject = (kind: TsObjectKind, oid: number): TsObject | undefined =>
  TS_OBJECTS.find((o) => o.kind === kind && o.oid === oid);

/** Their pg_description rows. */
export const textSearchDescriptions = (): Value[][] =>
  TS_OBJECTS.map((o) => [o.oid, CLASS[o.kind], 0, o.description]);

/** The catalog name obj_description takes for each kind ('pg_ts_config', …). */
export const TEXT_SEARCH_CATALOGS: Readonly<Record<string, TsObjectKind>> = {
  pg_ts_parser: 'parser',
  pg_ts_template: 'template',
  pg_ts_dict: 'dict',
  pg_ts_config: 'config',
};

export const pgTsParser = defineRelation(
  'pg_catalog',
  'pg_ts_parser',
  CLASS.parser,
  `oid oid, prsname name, prsnamespace oid, prsstart regproc, prstoken regproc, prsend regproc,
  prsheadline regproc, prslextype regproc`,
  () => [
    [
      DEFAULT_PARSER_OID,
      'default',
      PG_CATALOG_NAMESPACE,
      'prsd_start',
      'prsd_nexttoken',
      'prsd_end',
      'prsd_headline',
      'prsd_lextype',
    ],
  ],
);

export const pgTsTemplate = defineRelation(
  'pg_catalog',
  'pg_ts_template',
  CLASS.template,
  'oid oid, tmplname name, tmplnamespace oid, tmplinit regproc, tmpllexize regproc',
  () => [
    [SIMPLE_TEMPLATE_OID, 'simple', PG_CATALOG_NAMESPACE, 'dsimple_init', 'dsimple_lexize'],
    [SNOWBALL_TEMPLATE_OID, 'snowball', PG_CATALOG_NAMESPACE, 'dsnowball_init', 'dsnowball_lexize'],
  ],
);

export const pgTsDict = defineRelation(
  'pg_catalog',
  'pg_ts_dict',
  CLASS.dict,
  'oid oid, dictname name, dictnamespace oid, dictowner oid, dicttemplate oid, dictinitoption text',
  () => [
    [SIMPLE_DICT_OID, 'simple', PG_CATALOG_NAMESPACE, BOOTSTRAP_SUPERUSER_OID, SIMPLE_TEMPLATE_OID, null],
    [
      ENGLISH_STEM_DICT_OID,
      'english_stem',
      PG_CATALOG_NAMESPACE,
      BOOTSTRAP_SUPERUSER_OID,
      SNOWBALL_TEMPLATE_OID,
      "language = 'english', stopwords = 'english'",
    ],
  ],
);

export const pgTsConfig = defineRelation(
  'pg_catalog',
  'pg_ts_config',
  CLASS.config,
  'oid oid, cfgname name, cfgnamespace oid, cfgowner oid, cfgparser oid',
  () =>
    (['simple', 'english'] as const).map((name) => [
      TS_CONFIG_OID[name],
      name,
      PG_CATALOG_NAMESPACE,
      BOOTSTRAP_SUPERUSER_OID,
      DEFAULT_PARSER_OID,
    ]),
);
