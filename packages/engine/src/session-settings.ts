/**
 * SessionSettings: the run-time parameters of one session (PostgreSQL's GUCs) that SET, RESET
 * and SHOW read and write, with the defaults clients look at after connecting.
 *
 * Rules kept from PostgreSQL:
 * - Names are case-insensitive; SHOW's result column carries the canonical spelling
 *   (`SHOW datestyle` → column `DateStyle`).
 * - A custom name with a dot (`SET myapp.x = 1`) is accepted as a placeholder.
 * - SET inside a transaction is undone if the transaction aborts; SET LOCAL lasts until the
 *   transaction ends either way (`beginTransaction` / `endTransaction`).
 * - RESET returns to the session's start value (the startup packet's, else the default).
 *
 * NB: values are kept as written unless their validator canonicalizes them as PostgreSQL does
 * (`SET datestyle = iso` shows `ISO, MDY`); only what the engine or optimizer reads is
 * interpreted.
 */
import {
  checkDateStyle,
  checkIntervalStyle,
  type DateTimeStyle,
  DbError,
  dateTimeStyleOf,
  type Interval,
  intervalTypmod,
  offsetZoneName,
  parseText,
  parseTimeZoneSetting,
  parseTsConfig,
  sqlType,
  type TimeZone,
} from '@rustydb/common';
import { parseWorkMem } from '@rustydb/executor';
import { type StartupSetting, startupSettings } from './startup-options.js';
import { canonicalTimeout } from './timeout-settings.js';

/** The settings at a SAVEPOINT (`SessionSettings.savepoint`). */
export interface SettingsMark {
  readonly current: ReadonlyMap<string, string>;
  readonly local: ReadonlyMap<string, string>;
}

/** What text output reads of the settings (`SessionSettings.textOutput`). */
export interface TextOutputSettings {
  readonly timeZone: TimeZone;
  readonly extraFloatDigits: number;
  /** DateStyle and IntervalStyle (date/time and interval text, the field order of date input). */
  readonly dateTimeStyle: DateTimeStyle;
}

/** The server version string clients parse (psql, node-postgres, pgbench read the major). */
export const SERVER_VERSION = '15.0 (RustyDB 0.1.0)';

interface SettingSpec {
  readonly value: string;
  /** Can SET change it? (server_version cannot.) */
  readonly readOnly?: boolean;
  /** A server setting (PostgreSQL's postmaster context): fixed until a restart. */
  readonly serverStart?: boolean;
  /** Sent to the client as ParameterStatus after startup (GUC_REPORT). */
  readonly report?: boolean;
}

