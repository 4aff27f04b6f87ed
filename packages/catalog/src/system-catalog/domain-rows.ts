/**
 * What the catalogs show of domains: pg_type rows (typtype 'd', domain_in/domain_recv, the base
 * type's length, alignment and output functions; and the array type `_name`), pg_constraint rows
 * for their CHECK constraints (contypid set, conrelid 0), pg_get_constraintdef's text for those,
 * and information_schema.domains / domain_constraints. All from the statement's CatalogView.
 */
import {
  type DomainCheck,
  type DomainType,
  domainBaseType,
  typeLength,
  typeOid,
  type Value,
} from '@rustydb/common';
import { sqlDataType, typeFacets, udtName, udtSchema } from './information-schema.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';
import {
  TYPE_FACTS,
  typeAlign,
  typeByValue,
  typeCategory,
  typeCollation,
  typeIoNames,
  typeStorage,
} from './type-rows.js';

/** The output and send functions of the type under every domain (`int4out`, `enum_out`, …). */
function baseIo(d: DomainType): { output: string; send: string } {
  const base = domainBaseType(d.baseType);
  if (base.enum !== undefined) return { output: 'enum_out', send: 'enum_send' };
  const facts = TYPE_FACTS.find((f) => f.oid === typeOid(base));
  if (facts === undefined) return { output: '-', send: '-' };
  const [, output, , send] = typeIoNames(facts);
  return { output, send };
}

/** One pg_type row (PG_TYPE_COLUMNS order) of domain `d`, or of its array type. */
function typeRow(sc: SystemCatalog, d: DomainType, owner: number, array: boolean): Value[] {
  const base = domainBaseType(d.baseType);
  const io = baseIo(d);
  return [
    array ? d.arrayOid : d.oid,
    array ? `_${d.name}` : d.name,
    sc.view.schemaOid(d.schema) ?? 0,
    owner,
    array ? -1 : typeLength(base),
    array ? false : typeByValue(base),
    array ? 'b' : 'd',
    array ? 'A' : typeCategory(base),
    false,
    true,
    ',',
    0,
    array ? 'array_subscript_handler' : '-',
    array ? d.oid : 0,
    array ? 0 : d.arrayOid,
    array ? 'array_in' : 'domain_in',
    array ? 'array_out' : io.output,
    array ? 'array_recv' : 'domain_recv',
    array ? 'array_send' : io.send,
    '-',
    '-',
    array ? 'array_typanalyze' : '-',
    array ? 'i' : typeAlign(base),
    array ? 'x' : typeStorage(base),
    array ? false : d.notNull,
    array ? 0 : typeOid(d.baseType),
    array ? -1 : d.baseType.typmod,
    0,
    typeCollation(base),
    null,
    array ? null : domainDefaultText(sc, d),
    null,
  ];
}

/** The pg_type rows of every domain and its array type. */
export function domainTypeRows(sc: SystemCatalog): Value[][] {
  const out: Value[][] = [];
  for (const { def, owner } of sc.view.domainTypes()) {
    out.push(typeRow(sc, def, owner, false), typeRow(sc, def, owner, true));
  }
  return out;
}

/** The pg_constraint rows (PG_CONSTRAINT_COLUMNS order) of every domain's CHECK constraints. */
export function domainConstraintRows(sc: SystemCatalog): Value[][] {
  const out: Value[][] = [];
  for (const { def } of sc.view.domainTypes()) {
    const ns = sc.namespaceOid(def.schema) ?? 0;
    for (const c of def.checks) {
      out.push([
        c.oid,
        c.name,
        ns,
        'c',
        false,
        false,
        c.validated,
        0,
        def.oid,
        0,
        0,
        0,
        ' ',
        ' ',
        ' ',
        true,
        0,
        false,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        domainCheckText(sc, def, c),
      ]);
    }
  }
  return out;
}

/**
 * `sql` with the domain's value written `VALUE`, as PostgreSQL deparses it: the CHECK is stored
 * as bound, over a column named `value`, which formatExpr prints in lower case. Words inside
 * quoted literals and identifiers are left alone.
 */
