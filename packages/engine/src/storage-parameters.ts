/**
 * Storage parameters (PostgreSQL's reloptions): `CREATE TABLE … WITH (…)`, `ALTER TABLE | INDEX …
 * SET (…) / RESET (…)`. Names, kinds and bounds are PostgreSQL 15's (reloptions.c) for tables
 * (heap) and btree / hash indexes, with its 22023 messages; the result is pg_class.reloptions,
 * `name=value` texts with the value as written. Autovacuum and auto-analyze read the table's
 * `autovacuum_enabled` and its vacuum / analyze thresholds and scale factors
 * (`autovacuumParameters`); the others are stored and otherwise ignored (a heap page is filled
 * completely whatever the fillfactor).
 */
import { DbError } from '@rustydb/common';
import type { StorageParameter } from '@rustydb/parser';

type Kind =
  | { readonly type: 'int' | 'real'; readonly min: number; readonly max: number }
  | { readonly type: 'bool' }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly detail: string };

const INT_MAX = 2147483647;
const int = (min: number, max: number): Kind => ({ type: 'int', min, max });
const real = (min: number, max: number): Kind => ({ type: 'real', min, max });
const bool: Kind = { type: 'bool' };
const FILLFACTOR = int(10, 100);

/** The parameters of a heap table (PostgreSQL 15's RELOPT_KIND_HEAP, without the toast. ones). */
const TABLE_PARAMETERS: ReadonlyMap<string, Kind> = new Map([
  ['fillfactor', FILLFACTOR],
  ['toast_tuple_target', int(128, 8160)],
  ['parallel_workers', int(0, 1024)],
  ['autovacuum_enabled', bool],
  ['autovacuum_vacuum_threshold', int(0, INT_MAX)],
  ['autovacuum_vacuum_insert_threshold', int(-1, INT_MAX)],
  ['autovacuum_analyze_threshold', int(0, INT_MAX)],
  ['autovacuum_vacuum_cost_limit', int(1, 10000)],
  ['autovacuum_freeze_min_age', int(0, 1000000000)],
  ['autovacuum_freeze_max_age', int(100000, 2000000000)],
  ['autovacuum_freeze_table_age', int(0, 2000000000)],
  ['autovacuum_multixact_freeze_min_age', int(0, 1000000000)],
  ['autovacuum_multixact_freeze_max_age', int(10000, 2000000000)],
  ['autovacuum_multixact_freeze_table_age', int(0, 2000000000)],
  ['log_autovacuum_min_duration', int(-1, INT_MAX)],
  ['autovacuum_vacuum_cost_delay', real(0, 100)],
  ['autovacuum_vacuum_scale_factor', real(0, 100)],
  ['autovacuum_vacuum_insert_scale_factor', real(0, 100)],
  ['autovacuum_analyze_scale_factor', real(0, 100)],
  ['user_catalog_table', bool],
  ['vacuum_truncate', bool],
  [
    'vacuum_index_cleanup',
    {
      type: 'enum',
      values: ['auto', 'on', 'off', 'true', 'false', 'yes', 'no', '1', '0'],
      detail: 'Valid values are "on", "off", and "auto".',
    },
  ],
]);

/** Ordered indexes take btree's (deduplicate_items); the others hash's fillfactor alone. */
const BTREE_PARAMETERS: ReadonlyMap<string, Kind> = new Map([
  ['fillfactor', FILLFACTOR],
  ['deduplicate_items', bool],
]);
const HASH_PARAMETERS: ReadonlyMap<string, Kind> = new Map([['fillfactor', FILLFACTOR]]);

/** Which relation the parameters are for: a table, or an index of an access method. */
export type OptionsTarget = { readonly kind: 'table' } | { readonly kind: 'index'; readonly method: string };

const parametersOf = (target: OptionsTarget): ReadonlyMap<string, Kind> =>
  target.kind === 'table'
    ? TABLE_PARAMETERS
    : target.method === 'btree' || target.method === 'lsm'
      ? BTREE_PARAMETERS
      : HASH_PARAMETERS;

const BOOLEAN_WORDS = new Set(['true', 'on', 'yes', '1', 'false', 'off', 'no', '0']);

/**
 * The reloptions after `SET (params)` (or `RESET (names)` when `reset`) over `current`, each
 * checked as PostgreSQL does. @throws DbError 22023 (unknown name, bad value, a name twice),
 * 42601 (RESET with a value).
 */
