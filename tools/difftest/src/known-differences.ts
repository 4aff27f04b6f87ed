/**
 * The list of statements RustyDB is known to answer differently from PostgreSQL 15, because the
 * cause lies in a part not fixed yet. One entry a line:
 *
 *   joins.sql:42 merge join loses NULL keys (executor)
 *
 * `#` starts a comment; blank lines are ignored. The list is a ratchet: a listed statement that
 * now agrees is reported as stale, and the test fails until the line is removed, so the list only
 * shrinks.
 */
import { readFileSync } from 'node:fs';

/** Known differences by key (`file:statement`), with the reason given in the list. */
export type KnownDifferences = ReadonlyMap<string, string>;

/** The key of a statement in reports and lists: `joins.sql:42`. */
export function statementKey(file: string, index: number): string {
  return `${file}:${index}`;
}

/** Parses the list's text. Pure; throws an Error naming the line on a malformed entry. */
export function parseKnownDifferences(text: string): KnownDifferences {
  const known = new Map<string, string>();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const match = /^(\S+\.sql:\d+)(?:\s+(.*))?$/.exec(line);
    if (match === null) throw new Error(`known differences line ${i + 1}: expected "file.sql:N reason"`);
    if (known.has(match[1])) throw new Error(`known differences line ${i + 1}: ${match[1]} listed twice`);
    known.set(match[1], match[2] ?? '');
  }
  return known;
}

/** Reads the list from a file. Sync; throws on I/O errors and malformed lines. */
export function loadKnownDifferences(path: string): KnownDifferences {
  return parseKnownDifferences(readFileSync(path, 'utf8'));
}

/** The list that ships with this package: `tools/difftest/known-differences.txt`. */
export const knownDifferencesFile: string = new URL('../known-differences.txt', import.meta.url).pathname;
