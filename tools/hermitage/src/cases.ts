/**
 * The hermitage corpus: `<conformance>/hermitage/cases.json` (the interleavings) and
 * `expected-postgresql15.json` (what PostgreSQL 15 did). Neither is ours: they sit beside the
 * repository (see `shared/conformance/README.md`) and are read, never copied in.
 *
 * cases.json:
 *   { "setup": [sql, ...],                      run on its own session before every case
 *     "levels": ["read committed", ...],        each case runs once per level
 *     "cases": [{ "name", "steps": [[session, sql], ...] }] }
 *   A step's session is 1, 2 or 3 (T1, T2, T3); `LEVEL` in its SQL is replaced by the level.
 *
 * expected-postgresql15.json: { "<case name> @ <level>": [event, ...] } (events: events.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { conformanceDir } from '@rustydb/slt';

/** One statement of a case, issued on session `T<session>`. */
export interface HermitageStep {
  readonly session: number;
  readonly sql: string;
}

/** One interleaving: steps in the order they are issued. */
export interface HermitageCase {
  readonly name: string;
  readonly steps: readonly HermitageStep[];
}

/** The whole corpus: shared setup, the isolation levels, and the cases. */
export interface HermitageCorpus {
  readonly setup: readonly string[];
  readonly levels: readonly string[];
  readonly cases: readonly HermitageCase[];
}

/** Case key (`"<case name> @ <level>"`) → the event sequence a run must produce. */
export type ExpectedEvents = ReadonlyMap<string, readonly string[]>;

/** `<conformance>/hermitage`. Synchronous; does not check that it exists. */
export function hermitageDir(): string {
  return join(conformanceDir(), 'hermitage');
}

/** The key of one case at one level, as the expected file and the allow list spell it. */
export function caseKey(caseName: string, level: string): string {
  return `${caseName} @ ${level}`;
}

/** A step's SQL with `LEVEL` replaced by the isolation level. */
export function stepSql(step: HermitageStep, level: string): string {
  return step.sql.replaceAll('LEVEL', level);
}

/**
 * Reads cases.json (default: the corpus's). Synchronous; throws an Error naming the file and the
 * offending entry when it is unreadable or not shaped as documented above.
 */
export function loadCases(path: string = join(hermitageDir(), 'cases.json')): HermitageCorpus {
  const json = readJson(path);
  const fail = (what: string): never => {
    throw new Error(`${path}: ${what}`);
  };
  if (!isStringArray(json.setup)) fail('"setup" must be a list of SQL texts');
  if (!isStringArray(json.levels) || json.levels.length === 0) fail('"levels" must be a list of levels');
  if (!Array.isArray(json.cases)) fail('"cases" must be a list');
  const names = new Set<string>();
  const cases = (json.cases as unknown[]).map((entry, i): HermitageCase => {
    const c = entry as { name?: unknown; steps?: unknown };
    if (typeof c.name !== 'string' || c.name === '') fail(`case ${i} has no name`);
    const name = c.name as string;
    if (names.has(name)) fail(`case "${name}" appears twice`);
    names.add(name);
    if (!Array.isArray(c.steps) || c.steps.length === 0) fail(`case "${name}" has no steps`);
    const steps = (c.steps as unknown[]).map((s, k): HermitageStep => {
      const ok =
        Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && s[0] >= 1 && typeof s[1] === 'string';
      if (!ok) fail(`case "${name}" step ${k} must be [session >= 1, sql]`);
      const [session, sql] = s as [number, string];
      return { session, sql };
    });
    return { name, steps };
  });
  return { setup: json.setup as string[], levels: json.levels as string[], cases };
}

/**
 * Reads an expected-events file (default: PostgreSQL 15's). Synchronous; throws an Error naming
 * the file when it is unreadable or a value is not a list of strings.
 */
export function loadExpected(
  path: string = join(hermitageDir(), 'expected-postgresql15.json'),
): ExpectedEvents {
  const json = readJson(path);
  const expected = new Map<string, readonly string[]>();
  for (const [key, events] of Object.entries(json)) {
    if (!isStringArray(events)) throw new Error(`${path}: "${key}" must be a list of events`);
    expected.set(key, events);
  }
  return expected;
}

function readJson(path: string): Record<string, unknown> {
  const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${path}: expected a JSON object`);
  }
  return json as Record<string, unknown>;
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
