/**
 * CREATE TYPE … AS ENUM, CREATE TYPE … AS (…) and ALTER TYPE from the parse tree. The words ENUM, BEFORE and AFTER are
 * not keywords in our grammar (they arrive as names), so the builder checks them and reports a
 * syntax error at the word, as PostgreSQL's grammar would.
 */
import { DbError, syntaxErrorAt } from '@rustydb/common';
import type { AlterTypeStmt, CreateCompositeTypeStmt, CreateEnumStmt } from '../ast/index.js';
import type { AlterTypeStmtContext, CreateTypeStmtContext } from '../generated/PostgreSqlParser.js';
import { expectWord } from './build-grant.js';
import { roleSpec } from './build-role.js';
import { buildTypeName } from './build-type-name.js';
import { loc, nameOf, objectName } from './names.js';
import { stringValue } from './string-literal.js';

export function buildCreateType(ctx: CreateTypeStmtContext): CreateEnumStmt | CreateCompositeTypeStmt {
  if (ctx.RANGE() !== null) {
    // Only the built-in range types (int4range, numrange, …) exist.
    throw new DbError('0A000', 'user-defined range types are not supported', {
      position: loc(ctx.RANGE()!) + 1,
    });
  }
  if (ctx.colId() === null) {
    return {
      kind: 'createCompositeType',
      name: objectName(ctx.anyName()),
      columns: ctx.tableFuncElement().map((c) => ({
        name: nameOf(c.colId()),
        type: buildTypeName(c.typename()),
        location: loc(c),
      })),
    };
  }
  const word = ctx.colId()!;
  if (nameOf(word) !== 'enum') throw syntaxErrorAt(word.getText(), loc(word) + 1);
  return { kind: 'createEnum', name: objectName(ctx.anyName()), labels: ctx.sconst().map(stringValue) };
}

export function buildAlterType(ctx: AlterTypeStmtContext): AlterTypeStmt {
  const name = objectName(ctx.anyName());
  const strings = ctx.sconst().map(stringValue);
  if (ctx.ADD() !== null) {
    const word = ctx.colId();
    let neighbor: { label: string; after: boolean } | undefined;
    if (word) {
      const w = nameOf(word);
      if (w !== 'before' && w !== 'after') throw syntaxErrorAt(word.getText(), loc(word) + 1);
      neighbor = { label: strings[1]!, after: w === 'after' };
    }
    const ifNotExists = ctx.IF() !== null;
    return {
      kind: 'alterType',
      name,
      action: { kind: 'addValue', label: strings[0]!, ifNotExists, neighbor },
    };
  }
  if (ctx.VALUE() !== null) {
    return { kind: 'alterType', name, action: { kind: 'renameValue', from: strings[0]!, to: strings[1]! } };
  }
  const role = ctx.roleSpec();
  if (role !== null) {
    expectWord(ctx.colId()!, 'owner');
    return { kind: 'alterType', name, action: { kind: 'owner', role: roleSpec(role) } };
  }
  if (ctx.SCHEMA() !== null) {
    return { kind: 'alterType', name, action: { kind: 'setSchema', schema: nameOf(ctx.colId()!) } };
  }
  return { kind: 'alterType', name, action: { kind: 'renameType', to: nameOf(ctx.colId()!) } };
}
