/**
 * Scoring: turns file results into pass counts, reports and a ratchet verdict.
 *
 * Which records count:
 *   - with an agreed list (`postgresql-agreed.json`: file key → header line numbers that
 *     PostgreSQL 15 answers as the corpus expects), exactly the listed records of each file. A
 *     listed record that did not pass (failed, skipped, never ran) counts as failed; records not
 *     listed, and files not in the list, do not count. Every record still ran.
 *   - without one, every record that ran (pass or fail); skipped records do not count.
 *
 * Report JSON (`--report`):
 *   { "total": { "passed", "failed", "scored", "passRate" },
 *     "files": { "<key>": { "passed", "failed", "failures": [{ "line", "reason" }],
 *                           "error"?, "lostAtLine"?, "durationMs" } } }
 * Ratchet JSON (`--ratchet`): { "minPassRate": 0.0-1.0, "minPassed": N }.
 */
import { readFileSync } from 'node:fs';
import type { FileResult } from './runner.js';

/** File key → header line numbers of the records that count. */
export type AgreedList = ReadonlyMap<string, ReadonlySet<number>>;

/** One failing scored record. */
export interface Failure {
  readonly line: number;
  readonly reason: string;
}

/** The score of one file. */
export interface FileScore {
  readonly key: string;
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly Failure[];
  readonly error?: string;
  readonly lostAtLine?: number;
  readonly durationMs: number;
}

/** The score of a run. `passRate` is passed/scored, 1 when nothing was scored. */
export interface Score {
  readonly files: readonly FileScore[];
  readonly passed: number;
  readonly failed: number;
  readonly scored: number;
  readonly passRate: number;
}

/** Minimums a run must reach. */
export interface Ratchet {
  readonly minPassRate: number;
  readonly minPassed: number;
}

/**
 * Reads an agreed list (`{ "<key>": [line, ...] }`). Synchronous; throws on unreadable or
 * malformed JSON.
 */
export function loadAgreedList(path: string): AgreedList {
  const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${path}: expected an object of file → line numbers`);
  }
  const agreed = new Map<string, Set<number>>();
  for (const [key, lines] of Object.entries(json)) {
    if (!Array.isArray(lines) || !lines.every((n) => Number.isInteger(n))) {
      throw new Error(`${path}: "${key}" must be a list of line numbers`);
    }
    agreed.set(key, new Set(lines as number[]));
  }
  return agreed;
}

/**
 * Reads a ratchet file. Synchronous; throws on unreadable JSON or values out of range.
 */
export function loadRatchet(path: string): Ratchet {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<Ratchet>;
  const minPassRate = json.minPassRate ?? 0;
  const minPassed = json.minPassed ?? 0;
  if (typeof minPassRate !== 'number' || minPassRate < 0 || minPassRate > 1) {
    throw new Error(`${path}: minPassRate must be a number from 0 to 1`);
  }
  if (!Number.isInteger(minPassed) || minPassed < 0) {
    throw new Error(`${path}: minPassed must be a non-negative integer`);
  }
  return { minPassRate, minPassed };
}

/** Scores file results; `keyOf` names each file as the agreed list does. Pure. */
export function scoreResults(
  results: readonly FileResult[],
  keyOf: (path: string) => string,
  agreed?: AgreedList,
): Score {
  const files = results.map((r) => scoreFile(r, keyOf(r.path), agreed));
  const passed = files.reduce((n, f) => n + f.passed, 0);
  const failed = files.reduce((n, f) => n + f.failed, 0);
  const scored = passed + failed;
  return { files, passed, failed, scored, passRate: scored === 0 ? 1 : passed / scored };
}

function scoreFile(result: FileResult, key: string, agreed: AgreedList | undefined): FileScore {
  const failures: Failure[] = [];
  let passed = 0;
  if (agreed === undefined) {
    for (const r of result.records) {
      if (r.outcome === 'pass') passed++;
      else if (r.outcome === 'fail') failures.push({ line: r.line, reason: r.reason ?? 'failed' });
    }
  } else {
    const byLine = new Map(result.records.map((r) => [r.line, r]));
    const lines = [...(agreed.get(key) ?? [])].sort((a, b) => a - b);
    for (const line of lines) {
      const r = byLine.get(line);
      if (r?.outcome === 'pass') passed++;
      else failures.push({ line, reason: missedReason(r, result) });
    }
  }
  return {
    key,
    passed,
    failed: failures.length,
    failures,
    ...(result.error !== undefined ? { error: result.error } : {}),
    ...(result.lost !== undefined ? { lostAtLine: result.lost.line } : {}),
    durationMs: Math.round(result.durationMs),
  };
}

function missedReason(record: FileResult['records'][number] | undefined, file: FileResult): string {
  if (record === undefined) return file.error !== undefined ? `not run: ${file.error}` : 'not run';
  if (record.outcome === 'skip') return 'skipped by skipif/onlyif';
  return record.reason ?? 'failed';
}

/** `12/20 (60.0%)`. */
function ratio(passed: number, scored: number): string {
  const pct = scored === 0 ? 100 : (100 * passed) / scored;
  return `${passed}/${scored} (${pct.toFixed(1)}%)`;
}

/** The per-file line the CLI prints: `key: passed/scored (x%)`, plus any file-level problem. */
export function formatFileLine(file: FileScore): string {
  let line = `${file.key}: ${ratio(file.passed, file.passed + file.failed)}`;
  if (file.error !== undefined) line += ` [${file.error}]`;
  if (file.lostAtLine !== undefined) line += ` [session lost at line ${file.lostAtLine}]`;
  return line;
}

/** The total line: `total: passed/scored (x%)`. */
export function formatTotalLine(score: Score): string {
  return `total: ${ratio(score.passed, score.scored)}`;
}

/** The JSON report object described above. */
export function reportJson(score: Score): object {
  const files: Record<string, object> = {};
  for (const f of score.files) {
    files[f.key] = {
      passed: f.passed,
      failed: f.failed,
      failures: f.failures,
      ...(f.error !== undefined ? { error: f.error } : {}),
      ...(f.lostAtLine !== undefined ? { lostAtLine: f.lostAtLine } : {}),
      durationMs: f.durationMs,
    };
  }
  const { passed, failed, scored, passRate } = score;
  return { total: { passed, failed, scored, passRate }, files };
}

/** Every scored record still failing, one `key:line reason` per line. */
export function failureList(score: Score): string {
  const lines: string[] = [];
  for (const f of score.files) for (const x of f.failures) lines.push(`${f.key}:${x.line} ${x.reason}`);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** What the run falls short of, one sentence each; empty when the ratchet holds. Pure. */
export function checkRatchet(score: Score, ratchet: Ratchet): string[] {
  const problems: string[] = [];
  if (score.passRate < ratchet.minPassRate) {
    problems.push(`pass rate ${score.passRate.toFixed(4)} is below the ratchet's ${ratchet.minPassRate}`);
  }
  if (score.passed < ratchet.minPassed) {
    problems.push(`${score.passed} passed is below the ratchet's ${ratchet.minPassed}`);
  }
  return problems;
}
