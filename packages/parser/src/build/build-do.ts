/**
 * DO from the parse tree: the body and the language among its options (gram.y's DoStmt and
 * ExecuteDoStmt's checks).
 */
import { DbError, syntaxErrorAt } from '@rustydb/common';
import type { DoStmt } from '../ast/index.js';
import type { DoStmtContext } from '../generated/PostgreSqlParser.js';
import { loc, nameOf } from './names.js';
import { stringValue } from './string-literal.js';

/**
 * `DO` with its options: exactly one body, at most one `LANGUAGE`. @throws DbError 42601 for a
 * repeated option or a missing body, or a word other than LANGUAGE.
 */
export function buildDo(ctx: DoStmtContext): DoStmt {
  let body: string | undefined;
  let language: string | undefined;
  for (const option of ctx.doOption()) {
    const word = option.colId();
    if (word === null) {
      if (body !== undefined) throw redundantOptions();
      body = stringValue(option.sconst()!);
      continue;
    }
    if (nameOf(word) !== 'language') throw syntaxErrorAt(word.getText(), loc(word) + 1);
    if (language !== undefined) throw redundantOptions();
    const value = option.nonReservedWord();
    language = value ? nameOf(value) : stringValue(option.sconst()!);
  }
  if (body === undefined) throw new DbError('42601', 'no inline code specified');
  return { kind: 'do', body, language: language ?? 'plpgsql', location: loc(ctx) };
}

function redundantOptions(): DbError {
  return new DbError('42601', 'conflicting or redundant options');
}
