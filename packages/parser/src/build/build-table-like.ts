/**
 * `LIKE source [INCLUDING option | EXCLUDING option]…` in CREATE TABLE (gram.y's
 * TableLikeClause). The options fold left to right into the set PostgreSQL's `options` bitmask
 * holds, so `INCLUDING ALL EXCLUDING INDEXES` is every option but indexes.
 */
import { syntaxErrorAt } from '@rustydb/common';
import type { TableLikeClause, TableLikeOption } from '../ast/index.js';
import type { TableLikeClauseContext } from '../generated/PostgreSqlParser.js';
import { loc, nameOf, objectName } from './names.js';

const ALL_OPTIONS: readonly TableLikeOption[] = [
  'comments',
  'compression',
  'constraints',
  'defaults',
  'generated',
  'identity',
  'indexes',
  'statistics',
  'storage',
];

const isOption = (word: string): word is TableLikeOption => (ALL_OPTIONS as readonly string[]).includes(word);

/** The LIKE clause written after `columnIndex` column definitions. */
export function buildTableLike(ctx: TableLikeClauseContext, columnIndex: number): TableLikeClause {
  const including = new Set<TableLikeOption>();
  for (const o of ctx.tableLikeOption()) {
    const id = o.colId();
    const word = id ? nameOf(id) : 'all';
    if (id && !isOption(word)) throw syntaxErrorAt(id.getText(), loc(id) + 1);
    const words = word === 'all' ? ALL_OPTIONS : [word as TableLikeOption];
    for (const w of words) {
      if (o.INCLUDING()) including.add(w);
      else including.delete(w);
    }
  }
  return {
    table: objectName(ctx.qualifiedName()),
    including: ALL_OPTIONS.filter((o) => including.has(o)),
    columnIndex,
    location: loc(ctx),
  };
}
