/**
 * Signatures of the date/time, uuid, json/jsonb, array and formatting functions (pg_proc's
 * entries for them, with PostgreSQL 15's argument and result types). functions.ts resolves calls
 * over these and its own list; the executor implements each (executor's functions-*.ts).
 *
 * Polymorphic pseudo-types work as PostgreSQL's anycompatible family: every `anyelement`
 * argument and the element type of every `anyarray` argument meet at one common type; an
 * `anyelement` / `anyarray` result is that type / its array type.
 */
import type { TypeName } from '@rustydb/common';
import type { FunctionSignature } from './functions.js';

function sig(
  name: string,
  args: readonly TypeName[],
  result: TypeName | 0,
  extra: Partial<FunctionSignature> = {},
): FunctionSignature {
  return { name, args, result, ...extra };
}

const STABLE_NOW = ['now', 'transaction_timestamp', 'statement_timestamp'] as const;
const DATETIME_SOURCES = ['timestamp', 'timestamptz', 'interval', 'time', 'date'] as const;
const TRIG = ['sin', 'cos', 'tan', 'cot', 'asin', 'acos', 'atan'].flatMap((n) => [n, `${n}d`]);
/** regexp_instr's optional arguments: start, N, endoption, flags, subexpr (a prefix of them). */
const REGEXP_INSTR: readonly TypeName[][] = [
  [],
  ['int4'],
  ['int4', 'int4'],
  ['int4', 'int4', 'int4'],
  ['int4', 'int4', 'int4', 'text'],
  ['int4', 'int4', 'int4', 'text', 'int4'],
];
/** regexp_substr's optional arguments: start, N, flags, subexpr (a prefix of them). */
const REGEXP_SUBSTR: readonly TypeName[][] = [
  [],
  ['int4'],
  ['int4', 'int4'],
  ['int4', 'int4', 'text'],
  ['int4', 'int4', 'text', 'int4'],
];

/** The advisory lock functions of one key (bigint, or two int4s) and their result types. */
const ADVISORY_LOCK_FUNCTIONS: readonly (readonly [string, TypeName])[] = [
  ['pg_advisory_lock', 'void'],
  ['pg_advisory_lock_shared', 'void'],
  ['pg_try_advisory_lock', 'bool'],
  ['pg_try_advisory_lock_shared', 'bool'],
  ['pg_advisory_unlock', 'bool'],
  ['pg_advisory_unlock_shared', 'bool'],
  ['pg_advisory_xact_lock', 'void'],
  ['pg_advisory_xact_lock_shared', 'void'],
  ['pg_try_advisory_xact_lock', 'bool'],
  ['pg_try_advisory_xact_lock_shared', 'bool'],
];

