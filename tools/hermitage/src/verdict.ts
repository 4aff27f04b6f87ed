/**
 * Verdicts: a run's events against the expected sequence, the allow list CI ratchets with, and
 * the text and JSON a run prints.
 *
 * Allow list (`--allow-failures FILE`): one case key per line (`G0 write cycles @ read committed`),
 * blank lines and `#` comments ignored. A listed key that fails does not fail the run; a listed
 * key that passes does (it must leave the list, so the list only ever shrinks).
 *
 * Report JSON (`--report FILE`):
 *   { "total": { "passed", "failed", "allowed" },
 *     "cases": { "<key>": { "passed", "allowed", "durationMs", "events", "expected"? } } }
 */
import { readFileSync } from 'node:fs';
import type { ExpectedEvents } from './cases.js';
import { diffEvents } from './diff-events.js';
import type { CaseRun } from './runner.js';

/** One run, judged. `expected` is undefined when the expected file has no such key. */
export interface CaseVerdict {
  readonly run: CaseRun;
  readonly expected: readonly string[] | undefined;
  readonly passed: boolean;
  /** Failed, but the allow list names it. */
  readonly allowed: boolean;
}

/** Compares a run with its expected sequence (exact, line by line). Pure. */
export function judge(run: CaseRun, expected: ExpectedEvents, allowList: ReadonlySet<string>): CaseVerdict {
  const want = expected.get(run.key);
  const passed =
    want !== undefined && want.length === run.events.length && want.every((e, i) => e === run.events[i]);
  return { run, expected: want, passed, allowed: !passed && allowList.has(run.key) };
}

/** Reads an allow list (see the file comment). Synchronous; throws when unreadable. */
export function loadAllowList(path: string): Set<string> {
  const keys = new Set<string>();
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) keys.add(line);
  }
  return keys;
}

/**
 * The lines printed for one verdict: `PASS key (T ms)`, or `FAIL key` (`FAIL (allowed) key`)
 * followed by the indented diff of expected (-) against actual (+) events. Pure.
 */
export function formatVerdict(verdict: CaseVerdict): string[] {
  const { run, expected, passed, allowed } = verdict;
  const time = `(${Math.round(run.durationMs)} ms)`;
  if (passed) return [`PASS ${run.key} ${time}`];
  const head = `FAIL${allowed ? ' (allowed)' : ''} ${run.key} ${time}`;
  if (expected === undefined) return [head, `    no expected events for "${run.key}"`];
  return [head, ...diffEvents(expected, run.events).map((line) => `    ${line}`)];
}

/** `hermitage: N passed, M failed`, plus `(K allowed)` when some failures are allowed. Pure. */
export function formatTotal(verdicts: readonly CaseVerdict[]): string {
  const passed = verdicts.filter((v) => v.passed).length;
  const allowed = verdicts.filter((v) => v.allowed).length;
  const line = `hermitage: ${passed} passed, ${verdicts.length - passed} failed`;
  return allowed > 0 ? `${line} (${allowed} allowed)` : line;
}

/** Keys on the allow list that ran and passed: the list must drop them. Pure. */
export function nowPassing(verdicts: readonly CaseVerdict[], allowList: ReadonlySet<string>): string[] {
  return verdicts.filter((v) => v.passed && allowList.has(v.run.key)).map((v) => v.run.key);
}

/** The report JSON (see the file comment) as a value ready for `JSON.stringify`. Pure. */
export function reportJson(verdicts: readonly CaseVerdict[]): unknown {
  const cases: Record<string, unknown> = {};
  for (const { run, expected, passed, allowed } of verdicts) {
    cases[run.key] = {
      passed,
      allowed,
      durationMs: Math.round(run.durationMs),
      events: run.events,
      ...(passed ? {} : { expected }),
    };
  }
  const passed = verdicts.filter((v) => v.passed).length;
  return {
    total: {
      passed,
      failed: verdicts.length - passed,
      allowed: verdicts.filter((v) => v.allowed).length,
    },
    cases,
  };
}
