/**
 * Signatures of the functions clients call about the catalog and the session (psql's \d queries,
 * JDBC's DatabaseMetaData, ORMs): pg_get_*def, format_type, *_description, pg_*_is_visible,
 * privilege checks, current_* / session functions, settings, sizes. The executor runs them
 * (catalog-functions.ts there) over the statement's SystemCatalog.
 */
import type { TypeName } from '@rustydb/common';
import type { FunctionSignature } from './functions.js';

function sig(
  name: string,
  args: readonly TypeName[],
  result: TypeName,
  extra: Partial<FunctionSignature> = {},
) {
  return { name, args, result, ...extra };
}

/**
 * The six forms PostgreSQL declares for a privilege inquiry function about one object:
 * `([role,] object, privilege)`, the role a name or an OID, the object a name (text) or an OID.
 */
function privilegeInquiry(name: string): FunctionSignature[] {
  return (['text', 'oid'] as const).flatMap((object) => [
    sig(name, [object, 'text'], 'bool'),
    sig(name, ['name', object, 'text'], 'bool'),
    sig(name, ['oid', object, 'text'], 'bool'),
  ]);
}

export const CATALOG_SIGNATURES: readonly FunctionSignature[] = [
  sig('format_type', ['oid', 'int4'], 'text'),
  sig('to_regclass', ['text'], 'regclass'),
  sig('to_regtype', ['text'], 'regtype'),
  sig('to_regproc', ['text'], 'regproc'),
  sig('to_regnamespace', ['text'], 'regnamespace'),
  sig('to_regrole', ['text'], 'regrole'),
  sig('to_regprocedure', ['text'], 'regprocedure'),
  sig('pg_get_expr', ['text', 'oid'], 'text'),
  sig('pg_get_expr', ['text', 'oid', 'bool'], 'text'),
  sig('pg_get_indexdef', ['oid'], 'text'),
  sig('pg_get_indexdef', ['oid', 'int4', 'bool'], 'text'),
  sig('pg_get_constraintdef', ['oid'], 'text'),
  sig('pg_get_constraintdef', ['oid', 'bool'], 'text'),
  sig('pg_get_viewdef', ['oid'], 'text'),
  sig('pg_get_viewdef', ['oid', 'bool'], 'text'),
  sig('pg_get_viewdef', ['text'], 'text'),
  sig('pg_get_viewdef', ['text', 'bool'], 'text'),
  sig('pg_get_triggerdef', ['oid'], 'text'),
  sig('pg_get_triggerdef', ['oid', 'bool'], 'text'),
  sig('pg_get_ruledef', ['oid'], 'text'),
  sig('pg_get_ruledef', ['oid', 'bool'], 'text'),
  sig('pg_get_function_identity_arguments', ['oid'], 'text'),
  sig('pg_get_statisticsobjdef_columns', ['oid'], 'text'),
  sig('pg_get_serial_sequence', ['text', 'text'], 'text'),
  sig('pg_get_userbyid', ['oid'], 'name'),
  sig('pg_get_function_result', ['oid'], 'text'),
  sig('pg_get_functiondef', ['oid'], 'text'),
  sig('pg_get_function_sqlbody', ['oid'], 'text'),
  sig('pg_get_function_arguments', ['oid'], 'text'),
  sig('pg_table_is_visible', ['oid'], 'bool'),
  sig('pg_type_is_visible', ['oid'], 'bool'),
  sig('pg_function_is_visible', ['oid'], 'bool'),
  sig('pg_collation_is_visible', ['oid'], 'bool'),
  sig('pg_conversion_is_visible', ['oid'], 'bool'),
  sig('pg_opclass_is_visible', ['oid'], 'bool'),
  sig('pg_opfamily_is_visible', ['oid'], 'bool'),
  sig('pg_operator_is_visible', ['oid'], 'bool'),
  sig('pg_ts_config_is_visible', ['oid'], 'bool'),
  sig('pg_ts_parser_is_visible', ['oid'], 'bool'),
  sig('pg_ts_dict_is_visible', ['oid'], 'bool'),
  sig('pg_ts_template_is_visible', ['oid'], 'bool'),
  sig('pg_relation_is_publishable', ['regclass'], 'bool'),
  sig('pg_relation_is_updatable', ['regclass', 'bool'], 'int4'),
  sig('pg_column_is_updatable', ['regclass', 'int2', 'bool'], 'bool'),
  sig('pg_stat_reset', [], 'void', { volatile: true }),
  sig('pg_stat_reset_single_table_counters', ['oid'], 'void', { volatile: true }),
  sig('pg_stat_reset_shared', ['text'], 'void', { volatile: true }),
  sig('pg_stat_force_next_flush', [], 'void', { volatile: true }),
  // aclitem[] is text[] here (system-relation.ts).
  sig('acldefault', ['char', 'oid'], '_text'),
  sig('obj_description', ['oid'], 'text'),
  sig('pg_describe_object', ['oid', 'oid', 'int4'], 'text'),
  sig('obj_description', ['oid', 'name'], 'text'),
  sig('col_description', ['oid', 'int4'], 'text'),
  sig('shobj_description', ['oid', 'name'], 'text'),
  ...privilegeInquiry('has_table_privilege'),
  ...privilegeInquiry('has_schema_privilege'),
  ...privilegeInquiry('has_sequence_privilege'),
  ...privilegeInquiry('has_database_privilege'),
  ...privilegeInquiry('has_function_privilege'),
  // has_column_privilege([role,] table, column, privilege): every form of PostgreSQL's twelve.
  ...(['text', 'oid'] as const).flatMap((table) =>
    (['text', 'int2'] as const).flatMap((column) => [
      sig('has_column_privilege', [table, column, 'text'], 'bool'),
      sig('has_column_privilege', ['name', table, column, 'text'], 'bool'),
      sig('has_column_privilege', ['oid', table, column, 'text'], 'bool'),
    ]),
  ),
  ...privilegeInquiry('has_any_column_privilege'),
  // pg_has_role([member,] role, privilege): PostgreSQL's six forms, each role a name or an OID.
  sig('pg_has_role', ['name', 'text'], 'bool'),
  sig('pg_has_role', ['oid', 'text'], 'bool'),
  ...(['name', 'oid'] as const).flatMap((member) =>
    (['name', 'oid'] as const).map((role) => sig('pg_has_role', [member, role, 'text'], 'bool')),
  ),
  sig('current_database', [], 'name'),
  sig('current_schema', [], 'name'),
  sig('current_schemas', ['bool'], '_name'),
  // current_user / session_user are declared with the session functions (function-signatures.ts);
  // CURRENT_ROLE and USER are SQL value functions bound to current_user (bind-extended.ts).
  sig('current_catalog', [], 'name'),
  sig('version', [], 'text'),
  sig('pg_backend_pid', [], 'int4'),
  sig('pg_postmaster_start_time', [], 'timestamptz'),
  sig('current_setting', ['text'], 'text'),
  sig('current_setting', ['text', 'bool'], 'text'),
  sig('set_config', ['text', 'text', 'bool'], 'text', { volatile: true }),
  sig('pg_encoding_to_char', ['int4'], 'name'),
  sig('pg_char_to_encoding', ['name'], 'int4'),
  sig('getdatabaseencoding', [], 'name'),
  sig('pg_relation_size', ['regclass'], 'int8'),
  sig('pg_table_size', ['regclass'], 'int8'),
  sig('pg_indexes_size', ['regclass'], 'int8'),
  sig('pg_total_relation_size', ['regclass'], 'int8'),
  sig('pg_database_size', ['name'], 'int8'),
  sig('pg_size_pretty', ['int8'], 'text'),
  sig('pg_size_pretty', ['numeric'], 'text'),
  sig('pg_tablespace_location', ['oid'], 'text'),
  sig('pg_is_in_recovery', [], 'bool'),
  sig('txid_current', [], 'int8', { volatile: true }),
  sig('quote_ident', ['text'], 'text'),
];