export const MORE_SIGNATURES: readonly FunctionSignature[] = [
  // ---- the session (executor's session-functions.ts) ------------------------------------------
  // CURRENT_USER / CURRENT_ROLE / USER and SESSION_USER bind to these internal names.
  sig('current_user', [], 'name'),
  sig('session_user', [], 'name'),
  sig('pg_notify', ['text', 'text'], 'void', { volatile: true }),
  // ---- advisory locks (executor's advisory-lock-functions.ts) --------------------------------
  ...ADVISORY_LOCK_FUNCTIONS.flatMap(([name, result]) => [
    sig(name, ['int8'], result, { volatile: true }),
    sig(name, ['int4', 'int4'], result, { volatile: true }),
  ]),
  sig('pg_advisory_unlock_all', [], 'void', { volatile: true }),
  // ---- sleeping (executor's sleep-functions.ts) -------------------------------------------------
  sig('pg_sleep', ['float8'], 'void', { volatile: true }),
  sig('pg_cancel_backend', ['int4'], 'bool', { volatile: true }),
  sig('pg_terminate_backend', ['int4'], 'bool', { volatile: true }),
  sig('pg_terminate_backend', ['int4', 'int8'], 'bool', { volatile: true }),
  sig('pg_sleep_for', ['interval'], 'void', { volatile: true }),
  sig('pg_sleep_until', ['timestamptz'], 'void', { volatile: true }),
  // ---- strings and math -------------------------------------------------------------------
  sig('format', ['text'], 'text', { variadicRaw: true }),
  sig('to_hex', ['int4'], 'text'),
  sig('to_hex', ['int8'], 'text'),
  sig('cbrt', ['float8'], 'float8'),
  sig('log', ['numeric', 'numeric'], 'numeric'),
  sig('log10', ['float8'], 'float8'),
  sig('log10', ['numeric'], 'numeric'),
  sig('degrees', ['float8'], 'float8'),
  sig('radians', ['float8'], 'float8'),
  ...TRIG.map((n) => sig(n, ['float8'], 'float8')),
  sig('atan2', ['float8', 'float8'], 'float8'),
  sig('atan2d', ['float8', 'float8'], 'float8'),
  ...(['int4', 'int8', 'numeric'] as const).flatMap((t) => [sig('gcd', [t, t], t), sig('lcm', [t, t], t)]),
  sig('width_bucket', ['float8', 'float8', 'float8', 'int4'], 'int4'),
  sig('width_bucket', ['numeric', 'numeric', 'numeric', 'int4'], 'int4'),
  sig('scale', ['numeric'], 'int4'),
  sig('min_scale', ['numeric'], 'int4'),
  sig('trim_scale', ['numeric'], 'numeric'),
  sig('translate', ['text', 'text', 'text'], 'text'),
  sig('overlay', ['text', 'text', 'int4'], 'text'),
  sig('overlay', ['text', 'text', 'int4', 'int4'], 'text'),
  sig('overlay', ['bytea', 'bytea', 'int4'], 'bytea'),
  sig('overlay', ['bytea', 'bytea', 'int4', 'int4'], 'bytea'),
  // quote_literal(anyelement) is quote_literal($1::text): `any` lets an unknown literal be text.
  sig('quote_literal', ['any'], 'text'),
  sig('quote_nullable', ['any'], 'text'),
  sig('bit_length', ['text'], 'int4'),
  sig('bit_length', ['bytea'], 'int4'),
  sig('encode', ['bytea', 'text'], 'text'),
  sig('decode', ['text', 'text'], 'bytea'),
  // ---- regular expressions (executor's regexp-functions.ts) --------------------------------
  sig('regexp_replace', ['text', 'text', 'text'], 'text'),
  sig('regexp_replace', ['text', 'text', 'text', 'text'], 'text'),
  sig('regexp_replace', ['text', 'text', 'text', 'int4'], 'text'),
  sig('regexp_replace', ['text', 'text', 'text', 'int4', 'int4'], 'text'),
  sig('regexp_replace', ['text', 'text', 'text', 'int4', 'int4', 'text'], 'text'),
  sig('regexp_match', ['text', 'text'], '_text'),
  sig('regexp_match', ['text', 'text', 'text'], '_text'),
  sig('regexp_split_to_array', ['text', 'text'], '_text'),
  sig('regexp_split_to_array', ['text', 'text', 'text'], '_text'),
  sig('regexp_like', ['text', 'text'], 'bool'),
  sig('regexp_like', ['text', 'text', 'text'], 'bool'),
  sig('regexp_count', ['text', 'text'], 'int4'),
  sig('regexp_count', ['text', 'text', 'int4'], 'int4'),
  sig('regexp_count', ['text', 'text', 'int4', 'text'], 'int4'),
  ...REGEXP_INSTR.map((extra) => sig('regexp_instr', ['text', 'text', ...extra], 'int4')),
  ...REGEXP_SUBSTR.map((extra) => sig('regexp_substr', ['text', 'text', ...extra], 'text')),
  sig('string_to_array', ['text', 'text'], '_text'),
  sig('string_to_array', ['text', 'text', 'text'], '_text'),
  sig('array_to_string', ['anyarray', 'text'], 'text'),
  sig('array_to_string', ['anyarray', 'text', 'text'], 'text'),
  // ---- date/time ----------------------------------------------------------------------------
  ...STABLE_NOW.map((n) => sig(n, [], 'timestamptz')),
  sig('clock_timestamp', [], 'timestamptz', { volatile: true }),
  // SQL-standard value functions (CURRENT_DATE & co.) bind to these internal names.
  sig('current_date', [], 'date'),
  sig('localtimestamp', [], 'timestamp'),
  sig('localtime', [], 'time'),
  sig('date_trunc', ['text', 'timestamp'], 'timestamp'),
  sig('date_trunc', ['text', 'timestamptz'], 'timestamptz'),
  sig('date_trunc', ['text', 'interval'], 'interval'),
  ...DATETIME_SOURCES.map((t) => sig('extract', ['text', t], 'numeric')),
  ...DATETIME_SOURCES.map((t) => sig('date_part', ['text', t], 'float8')),
  sig('age', ['timestamp', 'timestamp'], 'interval'),
  sig('age', ['timestamptz', 'timestamptz'], 'interval'),
  sig('age', ['timestamp'], 'interval'),
  sig('age', ['timestamptz'], 'interval'),
  sig('to_char', ['timestamp', 'text'], 'text'),
  sig('to_char', ['timestamptz', 'text'], 'text'),
  sig('to_char', ['interval', 'text'], 'text'),
  // numeric_to_char; integers reach it by their implicit cast to numeric.
  sig('to_char', ['numeric', 'text'], 'text'),
  sig('to_number', ['text', 'text'], 'numeric'),
  sig('to_date', ['text', 'text'], 'date'),
  sig('to_timestamp', ['text', 'text'], 'timestamptz'),
  sig('to_timestamp', ['float8'], 'timestamptz'),
  sig('make_date', ['int4', 'int4', 'int4'], 'date'),
  sig('make_time', ['int4', 'int4', 'float8'], 'time'),
  sig('make_timestamp', ['int4', 'int4', 'int4', 'int4', 'int4', 'float8'], 'timestamp'),
  sig('make_interval', [], 'interval'),
  sig('make_interval', ['int4'], 'interval'),
  sig('make_interval', ['int4', 'int4'], 'interval'),
  sig('make_interval', ['int4', 'int4', 'int4'], 'interval'),
  sig('make_interval', ['int4', 'int4', 'int4', 'int4'], 'interval'),
  sig('make_interval', ['int4', 'int4', 'int4', 'int4', 'int4'], 'interval'),
  sig('make_interval', ['int4', 'int4', 'int4', 'int4', 'int4', 'int4'], 'interval'),
  sig('make_interval', ['int4', 'int4', 'int4', 'int4', 'int4', 'int4', 'float8'], 'interval'),
  sig('justify_days', ['interval'], 'interval'),
  sig('justify_hours', ['interval'], 'interval'),
  sig('justify_interval', ['interval'], 'interval'),
  sig('date_bin', ['interval', 'timestamp', 'timestamp'], 'timestamp'),
  sig('date_bin', ['interval', 'timestamptz', 'timestamptz'], 'timestamptz'),
  sig('isfinite', ['date'], 'bool'),
  sig('isfinite', ['timestamp'], 'bool'),
  sig('isfinite', ['timestamptz'], 'bool'),
  sig('isfinite', ['interval'], 'bool'),
  // `x AT TIME ZONE z` is timezone(z, x).
  sig('timezone', ['text', 'timestamptz'], 'timestamp'),
  sig('timezone', ['text', 'timestamp'], 'timestamptz'),
  sig('timezone', ['interval', 'timestamptz'], 'timestamp'),
  sig('timezone', ['interval', 'timestamp'], 'timestamptz'),
  // ---- uuid -----------------------------------------------------------------------------------
  sig('gen_random_uuid', [], 'uuid', { volatile: true }),
  // ---- json / jsonb ---------------------------------------------------------------------------
  sig('to_jsonb', ['anyelement'], 'jsonb'),
  sig('to_json', ['anyelement'], 'json'),
  sig('row_to_json', ['record'], 'json'),
  sig('row_to_json', ['record', 'bool'], 'json'),
  sig('jsonb_build_object', [], 'jsonb', { variadicRaw: true }),
  sig('json_build_object', [], 'json', { variadicRaw: true }),
  sig('jsonb_build_array', [], 'jsonb', { variadicRaw: true }),
  sig('json_build_array', [], 'json', { variadicRaw: true }),
  sig('jsonb_typeof', ['jsonb'], 'text'),
  sig('json_typeof', ['json'], 'text'),
  sig('jsonb_array_length', ['jsonb'], 'int4'),
  sig('json_array_length', ['json'], 'int4'),
  sig('jsonb_set', ['jsonb', '_text', 'jsonb'], 'jsonb'),
  sig('jsonb_set', ['jsonb', '_text', 'jsonb', 'bool'], 'jsonb'),
  sig('jsonb_pretty', ['jsonb'], 'text'),
  sig('jsonb_strip_nulls', ['jsonb'], 'jsonb'),
  sig('jsonb_extract_path', ['jsonb'], 'jsonb', { variadic: 'text' }),
  sig('jsonb_extract_path_text', ['jsonb'], 'text', { variadic: 'text' }),
  sig('json_extract_path', ['json'], 'json', { variadic: 'text' }),
  sig('json_extract_path_text', ['json'], 'text', { variadic: 'text' }),
  // ---- jsonpath (executor's jsonpath-functions.ts); vars and silent have defaults ----
  ...(
    [
      'jsonb_path_exists',
      'jsonb_path_match',
      'jsonb_path_query_array',
      'jsonb_path_query_first',
      // the _tz variants compare datetimes in the session's time zone (stable in PostgreSQL)
      'jsonb_path_exists_tz',
      'jsonb_path_match_tz',
      'jsonb_path_query_array_tz',
      'jsonb_path_query_first_tz',
    ] as const
  ).flatMap((name) => {
    const result: TypeName = /_(exists|match)(_tz)?$/.test(name) ? 'bool' : 'jsonb';
    return [
      sig(name, ['jsonb', 'jsonpath'], result),
      sig(name, ['jsonb', 'jsonpath', 'jsonb'], result),
      sig(name, ['jsonb', 'jsonpath', 'jsonb', 'bool'], result),
    ];
  }),
  // ---- arrays ---------------------------------------------------------------------------------
  sig('array_length', ['anyarray', 'int4'], 'int4'),
  sig('enum_first', ['anyenum'], 'anyenum'),
  sig('enum_last', ['anyenum'], 'anyenum'),
  sig('enum_range', ['anyenum'], 'anyarray'),
  sig('enum_range', ['anyenum', 'anyenum'], 'anyarray'),
  sig('array_lower', ['anyarray', 'int4'], 'int4'),
  sig('array_upper', ['anyarray', 'int4'], 'int4'),
  sig('array_ndims', ['anyarray'], 'int4'),
  sig('array_dims', ['anyarray'], 'text'),
  sig('cardinality', ['anyarray'], 'int4'),
  sig('array_position', ['anyarray', 'anyelement'], 'int4'),
  sig('array_positions', ['anyarray', 'anyelement'], '_int4'),
  sig('array_append', ['anyarray', 'anyelement'], 'anyarray'),
  sig('array_prepend', ['anyelement', 'anyarray'], 'anyarray'),
  sig('array_cat', ['anyarray', 'anyarray'], 'anyarray'),
  sig('array_remove', ['anyarray', 'anyelement'], 'anyarray'),
  sig('array_replace', ['anyarray', 'anyelement', 'anyelement'], 'anyarray'),
];

