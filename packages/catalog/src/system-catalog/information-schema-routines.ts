/**
 * information_schema.routines and information_schema.parameters as PostgreSQL 15 defines them,
 * over the user-defined functions and procedures (CREATE FUNCTION / PROCEDURE); the built-in functions of pg_catalog are
 * left out, as elsewhere in this schema.
 */
import type { Value } from '@rustydb/common';
import { declaredParameters, type FunctionDef } from '../catalog-data.js';
import { functionDefault, isProcedure } from './function-rows.js';
import { sqlDataType, udtName } from './information-schema.js';
import type { SystemCatalog } from './system-catalog.js';
import { defineRelation } from './system-relation.js';

const yes = (b: boolean): string => (b ? 'YES' : 'NO');

/** PostgreSQL's specific_name: the name and the OID. */
const specificName = (f: FunctionDef): string => `${f.name}_${f.oid}`;

export const isRoutines = defineRelation(
  'information_schema',
  'routines',
  13011,
  `specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier,
  routine_catalog sql_identifier, routine_schema sql_identifier, routine_name sql_identifier,
  routine_type character_data, data_type character_data, type_udt_name sql_identifier,
  routine_body character_data, routine_definition character_data, external_language character_data,
  is_deterministic yes_or_no, security_type character_data`,
  (sc) =>
    sc.view.functions().map((f) => {
      const result = f.result;
      // A procedure has no result: its data_type and type_udt_name are NULL.
      const procedure = isProcedure(f);
      return [
        sc.session.database,
        f.schema,
        specificName(f),
        sc.session.database,
        f.schema,
        f.name,
        procedure ? 'PROCEDURE' : 'FUNCTION',
        procedure ? null : result === undefined ? 'trigger' : sqlDataType(result),
        procedure ? null : result === undefined ? 'trigger' : udtName(result),
        f.row.language === 'sql' ? 'SQL' : 'EXTERNAL',
        f.row.body,
        f.row.language.toUpperCase(),
        yes(f.row.volatility === 'i'),
        f.row.securityDefiner ? 'DEFINER' : 'INVOKER',
      ];
    }),
);

export const isParameters = defineRelation(
  'information_schema',
  'parameters',
  13017,
  `specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier,
  ordinal_position cardinal_number, parameter_mode character_data, is_result yes_or_no,
  as_locator yes_or_no, parameter_name sql_identifier, data_type character_data,
  character_maximum_length cardinal_number, character_octet_length cardinal_number,
  character_set_catalog sql_identifier, character_set_schema sql_identifier,
  character_set_name sql_identifier, collation_catalog sql_identifier,
  collation_schema sql_identifier, collation_name sql_identifier,
  numeric_precision cardinal_number, numeric_precision_radix cardinal_number,
  numeric_scale cardinal_number, datetime_precision cardinal_number, interval_type character_data,
  interval_precision cardinal_number, udt_catalog sql_identifier, udt_schema sql_identifier,
  udt_name sql_identifier, scope_catalog sql_identifier, scope_schema sql_identifier,
  scope_name sql_identifier, maximum_cardinality cardinal_number, dtd_identifier sql_identifier,
  parameter_default character_data`,
  (sc) => sc.view.functions().flatMap((f) => parameterRows(sc, f)),
);

const MODES = { i: 'IN', o: 'OUT', b: 'INOUT' } as const;

/** One row per declared parameter (IN, INOUT and OUT), in declared order. */
function parameterRows(sc: SystemCatalog, f: FunctionDef): Value[][] {
  const db = sc.session.database;
  return declaredParameters(f).map((p, i) => {
    const t = p.type;
    const udtSchema = t.enum?.schema ?? t.domain?.schema ?? 'pg_catalog';
    return [
      db,
      f.schema,
      specificName(f),
      i + 1,
      MODES[p.mode],
      'NO',
      'NO',
      p.name === '' ? null : p.name,
      sqlDataType(t),
      ...new Array(14).fill(null),
      db,
      udtSchema,
      udtName(t),
      null,
      null,
      null,
      null,
      String(i + 1),
      p.default === undefined ? null : functionDefault(p.default, f, p.input!),
    ];
  });
}