/** Canonical name → default. */
const DEFAULTS: Readonly<Record<string, SettingSpec>> = {
  server_version: { value: SERVER_VERSION, readOnly: true, report: true },
  server_version_num: { value: '150000', readOnly: true },
  server_encoding: { value: 'UTF8', readOnly: true, report: true },
  client_encoding: { value: 'UTF8', report: true },
  DateStyle: { value: 'ISO, MDY', report: true },
  IntervalStyle: { value: 'postgres', report: true },
  integer_datetimes: { value: 'on', readOnly: true, report: true },
  standard_conforming_strings: { value: 'on', report: true },
  TimeZone: { value: 'UTC', report: true },
  application_name: { value: '', report: true },
  is_superuser: { value: 'on', readOnly: true, report: true },
  session_authorization: { value: 'rustydb', readOnly: true, report: true },
  // SET ROLE's value; changed only through `assign` (role-settings.ts checks it first).
  role: { value: 'none', readOnly: true },
  password_encryption: { value: 'scram-sha-256' },
  search_path: { value: '"$user", public' },
  default_table_access_method: { value: 'heap' },
  default_transaction_isolation: { value: 'read committed' },
  default_transaction_read_only: { value: 'off' },
  default_transaction_deferrable: { value: 'off' },
  transaction_isolation: { value: 'read committed', readOnly: true },
  transaction_read_only: { value: 'off', readOnly: true },
  max_identifier_length: { value: '63', readOnly: true },
  extra_float_digits: { value: '1' },
  client_min_messages: { value: 'notice' },
  statement_timeout: { value: '0' },
  lock_timeout: { value: '0' },
  deadlock_timeout: { value: '1s' },
  idle_in_transaction_session_timeout: { value: '0' },
  bytea_output: { value: 'hex' },
  default_text_search_config: { value: 'pg_catalog.english' },
  work_mem: { value: '4MB' },
  // The server's (Database.open's maxPreparedTransactions): the session sets it at start.
  max_prepared_transactions: { value: '0', readOnly: true, serverStart: true },
  // The server's connection slots (Database.open's maxConnections / superuserReservedConnections).
  max_connections: { value: '100', readOnly: true, serverStart: true },
  superuser_reserved_connections: { value: '3', readOnly: true, serverStart: true },
  enable_seqscan: { value: 'on' },
  enable_indexscan: { value: 'on' },
  enable_indexonlyscan: { value: 'on' },
  enable_bitmapscan: { value: 'on' },
  enable_sort: { value: 'on' },
  enable_hashagg: { value: 'on' },
  enable_hashjoin: { value: 'on' },
  enable_mergejoin: { value: 'on' },
  enable_nestloop: { value: 'on' },
  enable_material: { value: 'on' },
  // The cost model's parameters and statistics (optimizer: cost-model.ts; engine: analyze.ts).
  seq_page_cost: { value: '1' },
  random_page_cost: { value: '4' },
  cpu_tuple_cost: { value: '0.01' },
  cpu_index_tuple_cost: { value: '0.005' },
  cpu_operator_cost: { value: '0.0025' },
  effective_cache_size: { value: '4GB' },
  join_collapse_limit: { value: '8' },
  default_statistics_target: { value: '100' },
  // Settings clients and pg_dump scripts SET whose every value means what RustyDB does anyway:
  // no function bodies to check yet, no xml type, no row-level security, one tablespace, no JIT,
  // no parallel workers, no synchronized scans to join.
  check_function_bodies: { value: 'on' },
  xmloption: { value: 'content' },
  row_security: { value: 'on' },
  default_tablespace: { value: '' },
  temp_tablespaces: { value: '' },
  jit: { value: 'on' },
  max_parallel_workers_per_gather: { value: '2' },
  synchronize_seqscans: { value: 'on' },
};

/** What a validator may read besides the value. */
interface ValidationContext {
  /** The setting's name as the statement (or startup packet) spelled it. */
  readonly name: string;
  /** The value now (DateStyle keeps the part a new value omits). */
  readonly current: string;
  /** The value RESET would restore (DateStyle's DEFAULT). */
  readonly reset: string;
}

/**
 * Settings whose values are checked when set (22023 with PostgreSQL's message if malformed);
 * a validator returning a string gives the value as SHOW prints it.
 */
const VALIDATORS: Readonly<Record<string, (value: string, context: ValidationContext) => unknown>> = {
  DateStyle: (value, { current, reset }) => checkDateStyle(value, current, reset),
  IntervalStyle: (value, { name }) => checkIntervalStyle(value, name),
  work_mem: parseWorkMem,
  TimeZone: checkTimeZone,
  password_encryption: checkPasswordEncryption,
  // These return the value as SHOW prints it (timeout-settings.ts).
  lock_timeout: canonicalTimeout('lock_timeout'),
  statement_timeout: canonicalTimeout('statement_timeout'),
  deadlock_timeout: canonicalTimeout('deadlock_timeout', 1),
  extra_float_digits: (value: string) => String(parseExtraFloatDigits(value)),
  default_text_search_config: textSearchConfigSetting,
  check_function_bodies: booleanSetting('check_function_bodies'),
  row_security: booleanSetting('row_security'),
  jit: booleanSetting('jit'),
  synchronize_seqscans: booleanSetting('synchronize_seqscans'),
  xmloption: enumSetting('xmloption', ['content', 'document']),
  default_tablespace: tablespaceSetting('default_tablespace'),
  temp_tablespaces: tablespaceSetting('temp_tablespaces'),
  max_parallel_workers_per_gather: integerSetting('max_parallel_workers_per_gather', 0, 1024),
};