export function relationOptions(
  current: readonly string[],
  params: readonly StorageParameter[],
  reset: boolean,
  target: OptionsTarget,
): string[] {
  const names = new Set(params.map((p) => p.name));
  if (reset) {
    if (params.some((p) => p.value !== undefined)) {
      throw new DbError('42601', 'RESET must not include values for parameters');
    }
    return current.filter((o) => !names.has(optionName(o)));
  }
  const known = parametersOf(target);
  const seen = new Set<string>();
  for (const p of params) {
    const kind = known.get(p.name);
    if (!kind) throw new DbError('22023', `unrecognized parameter "${p.name}"`);
    if (seen.has(p.name)) throw new DbError('22023', `parameter "${p.name}" specified more than once`);
    seen.add(p.name);
    checkValue(p, kind);
  }
  const kept = current.filter((o) => !names.has(optionName(o)));
  return [...kept, ...params.map((p) => `${p.name}=${p.value ?? 'true'}`)];
}

/** CREATE TABLE … WITH (…): the new table's reloptions. */
export const tableOptions = (params: readonly StorageParameter[]): string[] =>
  relationOptions([], params, false, { kind: 'table' });

const optionName = (option: string): string => option.slice(0, option.indexOf('='));

function checkValue(p: StorageParameter, kind: Kind): void {
  // `WITH (name)` means true, which only a boolean takes.
  const text = p.value ?? 'true';
  switch (kind.type) {
    case 'bool':
      if (!BOOLEAN_WORDS.has(text.trim().toLowerCase())) throw invalidValue('boolean', p.name, text);
      return;
    case 'enum':
      if (!kind.values.includes(text.toLowerCase())) {
        throw new DbError('22023', `invalid value for enum option "${p.name}": ${text}`, {
          detail: kind.detail,
        });
      }
      return;
    case 'int':
    case 'real':
      checkNumber(p.name, text, kind);
  }
}

/** parse_int / parse_real: a number, rounded for an integer option, within the bounds. */
function checkNumber(name: string, text: string, kind: Extract<Kind, { min: number }>): void {
  const trimmed = text.trim();
  const n = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (Number.isNaN(n)) throw invalidValue(kind.type === 'int' ? 'integer' : 'floating point', name, text);
  const value = kind.type === 'int' ? Math.round(n) : n;
  if (value < kind.min || value > kind.max) {
    const bound = (b: number) => (kind.type === 'int' ? String(b) : b.toFixed(6));
    throw new DbError('22023', `value ${text} out of bounds for option "${name}"`, {
      detail: `Valid values are between "${bound(kind.min)}" and "${bound(kind.max)}".`,
    });
  }
}

const invalidValue = (kind: string, name: string, text: string): DbError =>
  new DbError('22023', `invalid value for ${kind} option "${name}": ${text}`);

/** A table's own autovacuum settings (reloptions); absent fields: the server's defaults. */
export interface AutovacuumParameters {
  /** autovacuum_enabled: false keeps autovacuum and auto-analyze off the table. */
  readonly enabled: boolean;
  readonly vacuumThreshold?: number;
  readonly vacuumScaleFactor?: number;
  readonly analyzeThreshold?: number;
  readonly analyzeScaleFactor?: number;
}

const AUTOVACUUM_DEFAULTS: AutovacuumParameters = { enabled: true };

/**
 * The autovacuum settings among `options` (a table's reloptions, already checked when they were
 * set). Cheap for a table without options. Pure.
 */
export function autovacuumParameters(options: readonly string[] | undefined): AutovacuumParameters {
  if (options === undefined || options.length === 0) return AUTOVACUUM_DEFAULTS;
  let enabled = true;
  const numbers: Record<string, number> = {};
  for (const o of options) {
    const name = optionName(o);
    const value = o.slice(name.length + 1);
    if (name === 'autovacuum_enabled') enabled = parseBoolean(value);
    else if (name.startsWith('autovacuum_')) numbers[name] = Number(value);
  }
  const pick = (name: string): number | undefined => numbers[name];
  return {
    enabled,
    ...defined('vacuumThreshold', pick('autovacuum_vacuum_threshold')),
    ...defined('vacuumScaleFactor', pick('autovacuum_vacuum_scale_factor')),
    ...defined('analyzeThreshold', pick('autovacuum_analyze_threshold')),
    ...defined('analyzeScaleFactor', pick('autovacuum_analyze_scale_factor')),
  };
}

const defined = (key: string, value: number | undefined): Record<string, number> =>
  value === undefined || Number.isNaN(value) ? {} : { [key]: value };

/** PostgreSQL's parse_bool over a value checkValue accepted: true, yes, on, 1 and their prefixes. */
function parseBoolean(value: string): boolean {
  const v = value.toLowerCase();
  return v === '1' || v === 'on' || 'true'.startsWith(v) || 'yes'.startsWith(v);
}
