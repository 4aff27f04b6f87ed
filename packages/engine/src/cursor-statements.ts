/**
 * DECLARE, FETCH / MOVE and CLOSE as statements: the checks PostgreSQL makes around a cursor
 * (transaction block, names, options) and the result each sends. The cursor itself is
 * sql-cursor.ts; the session's cursors are a CursorTable the transaction block owns.
 */
import { DbError } from '@rustydb/common';
import type { ClosePortalStmt, DeclareCursorStmt, FetchStmt } from '@rustydb/parser';
import { hasDataModifyingWith, outputColumns } from '@rustydb/planner';
import { checkBinaryFormat, type FieldDescription } from '@rustydb/protocol';
import { lockPlan } from './plan-locks.js';
import { planStatement } from './planned-statement.js';
import { RowCursor } from './row-cursor.js';
import { pgNow } from './session-catalog-info.js';
import { SqlCursor } from './sql-cursor.js';
import type { StatementContext } from './statement-context.js';
import type { TransactionBlock } from './transaction-block.js';

/**
 * DECLARE: plans the query, takes its relation locks, opens its executor and keeps the
 * statement's snapshot for the cursor's reads. Async (a lock may wait).
 * @throws DbError 25P01 outside a transaction block without HOLD, 42P03 for a name in use,
 * 0A000 for SCROLL or WITH HOLD with FOR UPDATE/SHARE, the planner's errors.
 */
export async function runDeclareCursor(
  stmt: DeclareCursorStmt,
  ctx: StatementContext,
  block: TransactionBlock,
): Promise<void> {
  // RequireTransactionBlock: an implicit block (several statements in one message) counts.
  if (!stmt.hold && block.state === 'idle') {
    throw new DbError('25P01', 'DECLARE CURSOR can only be used in transaction blocks');
  }
  if (block.cursors.has(stmt.name) || block.portals.has(stmt.name)) {
    throw new DbError('42P03', `cursor "${stmt.name}" already exists`);
  }
  checkCursorQuery(stmt);
  let planned = planStatement(stmt.query, ctx);
  let exec = ctx.execution(planned.params);
  const locking = lockPlan(planned, ctx, exec, (c, query) => planStatement(query, c), stmt.query);
  if (locking !== undefined) {
    planned = await locking;
    exec = ctx.execution(planned.params);
  }
  const tx = ctx.tx;
  const snapshot = tx.snapshot;
  tx.pinSnapshot(snapshot);
  exec.checkPrivileges?.(planned.physical);
  const open = () => new RowCursor(planned.physical, exec);
  const options = {
    statement: ctx.sql.slice(stmt.location, stmt.location + stmt.length),
    scroll: stmt.scroll === true,
    hold: stmt.hold,
    binary: stmt.binary,
    creationTime: pgNow(),
  };
  const fields = cursorFields(outputColumns(planned.logical), stmt.binary);
  block.cursors.set(
    stmt.name,
    new SqlCursor(stmt.name, options, fields, { open, tx, snapshot, cid: tx.cid }),
  );
  ctx.out.commandComplete('DECLARE CURSOR');
}

/**
 * analyze.c's transformDeclareCursorStmt, which EXPLAIN DECLARE goes through too: no
 * data-modifying WITH, and a FOR UPDATE/SHARE cursor must not hold, scroll, nor be INSENSITIVE.
 * Sync. @throws DbError 0A000.
 */
export function checkCursorQuery(stmt: DeclareCursorStmt): void {
  const query = stmt.query;
  if (hasDataModifyingWith(query)) {
    throw new DbError('0A000', 'DECLARE CURSOR must not contain data-modifying statements in WITH');
  }
  if (query.kind !== 'select' || query.locking.length === 0) return;
  const [what, kind] = stmt.hold
    ? ['CURSOR WITH HOLD', 'Holdable']
    : stmt.scroll === true
      ? ['SCROLL CURSOR', 'Scrollable']
      : stmt.insensitive
        ? ['INSENSITIVE CURSOR', 'Insensitive']
        : [];
  if (what === undefined) return;
  throw new DbError(
    '0A000',
    `DECLARE ${what} ... ${LOCKING_WORDS[query.locking[0]!.strength]} is not supported`,
    {
      detail: `${kind} cursors must be READ ONLY.`,
    },
  );
}

const LOCKING_WORDS = {
  update: 'FOR UPDATE',
  noKeyUpdate: 'FOR NO KEY UPDATE',
  share: 'FOR SHARE',
  keyShare: 'FOR KEY SHARE',
} as const;

/** Result columns in the cursor's format: text, or binary for a BINARY cursor. */
function cursorFields(columns: readonly FieldDescription[], binary: boolean): readonly FieldDescription[] {
  if (!binary) return columns;
  return columns.map((c) => {
    checkBinaryFormat(c.type);
    return { ...c, format: 1 };
  });
}

/**
 * FETCH (rows and tag `FETCH n`) or MOVE (tag `MOVE n`). Async.
 * @throws DbError 34000 for an unknown cursor, 55000 for a backward move without SCROLL.
 */
export async function runFetch(
  stmt: FetchStmt,
  ctx: StatementContext,
  block: TransactionBlock,
): Promise<void> {
  const cursor = block.cursors.get(stmt.name);
  if (cursor === undefined) throw new DbError('34000', `cursor "${stmt.name}" does not exist`);
  const out = ctx.out;
  if (stmt.move) {
    const n = await cursor.fetch(stmt.direction, undefined);
    out.commandComplete(`MOVE ${n}`);
    return;
  }
  const text = ctx.settings.textOutput();
  out.rowDescription(cursor.fields, text.timeZone, text.extraFloatDigits, text.dateTimeStyle);
  const n = await cursor.fetch(stmt.direction, out);
  out.commandComplete(`FETCH ${n}`);
}

/** CLOSE name | ALL. Sync. @throws DbError 34000 for an unknown cursor. */
export function runClosePortal(stmt: ClosePortalStmt, ctx: StatementContext, block: TransactionBlock): void {
  if (stmt.name === undefined) {
    block.cursors.closeAll();
    ctx.out.commandComplete('CLOSE CURSOR ALL');
    return;
  }
  if (!block.cursors.close(stmt.name)) throw new DbError('34000', `cursor "${stmt.name}" does not exist`);
  ctx.out.commandComplete('CLOSE CURSOR');
}