/** default_text_search_config: a configuration RustyDB has, shown schema-qualified. */
function textSearchConfigSetting(value: string): string {
  try {
    return `pg_catalog.${parseTsConfig(value)}`;
  } catch {
    throw new DbError('22023', `invalid value for parameter "default_text_search_config": "${value}"`);
  }
}

/** PostgreSQL's boolean spellings (parse_bool: on/off, true/false, yes/no, 1/0 and prefixes), shown as on / off. */
function booleanSetting(name: string): (value: string) => string {
  return (value) => {
    const v = value.trim().toLowerCase();
    const prefixOf = (word: string) => v.length > 0 && word.startsWith(v);
    // "o" alone is neither: on and off need two letters.
    if (v === 'on' || v === '1' || prefixOf('true') || prefixOf('yes')) return 'on';
    if (v === 'of' || v === 'off' || v === '0' || prefixOf('false') || prefixOf('no')) return 'off';
    throw new DbError('22023', `parameter "${name}" requires a Boolean value`);
  };
}

function enumSetting(name: string, values: readonly string[]): (value: string) => string {
  return (value) => {
    const v = value.trim().toLowerCase();
    if (values.includes(v)) return v;
    throw new DbError('22023', `invalid value for parameter "${name}": "${value}"`, {
      hint: `Available values: ${values.join(', ')}.`,
    });
  };
}

function integerSetting(name: string, min: number, max: number): (value: string) => string {
  return (value) => {
    const n = Number(value.trim());
    if (value.trim() === '' || !Number.isFinite(n)) {
      throw new DbError('22023', `invalid value for parameter "${name}": "${value}"`);
    }
    const rounded = Math.round(n);
    if (rounded < min || rounded > max) {
      throw new DbError(
        '22023',
        `${rounded} is outside the valid range for parameter "${name}" (${min} .. ${max})`,
      );
    }
    return String(rounded);
  };
}

/** Only pg_default exists (and '' means the database's, which is it); PostgreSQL's two messages. */
function tablespaceSetting(name: string): (value: string) => void {
  return (value) => {
    for (const part of value.split(',')) {
      const t = part.trim().replace(/^"(.*)"$/, '$1');
      if (t === '' || t === 'pg_default') continue;
      if (name === 'temp_tablespaces') throw new DbError('42704', `tablespace "${t}" does not exist`);
      throw new DbError('22023', `invalid value for parameter "${name}": "${value}"`, {
        detail: `Tablespace "${t}" does not exist.`,
      });
    }
  };
}

/**
 * extra_float_digits as an integer in -15 .. 3 (PostgreSQL's range; a fraction rounds, as for
 * any integer setting). Synchronous.
 * @throws DbError 22023 with PostgreSQL's message for a non-number or a value out of range.
 */
export function parseExtraFloatDigits(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n)) {
    throw new DbError('22023', `invalid value for parameter "extra_float_digits": "${value}"`);
  }
  const rounded = Math.round(n);
  if (rounded < -15 || rounded > 3) {
    throw new DbError(
      '22023',
      `${rounded} is outside the valid range for parameter "extra_float_digits" (-15 .. 3)`,
    );
  }
  return rounded;
}

function checkPasswordEncryption(value: string): void {
  if (value === 'md5' || value === 'scram-sha-256') return;
  throw new DbError('22023', `invalid value for parameter "password_encryption": "${value}"`, {
    hint: 'Available values: md5, scram-sha-256.',
  });
}

