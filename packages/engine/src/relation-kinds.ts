/**
 * How statements name a relation's kind in messages. A materialized view is a `table` entry to
 * the catalog (it is stored like one) but a kind of its own to the user: `"m" is not a table`,
 * `Use DROP MATERIALIZED VIEW to remove a materialized view.`
 */
import type { RelationEntry } from '@rustydb/catalog';

export type ObjectKind = 'table' | 'index' | 'view' | 'materializedView' | 'sequence';

/** The kind a statement sees `entry` as. */
export const objectKindOf = (entry: RelationEntry): ObjectKind =>
  entry.kind === 'table' && entry.def.matview ? 'materializedView' : entry.kind;

/** `"x" is not a table`: the article and the kind. */
export const KIND_WORDS: Readonly<Record<ObjectKind, string>> = {
  table: 'a table',
  index: 'an index',
  view: 'a view',
  materializedView: 'a materialized view',
  sequence: 'a sequence',
};

/** The kind as written in statements (`DROP MATERIALIZED VIEW`). */
export const KIND_KEYWORDS: Readonly<Record<ObjectKind, string>> = {
  table: 'TABLE',
  index: 'INDEX',
  view: 'VIEW',
  materializedView: 'MATERIALIZED VIEW',
  sequence: 'SEQUENCE',
};

/** `This operation is not supported for materialized views.` */
export const KIND_PLURALS: Readonly<Record<ObjectKind, string>> = {
  table: 'tables',
  index: 'indexes',
  view: 'views',
  materializedView: 'materialized views',
  sequence: 'sequences',
};