export function showValueKeyword(sql: string): string {
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\b(?<!\.)value\b/g, (m) => (m === 'value' ? 'VALUE' : m));
}

/** A domain's DEFAULT as PostgreSQL stores typdefault (deparsed: `'none'::text`), or null. */
export const domainDefaultText = (sc: SystemCatalog, d: DomainType): string | null =>
  d.defaultSql === undefined
    ? null
    : sc.storedExpression({ sql: d.defaultSql, role: 'value', type: d.baseType });

/** A domain CHECK's expression as ruleutils prints it: `(VALUE > 0)` (pretty: `VALUE > 0`). */
export const domainCheckText = (
  sc: SystemCatalog,
  domain: DomainType,
  c: DomainCheck,
  pretty = false,
): string => sc.storedExpression({ sql: c.checkSql, role: 'condition', domain }, pretty);

/** pg_get_constraintdef of a domain's CHECK: `CHECK ((VALUE > 0))` [` NOT VALID`]. */
export const domainCheckDefinition = (
  sc: SystemCatalog,
  found: { domain: DomainType; check: DomainCheck },
  pretty = false,
): string =>
  `CHECK (${domainCheckText(sc, found.domain, found.check, pretty)})${found.check.validated ? '' : ' NOT VALID'}`;

/** The domain CHECK constraint with OID `oid` and its domain, or undefined. */
export function domainCheckByOid(
  sc: SystemCatalog,
  oid: number,
): { domain: DomainType; check: DomainCheck } | undefined {
  for (const { def } of sc.view.domainTypes()) {
    const check = def.checks.find((x) => x.oid === oid);
    if (check !== undefined) return { domain: def, check };
  }
  return undefined;
}

export const isDomains = defineRelation(
  'information_schema',
  'domains',
  13015,
  `domain_catalog sql_identifier, domain_schema sql_identifier, domain_name sql_identifier,
  data_type character_data, character_maximum_length cardinal_number,
  character_octet_length cardinal_number, character_set_catalog sql_identifier,
  character_set_schema sql_identifier, character_set_name sql_identifier,
  collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier,
  numeric_precision cardinal_number, numeric_precision_radix cardinal_number,
  numeric_scale cardinal_number, datetime_precision cardinal_number, interval_type character_data,
  interval_precision cardinal_number, domain_default character_data, udt_catalog sql_identifier,
  udt_schema sql_identifier, udt_name sql_identifier, scope_catalog sql_identifier,
  scope_schema sql_identifier, scope_name sql_identifier, maximum_cardinality cardinal_number,
  dtd_identifier sql_identifier`,
  (sc) => {
    const db = sc.session.database;
    return sc.view.domainTypes().map(({ def }) => {
      const base = def.baseType;
      const [charMax, octets, precision, radix, scale, datetime] = typeFacets(base);
      return [
        db,
        def.schema,
        def.name,
        sqlDataType(base),
        charMax,
        octets,
        null,
        null,
        null,
        null,
        null,
        null,
        precision,
        radix,
        scale,
        datetime,
        null,
        null,
        domainDefaultText(sc, def),
        db,
        udtSchema(base),
        udtName(base),
        null,
        null,
        null,
        null,
        '1',
      ];
    });
  },
);

export const isDomainConstraints = defineRelation(
  'information_schema',
  'domain_constraints',
  13016,
  `constraint_catalog sql_identifier, constraint_schema sql_identifier,
  constraint_name sql_identifier, domain_catalog sql_identifier, domain_schema sql_identifier,
  domain_name sql_identifier, is_deferrable yes_or_no, initially_deferred yes_or_no`,
  (sc) => {
    const db = sc.session.database;
    return sc.view
      .domainTypes()
      .flatMap(({ def }) =>
        def.checks.map((c): Value[] => [db, def.schema, c.name, db, def.schema, def.name, 'NO', 'NO']),
      );
  },
);