/**
 * TimeZone (check_timezone): a zone, shown as written, or an offset given as a number of hours or
 * an interval (`SET TIME ZONE INTERVAL '+05:30' HOUR TO MINUTE`), shown as PostgreSQL names a
 * fixed offset, `<+05:30>-05:30`.
 */
function checkTimeZone(value: string): string {
  const invalid = (detail?: string) =>
    new DbError('22023', `invalid value for parameter "TimeZone": "${value}"`, detail ? { detail } : {});
  const interval = /^INTERVAL '((?:[^']|'')*)'(?: (HOUR|MINUTE|HOUR TO MINUTE))?$/.exec(value);
  if (interval !== null) {
    const typmod = intervalTypmod(interval[2]?.toLowerCase(), undefined);
    const v = parseText(interval[1]!.replaceAll("''", "'"), sqlType('interval', typmod)) as Interval;
    if (v.months !== 0) throw invalid('Cannot specify months in time zone interval.');
    if (v.days !== 0) throw invalid('Cannot specify days in time zone interval.');
    return offsetZoneName(Number(v.micros / 1_000_000n));
  }
  try {
    const zone = parseTimeZoneSetting(value);
    return /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value) ? zone.name : value;
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    throw invalid();
  }
}

const CANONICAL = new Map(Object.keys(DEFAULTS).map((k) => [k.toLowerCase(), k]));
/** The canonical names themselves: the engine asks by them on every statement (no lower-casing). */
const CANONICAL_NAMES: ReadonlySet<string> = new Set(Object.keys(DEFAULTS));

/** 55P02 for SET/RESET of a read-only setting, in PostgreSQL's words for its context. */
const cannotChange = (canonical: string): DbError =>
  new DbError(
    '55P02',
    `parameter "${canonical.toLowerCase()}" cannot be changed${DEFAULTS[canonical]?.serverStart ? ' without restarting the server' : ''}`,
  );

const unrecognized = (name: string): DbError =>
  new DbError('42704', `unrecognized configuration parameter "${name}"`);

export class SessionSettings {
  /** Values the session started with (defaults plus the startup packet). */
  readonly #initial = new Map<string, string>();
  #current = new Map<string, string>();
  /**
   * The values at transaction start, restored on abort; taken before the transaction's first
   * change (most transactions change nothing, and copying every setting per statement showed
   * in autocommit profiles).
   */
  #atTransactionStart: Map<string, string> | undefined;
  #inTransaction = false;
  /** SET LOCAL overrides, dropped at transaction end. */
  readonly #local = new Map<string, string>();
  /** Changed when a user-visible value may have changed (see `version`). */
  #version = 0;
  /** Reported settings changed since `takeReportedChanges` (ParameterStatus). */
  #reportedChanges: Set<string> | undefined;
  /** What the client was last told of each reported setting. */
  readonly #lastReported = new Map<string, string>();
  /** `textOutput()`'s value and the version it was parsed at. */
  #textOutput: TextOutputSettings | undefined;
  #textOutputVersion = -1;

  /** `startup` holds startup-packet parameters (application_name, DateStyle, …); unknown ones are ignored. */
  /**
   * `startup`: the startup packet's parameters (startup-options.ts), each checked as SET checks
   * it. @throws DbError 22023 for a malformed value; for a setting asked for by switch (`-c`),
   * 42704 for an unknown name and 55P02 for a read-only one (a plain parameter of an unknown or
   * read-only name is ignored: clients send parameters of settings RustyDB does not model).
   */
  constructor(startup: Readonly<Record<string, string>> = {}) {
    for (const [name, spec] of Object.entries(DEFAULTS)) this.#initial.set(name, spec.value);
    for (const setting of startupSettings(startup)) this.#setInitial(setting);
    this.#current = new Map(this.#initial);
  }

