/**
 * DECLARE / FETCH / MOVE / CLOSE from the parse tree.
 */
import { DbError } from '@rustydb/common';
import type { ClosePortalStmt, DeclareCursorStmt, FetchDirection, FetchStmt } from '../ast/index.js';
import type {
  ClosePortalStmtContext,
  DeclareCursorStmtContext,
  FetchDirectionContext,
  FetchStmtContext,
  SignedIconstContext,
} from '../generated/PostgreSqlParser.js';
import { buildSelectStmt } from './build-select.js';
import { loc, nameOf } from './names.js';

export function buildDeclareCursor(ctx: DeclareCursorStmtContext): DeclareCursorStmt {
  let scroll: boolean | undefined;
  let binary = false;
  let sensitivity: string | undefined;
  for (const opt of ctx.cursorOption()) {
    if (opt.BINARY()) binary = true;
    else if (opt.SCROLL()) {
      const value = opt.NO() === null;
      // analyze.c's checks: contradicting options are 42P11, not a syntax error.
      if (scroll !== undefined && scroll !== value) throw bothOptions('SCROLL', 'NO SCROLL');
      scroll = value;
    } else {
      const word = opt.INSENSITIVE() ? 'INSENSITIVE' : 'ASENSITIVE';
      if (sensitivity !== undefined && sensitivity !== word) throw bothOptions('ASENSITIVE', 'INSENSITIVE');
      sensitivity = word;
    }
  }
  const start = loc(ctx);
  return {
    kind: 'declareCursor',
    name: nameOf(ctx.colId()),
    binary,
    insensitive: sensitivity === 'INSENSITIVE',
    scroll,
    hold: ctx.HOLD() !== null && ctx.WITH() !== null,
    query: buildSelectStmt(ctx.selectStmt()),
    location: start,
    length: ctx.stop!.stop + 1 - start,
  };
}

function bothOptions(a: string, b: string): DbError {
  return new DbError('42P11', `cannot specify both ${a} and ${b}`);
}

export function buildFetch(ctx: FetchStmtContext): FetchStmt {
  const dir = ctx.fetchDirection();
  return {
    kind: 'fetch',
    move: ctx.MOVE() !== null,
    direction: dir ? buildDirection(dir) : { kind: 'forward', count: 1 },
    name: nameOf(ctx.colId()),
  };
}

function buildDirection(ctx: FetchDirectionContext): FetchDirection {
  const n = ctx.signedIconst();
  const count = n ? signedInt(n) : undefined;
  if (ctx.PRIOR()) return { kind: 'backward', count: 1 };
  if (ctx.FIRST()) return { kind: 'absolute', count: 1 };
  if (ctx.LAST()) return { kind: 'absolute', count: -1 };
  if (ctx.ABSOLUTE_P()) return { kind: 'absolute', count: count! };
  if (ctx.RELATIVE_P()) return { kind: 'relative', count: count! };
  if (ctx.BACKWARD()) return directed('backward', ctx.ALL() ? 'all' : (count ?? 1));
  if (ctx.FORWARD()) return directed('forward', ctx.ALL() ? 'all' : (count ?? 1));
  if (ctx.ALL()) return { kind: 'forward', count: 'all' };
  // NEXT, or a bare count (a negative one goes backward, as gram.y's SignedIconst case).
  return directed('forward', count ?? 1);
}

/** FORWARD -n is BACKWARD n and the other way round (gram.y keeps the sign; the executor flips it). */
function directed(kind: 'forward' | 'backward', count: number | 'all'): FetchDirection {
  if (count === 'all' || count >= 0) return { kind, count };
  return { kind: kind === 'forward' ? 'backward' : 'forward', count: -count };
}

function signedInt(ctx: SignedIconstContext): number {
  const n = Number(ctx.ICONST().getText());
  return ctx.MINUS() ? -n : n;
}

export function buildClosePortal(ctx: ClosePortalStmtContext): ClosePortalStmt {
  const id = ctx.colId();
  return { kind: 'closePortal', name: id ? nameOf(id) : undefined };
}
