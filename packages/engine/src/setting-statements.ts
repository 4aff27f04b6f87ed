/**
 * SET, RESET and SHOW: the session's run-time parameters (session-settings.ts). They need no
 * transaction of their own; a SET inside a transaction block is undone if the block aborts.
 */
import type { Catalog, CatalogTransaction } from '@rustydb/catalog';
import { DbError, sqlType } from '@rustydb/common';
import type { Literal, ResetStmt, SetStmt, ShowStmt } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import { isRoleSetting, runRoleSetting } from './role-settings.js';
import type { SessionSettings } from './session-settings.js';
import type { TransactionBlock } from './transaction-block.js';

const text = sqlType('text');

/**
 * SET / RESET / SHOW as the session runs them, at top level or in a DO block or procedure body:
 * role and session_authorization through role-settings.ts (refused inside a SECURITY DEFINER
 * procedure, as PostgreSQL's GUC_NOT_WHILE_SEC_REST), the others by `runSettingStatement`. Sync.
 * @throws DbError 42501, and as those two.
 */
export function runSessionSetting(
  stmt: SetStmt | ResetStmt | ShowStmt,
  block: TransactionBlock,
  catalog: Catalog,
  tx: CatalogTransaction | undefined,
  authenticatedUser: string,
  out: QueryOutput,
): void {
  if (stmt.kind !== 'show' && isRoleSetting(stmt)) {
    if (block.securityDefinerDepth > 0) {
      const name = stmt.name.toLowerCase() === 'role' ? 'role' : 'session_authorization';
      throw new DbError('42501', `cannot set parameter "${name}" within security-definer function`);
    }
    runRoleSetting(stmt, block.settings, catalog, tx, authenticatedUser, out);
    return;
  }
  runSettingStatement(stmt, block.settings, out, block.state !== 'idle');
}

/** Runs SET / RESET / SHOW. Sync work; writes the result to `out`. @throws DbError 42704, 55P02. */
export function runSettingStatement(
  stmt: SetStmt | ResetStmt | ShowStmt,
  settings: SessionSettings,
  out: QueryOutput,
  inTransaction: boolean,
): void {
  switch (stmt.kind) {
    case 'set':
      if (stmt.value === 'default') settings.reset(stmt.name);
      else if (stmt.local && !inTransaction) {
        settings.canonicalName(stmt.name);
        out.notice(
          new DbError('25P01', 'SET LOCAL can only be used in transaction blocks', { severity: 'WARNING' }),
        );
      } else settings.set(stmt.name, formatSettingValue(stmt.value), stmt.local);
      out.commandComplete('SET');
      return;
    case 'reset':
      settings.reset(stmt.name);
      out.commandComplete('RESET');
      return;
    case 'show':
      showSetting(stmt.name, settings, out);
      return;
  }
}

/** `SET x = a, 'b', 3` → `a, b, 3` (PostgreSQL's flattening of a list value). */
function formatSettingValue(values: readonly Literal[]): string {
  return values.map((v) => v.value).join(', ');
}

function showSetting(name: string, settings: SessionSettings, out: QueryOutput): void {
  if (name.toLowerCase() === 'all') {
    out.rowDescription(
      ['name', 'setting', 'description'].map((n) => ({ name: n, type: text, tableOid: 0, columnAttnum: 0 })),
    );
    const all = [...settings.all()].sort(([a], [b]) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    for (const [n, v] of all) out.dataRow([n, v, '']);
    out.commandComplete('SHOW');
    return;
  }
  const canonical = settings.canonicalName(name);
  const value = settings.get(canonical);
  out.rowDescription([{ name: canonical, type: text, tableOid: 0, columnAttnum: 0 }]);
  out.dataRow([value]);
  out.commandComplete('SHOW');
}