  #setInitial({ name, value, bySwitch }: StartupSetting): void {
    const canonical = bySwitch ? this.canonicalName(name) : CANONICAL.get(name.toLowerCase());
    if (canonical === undefined) return;
    if (DEFAULTS[canonical]?.readOnly) {
      if (bySwitch) throw cannotChange(canonical);
      return;
    }
    const start = this.#initial.get(canonical) ?? '';
    const shown = VALIDATORS[canonical]?.(value, { name, current: start, reset: start });
    this.#initial.set(canonical, typeof shown === 'string' ? shown : value);
  }

  /**
   * A number that changes whenever SET, RESET, SET LOCAL or a rollback may have changed a value
   * (not for the engine's own `setInternal`): cached plans compare it to know the planner's
   * settings are the same.
   */
  get version(): number {
    return this.#version;
  }

  /**
   * TimeZone, extra_float_digits, DateStyle and IntervalStyle parsed, once per settings
   * version: every statement that returns rows formats them with these, and two Map reads and two
   * parses per Execute showed in point-query profiles.
   */
  textOutput(): TextOutputSettings {
    if (this.#textOutput === undefined || this.#textOutputVersion !== this.#version) {
      this.#textOutput = {
        timeZone: parseTimeZoneSetting(this.get('TimeZone')),
        extraFloatDigits: parseExtraFloatDigits(this.get('extra_float_digits')),
        dateTimeStyle: dateTimeStyleOf(this.get('DateStyle'), this.get('IntervalStyle')),
      };
      this.#textOutputVersion = this.#version;
    }
    return this.#textOutput;
  }

  /**
   * The reported (GUC_REPORT) settings whose value changed since the last call, with their
   * current values, or undefined: what the protocol sends as ParameterStatus.
   */
  takeReportedChanges(): Record<string, string> | undefined {
    const changed = this.#reportedChanges;
    this.#reportedChanges = undefined;
    if (changed === undefined) return undefined;
    let out: Record<string, string> | undefined;
    for (const name of changed) {
      // As PostgreSQL 14+, only a value different from the one last reported is sent.
      const value = this.get(name);
      if (this.#lastReported.get(name) === value) continue;
      this.#lastReported.set(name, value);
      out ??= {};
      out[name] = value;
    }
    return out;
  }

  #changed(canonical: string): void {
    this.#version++;
    if (!DEFAULTS[canonical]?.report) return;
    this.#reportedChanges ??= new Set();
    this.#reportedChanges.add(canonical);
  }

  /** The canonical name of a setting. @throws DbError 42704 for an unknown name. */
  canonicalName(name: string): string {
    if (CANONICAL_NAMES.has(name)) return name;
    const canonical = CANONICAL.get(name.toLowerCase());
    if (canonical) return canonical;
    if (name.includes('.')) return name.toLowerCase();
    throw unrecognized(name);
  }

  /** The current value (SET LOCAL first). @throws DbError 42704 for an unknown name. */
  get(name: string): string {
    let canonical = this.canonicalName(name);
    // Outside a transaction these show what the next one will get.
    if (!this.#inTransaction && canonical.startsWith('transaction_')) canonical = `default_${canonical}`;
    const value = this.#local.get(canonical) ?? this.#current.get(canonical);
    if (value === undefined) throw unrecognized(name);
    return value;
  }

  /** SET name = value [LOCAL]. @throws DbError 42704 unknown, 55P02 read-only parameter. */
  set(name: string, value: string, local = false): void {
    const canonical = this.canonicalName(name);
    if (DEFAULTS[canonical]?.readOnly) throw cannotChange(canonical);
    const validate = VALIDATORS[canonical];
    if (validate !== undefined) {
      const shown = validate(value, {
        name,
        current: this.get(canonical),
        reset: this.#initial.get(canonical) ?? '',
      });
      if (typeof shown === 'string') value = shown;
    }
    if (local) {
      if (this.#inTransaction) {
        this.#local.set(canonical, value);
        this.#changed(canonical);
      }
      return;
    }
    this.#beforeChange();
    this.#current.set(canonical, value);
    this.#changed(canonical);
  }

  /** RESET name (or ALL). */
  reset(name: string): void {
    if (name.toLowerCase() === 'all') {
      for (const [k, v] of this.#initial) {
        if (DEFAULTS[k]?.readOnly || this.#current.get(k) === v) continue;
        this.#beforeChange();
        this.#current.set(k, v);
        this.#changed(k);
      }
      return;
    }
    const canonical = this.canonicalName(name);
    if (DEFAULTS[canonical]?.readOnly) throw cannotChange(canonical);
    const initial = this.#initial.get(canonical);
    this.#beforeChange();
    if (initial === undefined) this.#current.delete(canonical);
    else this.#current.set(canonical, initial);
    this.#changed(canonical);
  }

  /**
   * Sets a read-only setting the engine checked itself (role, session_authorization,
   * is_superuser: role-settings.ts) as SET would: undone if the transaction aborts, reported
   * to the client when it is a reported setting.
   */
  assign(name: string, value: string): void {
    if (this.#current.get(name) === value) return;
    this.#beforeChange();
    this.#current.set(name, value);
    this.#changed(name);
  }

  /** Sets a value the engine maintains (transaction_isolation, transaction_read_only). */
  setInternal(name: string, value: string): void {
    if (this.#current.get(name) === value) return;
    this.#beforeChange();
    this.#current.set(name, value);
  }

  /** A transaction started: the values to restore if it aborts are taken at its first change. */
  beginTransaction(): void {
    this.#inTransaction = true;
    this.#atTransactionStart = undefined;
  }

  #beforeChange(): void {
    if (this.#inTransaction && this.#atTransactionStart === undefined) {
      this.#atTransactionStart = new Map(this.#current);
    }
  }

  /** The transaction ended: keep SETs if it committed, undo them if not; drop SET LOCALs. */
  endTransaction(committed: boolean): void {
    const before = this.#current;
    const restored = !committed && this.#atTransactionStart !== undefined;
    if (restored) this.#current = this.#atTransactionStart!;
    this.#atTransactionStart = undefined;
    this.#inTransaction = false;
    if (restored || this.#local.size > 0) {
      for (const k of new Set([...this.#local.keys(), ...(restored ? before.keys() : [])])) {
        if (this.#local.has(k) || before.get(k) !== this.#current.get(k)) this.#changed(k);
      }
      this.#local.clear();
    }
  }

  /** SAVEPOINT: the values to restore on ROLLBACK TO (SET and SET LOCAL since revert, as PostgreSQL). */
  savepoint(): SettingsMark {
    return { current: new Map(this.#current), local: new Map(this.#local) };
  }

  /** ROLLBACK TO: restores the values at `mark` (a savepoint of the current transaction). */
  rollbackTo(mark: SettingsMark): void {
    const changed = new Set<string>();
    for (const [k, v] of this.#current) if (mark.current.get(k) !== v) changed.add(k);
    for (const k of mark.current.keys()) if (!this.#current.has(k)) changed.add(k);
    for (const k of new Set([...this.#local.keys(), ...mark.local.keys()])) {
      if (this.#local.get(k) !== mark.local.get(k)) changed.add(k);
    }
    this.#current = new Map(mark.current);
    this.#local.clear();
    for (const [k, v] of mark.local) this.#local.set(k, v);
    for (const k of changed) this.#changed(k);
  }

  /** The values reported to the client at startup (ParameterStatus). */
  reported(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, spec] of Object.entries(DEFAULTS)) {
      if (!spec.report) continue;
      out[name] = this.get(name);
      this.#lastReported.set(name, out[name]);
    }
    return out;
  }

  /** Every setting, for the optimizer (`enable_*`) and SHOW ALL. */
  all(): ReadonlyMap<string, string> {
    const out = new Map(this.#current);
    for (const [k, v] of this.#local) out.set(k, v);
    return out;
  }
}
