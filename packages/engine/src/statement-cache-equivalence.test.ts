/**
 * The statement cache's equivalence proof on real SQL: every record of the engine's and the
 * executor's testdata/*.slt files runs on two databases in lockstep — one with the cache off
 * (every statement parsed and planned), one where, before each SELECT / VALUES / INSERT / UPDATE
 * / DELETE, the cache was taught the same shape with other literal values (or, failing that, the
 * same text). Results (command tag, columns, rows, notices) and errors (SQLSTATE, message,
 * position, detail) must be identical. The expected answers in the files are not checked here
 * (slt.test.ts and the executor's own runner do that); only cold == cached is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DbError, formatText } from '@rustydb/common';
import { optimize } from '@rustydb/optimizer';
import { parse } from '@rustydb/parser';
import { bindStatementWithParams } from '@rustydb/planner';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import type { EmbeddedSession } from './embedded-session.js';
import { parameterizeLiterals } from './literal-params.js';
import { searchPathOf } from './search-path.js';
import { type StatementShape, statementShape } from './statement-shape.js';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';

const ENGINE = join(import.meta.dirname, '..', 'testdata');
const EXECUTOR = join(import.meta.dirname, '..', '..', 'executor', 'testdata');
const files = [ENGINE, EXECUTOR].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.slt'))
    .map((f) => join(dir, f)),
);

const PLANNED = new Set(['select', 'values', 'setOp', 'insert', 'update', 'delete']);

/** The SQL of each record (statement or query) of an .slt file, in order. */
function records(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const head = lines[i]!;
    if (!head.startsWith('statement') && !head.startsWith('query')) continue;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '' && lines[i] !== '----'; i++) body.push(lines[i]!);
    out.push(body.join('\n'));
    while (i < lines.length && lines[i]!.trim() !== '') i++;
  }
  return out;
}

/** Everything a client could observe of one statement. */
async function outcome(session: EmbeddedSession, sql: string): Promise<unknown> {
  try {
    const r = await session.query(sql);
    return {
      command: r.command,
      fields: r.fields.map((f) => `${f.name}:${f.type.name}(${f.type.typmod})`),
      rows: r.rows.map((row) => row.map((v, i) => (v === null ? null : formatText(v, r.fields[i]!.type)))),
      notices: r.notices.map((n) => `${n.code} ${n.message}`),
    };
  } catch (err) {
    if (!(err instanceof DbError)) throw err;
    // An internal error's message may print the plan, whose constants are parameters when cached.
    if (err.code === 'XX000') return { error: err.code };
    const { position, detail, hint } = err.fields;
    return { error: err.code, message: err.message, position, detail, hint };
  }
}

/** `sql` with each parameterizable literal changed to another value of its class. */
function withOtherLiterals(sql: string, shape: StatementShape, slots: readonly number[]): string {
  let out = '';
  let at = 0;
  for (const i of [...slots].sort((a, b) => shape.slots[a]!.start - shape.slots[b]!.start)) {
    const slot = shape.slots[i]!;
    out += sql.slice(at, slot.start) + otherLiteral(slot.cls, slot.text);
    at = slot.start + slot.text.length;
  }
  return out + sql.slice(at);
}

function otherLiteral(cls: string, text: string): string {
  switch (cls) {
    case 'int4':
      return text === '2147483647' ? '2147483646' : String(Number(text) + 1);
    case 'int8':
    case 'bigint':
      return text.endsWith('9') ? `${text.slice(0, -1)}8` : `${text.slice(0, -1)}${Number(text.at(-1)) + 1}`;
    case 'decimal':
      return /^\d+\.\d+$/.test(text) ? `${text}7` : text;
    default: {
      const body = text.slice(1, -1);
      if (/^\d{1,9}$/.test(body)) return `'${Number(body) + 1}'`;
      if (/^[a-z]+$/i.test(body)) return `'${body}x'`;
      return text;
    }
  }
}

/**
 * Teaches `db`'s session the plan of `sql`'s shape with other literal values (else with the
 * same), as a miss would. Binder errors leave the cache as it was. Sync.
 */
function teach(db: Database, session: EmbeddedSession, sql: string): void {
  const shape = statementShape(sql);
  if (shape === undefined || session.transactionStatus() === 'E') return;
  let stmt: ReturnType<typeof parse>[number]['stmt'];
  try {
    const parsed = parse(sql);
    if (parsed.length !== 1) return;
    stmt = parsed[0]!.stmt;
  } catch (err) {
    if (err instanceof DbError) return;
    throw err;
  }
  if (!PLANNED.has(stmt.kind)) return;
  const slots = parameterizeLiterals(stmt, shape, sql, 0).literals.map((l) => l.slot);
  const engine = session.session;
  const catalog = db.catalog.reader(undefined, searchPathOf(engine.settings, engine.processId));
  for (const text of [withOtherLiterals(sql, shape, slots), sql]) {
    const other = statementShape(text);
    if (other?.key !== shape.key) continue;
    try {
      const otherStmt = parse(text)[0]!.stmt;
      const planLiteral = (s: typeof otherStmt) => {
        const bound = bindStatementWithParams(s, { catalog, sql: text });
        const physical = optimize(bound.plan, { catalog, settings: engine.settings.all() });
        return { logical: bound.plan, physical, paramTypes: bound.paramTypes };
      };
      // The session plans the statement first: its errors leave the cache as it was.
      planLiteral(otherStmt);
      engine.statementCache.learn(other, text, otherStmt, planLiteral, undefined, catalog, engine.settings);
      return;
    } catch (err) {
      if (!(err instanceof DbError)) throw err;
    }
  }
}

describe('statement cache: cold and cached runs of the slt files agree', () => {
  let planned = 0;
  let hits = 0;
  let ran = 0;
  afterAll(() => {
    // The proof must have had something to prove: most query/DML statements hit the cache.
    if (ran < files.length) return; // a filtered run
    expect(planned).toBeGreaterThan(500);
    expect(hits / planned).toBeGreaterThan(0.4);
  });

  for (const path of files) {
    it(path.split('/').slice(-3).join('/'), async () => {
      const coldDir = makeTempDir();
      const hotDir = makeTempDir();
      const cold = await openTestDatabase(coldDir, { statementCacheSize: 0, autovacuum: false });
      const hot = await openTestDatabase(hotDir, { autovacuum: false });
      try {
        const c = cold.connect();
        const h = hot.connect();
        const mismatches: string[] = [];
        for (const sql of records(path)) {
          const before = h.session.statementCache.hits;
          teach(hot, h, sql);
          const expected = await outcome(c, sql);
          const actual = await outcome(h, sql);
          if (h.session.statementCache.hits > before) hits++;
          if (statementShape(sql) !== undefined) planned++;
          try {
            expect(actual).toEqual(expected);
          } catch {
            mismatches.push(
              `${sql}\n  cold:   ${JSON.stringify(expected)}\n  cached: ${JSON.stringify(actual)}`,
            );
          }
        }
        await c.close();
        await h.close();
        expect(mismatches.join('\n\n')).toBe('');
        ran++;
      } finally {
        await cold.close();
        await hot.close();
        removeDir(coldDir);
        removeDir(hotDir);
      }
    });
  }
});
