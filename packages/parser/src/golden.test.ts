/**
 * Golden tests: every `testdata/*.golden` file is a list of cases
 *
 *   # optional comment lines
 *   SELECT …             (SQL, may span lines; a first line `expr: …` parses an expression)
 *   ---
 *   expected output      (the AST printed by `printAst`, or `error <code> at <pos>: <message>`)
 *
 * separated by blank lines. Run with UPDATE_GOLDEN=1 to rewrite the expected outputs from the
 * current parser; the diff is the review.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbError } from '@rustydb/common';
import { describe, expect, it } from 'vitest';
import { parse, parseExpression } from './index.js';

const dir = join(import.meta.dirname, '..', 'testdata');
const update = process.env.UPDATE_GOLDEN === '1';

interface Case {
  comments: string[];
  input: string;
  expected: string;
}

function readCases(text: string): Case[] {
  return text
    .split(/\n\s*\n/)
    .map((block) => block.replace(/^\n+|\n+$/g, ''))
    .filter((block) => block.length > 0)
    .map((block) => {
      const lines = block.split('\n');
      const comments: string[] = [];
      while (lines.length > 0 && lines[0].startsWith('#')) comments.push(lines.shift()!);
      const sep = lines.indexOf('---');
      if (sep < 0) return { comments, input: lines.join('\n'), expected: '' };
      return { comments, input: lines.slice(0, sep).join('\n'), expected: lines.slice(sep + 1).join('\n') };
    });
}

function writeCases(cases: Case[]): string {
  return `${cases.map((c) => [...c.comments, c.input, '---', c.expected].join('\n')).join('\n\n')}\n`;
}

/** Keys whose value 'default' means "not written" and is left out of the printout. */
const DEFAULTABLE = new Set(['direction', 'nulls', 'materialized', 'exclusion']);

/**
 * A compact one-line rendering of an AST: `kind{field: value, …}`, leaving out locations,
 * false flags, empty lists and unwritten defaults so each line shows what the SQL said.
 */
function printAst(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => printAst(v)).join(', ')}]`;
  if (value === null || typeof value !== 'object') {
    return typeof value === 'string' && !/^[a-z_][a-z0-9_]*$/i.test(value)
      ? JSON.stringify(value)
      : String(value);
  }
  const obj = value as Record<string, unknown>;
  const fields = Object.entries(obj)
    .filter(([k, v]) => {
      if (k === 'kind' || k === 'location') return false;
      if (v === false || v === undefined || (Array.isArray(v) && v.length === 0)) return false;
      if (v === 'default' && DEFAULTABLE.has(k)) return false;
      if (k === 'exclusion' && v === 'noOthers') return false;
      return true;
    })
    .map(([k, v]) => `${k}: ${printAst(v)}`);
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  return `${kind}{${fields.join(', ')}}`;
}

function run(input: string): string {
  try {
    if (input.startsWith('expr: ')) return printAst(parseExpression(input.slice(6)));
    return parse(input)
      .map((s) => printAst(s.stmt))
      .join('\n');
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    return `error ${err.code} at ${err.fields.position ?? '-'}: ${err.message}`;
  }
}

const files = readdirSync(dir).filter((f) => f.endsWith('.golden'));

for (const file of files) {
  describe(file, () => {
    const path = join(dir, file);
    const cases = readCases(readFileSync(path, 'utf8'));
    if (update) {
      it('updates the golden file', () => {
        writeFileSync(path, writeCases(cases.map((c) => ({ ...c, expected: run(c.input) }))));
      });
      return;
    }
    for (const c of cases) {
      it(c.comments[0]?.slice(1).trim() || c.input.split('\n')[0], () => {
        expect(run(c.input)).toBe(c.expected);
      });
    }
  });
}
