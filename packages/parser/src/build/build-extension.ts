/**
 * CREATE EXTENSION from the parse tree. VERSION is not a keyword in our grammar (it arrives as a
 * name), so the builder checks it; a repeated option is 42601 `conflicting or redundant options`
 * as in PostgreSQL's CreateExtension.
 */
import { DbError, syntaxErrorAt } from '@rustydb/common';
import type { CreateExtensionStmt } from '../ast/index.js';
import type {
  CreateExtensionOptionContext,
  CreateExtensionStmtContext,
} from '../generated/PostgreSqlParser.js';
import { loc, nameOf } from './names.js';
import { stringValue } from './string-literal.js';

type Options = { schema?: string; version?: string; cascade?: boolean };

function conflicting(o: CreateExtensionOptionContext): DbError {
  return new DbError('42601', 'conflicting or redundant options', { position: loc(o) + 1 });
}

function addOption(o: CreateExtensionOptionContext, into: Options): void {
  if (o.SCHEMA() !== null) {
    if (into.schema !== undefined) throw conflicting(o);
    into.schema = nameOf(o.colId()!);
    return;
  }
  if (o.CASCADE() !== null) {
    if (into.cascade !== undefined) throw conflicting(o);
    into.cascade = true;
    return;
  }
  const word = o.colId()!;
  if (nameOf(word) !== 'version') throw syntaxErrorAt(word.getText(), loc(word) + 1);
  if (into.version !== undefined) throw conflicting(o);
  const value = o.sconst();
  into.version = value ? stringValue(value) : nameOf(o.nonReservedWord()!);
}

export function buildCreateExtension(ctx: CreateExtensionStmtContext): CreateExtensionStmt {
  const options: Options = {};
  for (const o of ctx.createExtensionOption()) addOption(o, options);
  const name = ctx.colId();
  return {
    kind: 'createExtension',
    name: nameOf(name),
    ifNotExists: ctx.IF() !== null,
    ...(options.schema !== undefined ? { schema: options.schema } : {}),
    ...(options.version !== undefined ? { version: options.version } : {}),
    cascade: options.cascade === true,
    location: loc(name),
  };
}