/**
 * Set-returning functions (in FROM, and in the select list): their argument signatures and the
 * columns they produce. `anyelement` columns take the array's element type.
 */
export interface SetReturningSignature {
  readonly name: string;
  readonly args: readonly TypeName[];
  readonly columns: readonly { readonly name: string; readonly type: TypeName }[];
  /** Declared with OUT parameters: a table alias does not rename the column (`value`). */
  readonly outParams?: boolean;
  /** The schema it lives in when not pg_catalog: calls must name it (`information_schema.f`). */
  readonly schema?: string;
}

export const SET_RETURNING: readonly SetReturningSignature[] = [
  { name: 'pg_partition_ancestors', args: ['regclass'], columns: [{ name: 'relid', type: 'regclass' }] },
  { name: 'unnest', args: ['anyarray'], columns: [{ name: 'unnest', type: 'anyelement' }] },
  // A tsvector's lexemes (executor: text-search-functions.ts).
  {
    name: 'unnest',
    args: ['tsvector'],
    outParams: true,
    columns: [
      { name: 'lexeme', type: 'text' },
      { name: 'positions', type: '_int2' },
      { name: 'weights', type: '_text' },
    ],
  },
  ...[['anyarray', 'int4'] as TypeName[], ['anyarray', 'int4', 'bool'] as TypeName[]].map(
    (args): SetReturningSignature => ({
      name: 'generate_subscripts',
      args,
      columns: [{ name: 'generate_subscripts', type: 'int4' }],
    }),
  ),
  // reloptions / attfdwoptions as rows, as pg_dump reads them (executor: set-returning.ts).
  {
    name: 'pg_options_to_table',
    args: ['_text'],
    outParams: true,
    columns: [
      { name: 'option_name', type: 'text' },
      { name: 'option_value', type: 'text' },
    ],
  },
  // The subscripts of an array with their 1-based positions: how pgjdbc's getPrimaryKeys and
  // getIndexInfo walk pg_index.indkey. Lives in information_schema, as in PostgreSQL.
  {
    name: '_pg_expandarray',
    schema: 'information_schema',
    args: ['anyarray'],
    outParams: true,
    columns: [
      { name: 'x', type: 'anyelement' },
      { name: 'n', type: 'int4' },
    ],
  },
  // The session's LISTEN channels (executor: session-functions.ts).
  { name: 'pg_listening_channels', args: [], columns: [{ name: 'pg_listening_channels', type: 'text' }] },
  {
    name: 'jsonb_array_elements',
    args: ['jsonb'],
    columns: [{ name: 'value', type: 'jsonb' }],
    outParams: true,
  },
  {
    name: 'jsonb_array_elements_text',
    args: ['jsonb'],
    columns: [{ name: 'value', type: 'text' }],
    outParams: true,
  },
  {
    outParams: true,
    name: 'jsonb_each',
    args: ['jsonb'],
    columns: [
      { name: 'key', type: 'text' },
      { name: 'value', type: 'jsonb' },
    ],
  },
  {
    outParams: true,
    name: 'jsonb_each_text',
    args: ['jsonb'],
    columns: [
      { name: 'key', type: 'text' },
      { name: 'value', type: 'text' },
    ],
  },
  { name: 'jsonb_object_keys', args: ['jsonb'], columns: [{ name: 'jsonb_object_keys', type: 'text' }] },
  // ---- jsonpath: jsonb_path_query(target, path [, vars [, silent]]) ----
  ...[
    ['jsonb', 'jsonpath'] as TypeName[],
    ['jsonb', 'jsonpath', 'jsonb'] as TypeName[],
    ['jsonb', 'jsonpath', 'jsonb', 'bool'] as TypeName[],
  ].flatMap((args): SetReturningSignature[] =>
    ['jsonb_path_query', 'jsonb_path_query_tz'].map((name) => ({
      name,
      args,
      columns: [{ name, type: 'jsonb' }],
    })),
  ),
  // json's: the members as written (executor's json-functions.ts).
  {
    name: 'json_array_elements',
    args: ['json'],
    columns: [{ name: 'value', type: 'json' }],
    outParams: true,
  },
  {
    name: 'json_array_elements_text',
    args: ['json'],
    columns: [{ name: 'value', type: 'text' }],
    outParams: true,
  },
  {
    outParams: true,
    name: 'json_each',
    args: ['json'],
    columns: [
      { name: 'key', type: 'text' },
      { name: 'value', type: 'json' },
    ],
  },
  {
    outParams: true,
    name: 'json_each_text',
    args: ['json'],
    columns: [
      { name: 'key', type: 'text' },
      { name: 'value', type: 'text' },
    ],
  },
  { name: 'json_object_keys', args: ['json'], columns: [{ name: 'json_object_keys', type: 'text' }] },
  ...(['regexp_matches', 'regexp_split_to_table'] as const).flatMap((name) =>
    [
      ['text', 'text'],
      ['text', 'text', 'text'],
    ].map(
      (args): SetReturningSignature => ({
        name,
        args: args as TypeName[],
        columns: [{ name, type: name === 'regexp_matches' ? '_text' : 'text' }],
      }),
    ),
  ),
];
