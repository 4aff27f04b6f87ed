/**
 * SET, RESET and SHOW: the session's run-time parameters (session-settings.ts). They need no
 * transaction of their own; a SET inside a transaction block is undone if the block aborts.
 */
import { DbError, sqlType } from '@rustydb/common';
import type { Literal, ResetStmt, SetStmt, ShowStmt } from '@rustydb/parser';
import type { QueryOutput } from '@rustydb/protocol';
import type { SessionSettings } from './session-settings.js';

const text = sqlType('text');

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
