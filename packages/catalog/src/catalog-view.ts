/**
 * CatalogView: the definitions one snapshot of the system relations holds, assembled into the
 * frozen `TableDef` / `IndexDef` / `ConstraintDef` shapes the planner reads. A view is immutable;
 * the catalog builds a new one whenever what it saw may have changed.
 *
 * It also remembers where each definition's system rows live (their tids), so that DROP can set
 * their xmax.
 */
import { type Oid, type SqlType, type Tid, type TypeName, sqlType } from '@rustydb/common';
import type { CatalogReader, ColumnDef, ConstraintDef, IndexDef, TableDef } from './catalog-reader.js';
import type { AttributeRow, ConstraintRow, IndexRow, RelationRow, SystemTable } from './system-tables.js';

/** The schemas that exist: only `public` holds user objects; `pg_catalog` is reserved. */
export const SCHEMAS = ['pg_catalog', 'public'] as const;
/** Where an unqualified name is looked up (search_path `"$user", public` with no user schemas). */
export const DEFAULT_SCHEMA = 'public';

/** A system row and the tid of its version. */
export interface Located<T> {
  readonly tid: Tid;
  readonly row: T;
}

/** Every visible row of every system relation. */
export interface SystemSnapshot {
  readonly relation: readonly Located<RelationRow>[];
  readonly attribute: readonly Located<AttributeRow>[];
  readonly index: readonly Located<IndexRow>[];
  readonly constraint: readonly Located<ConstraintRow>[];
}

/** Where a relation's rows are, per system relation: what DROP marks deleted. */
export type RowLocations = ReadonlyArray<{ readonly table: SystemTable; readonly tid: Tid }>;

/** A relation of either kind, as name lookups see them (tables and indexes share a namespace). */
export type RelationEntry =
  | { readonly kind: 'table'; readonly def: TableDef }
  | { readonly kind: 'index'; readonly def: IndexDef; readonly table: TableDef };

const qualified = (schema: string, name: string): string => `${schema}.${name}`;

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class CatalogView implements CatalogReader {
  readonly #tables = new Map<number, TableDef>();
  readonly #indexes = new Map<number, { def: IndexDef; table: TableDef }>();
  readonly #byName = new Map<string, RelationEntry>();
  readonly #constraintNames = new Set<string>();
  readonly #rows = new Map<number, Array<{ table: SystemTable; tid: Tid }>>();

  constructor(snapshot: SystemSnapshot) {
    const note = (owner: number, table: SystemTable, tid: Tid) => {
      appendTo(this.#rows, owner, { table, tid });
    };
    const columns = new Map<number, ColumnDef[]>();
    for (const { tid, row } of snapshot.attribute) {
      note(row.relation, 'attribute', tid);
      appendTo(
        columns,
        row.relation,
        Object.freeze({
          attnum: row.attnum,
          name: row.name,
          type: sqlType(row.type as TypeName, row.typmod) as SqlType,
          notNull: row.notNull,
          ...(row.defaultSql === null ? {} : { defaultSql: row.defaultSql }),
        }),
      );
    }
    const indexRows = new Map<number, IndexRow>();
    for (const { tid, row } of snapshot.index) {
      note(row.index, 'index', tid);
      indexRows.set(row.index, row);
    }
    const constraints = new Map<number, ConstraintDef[]>();
    for (const { tid, row } of snapshot.constraint) {
      note(row.oid, 'constraint', tid);
      appendTo(
        constraints,
        row.table,
        Object.freeze({
          oid: row.oid as Oid,
          name: row.name,
          kind: row.kind,
          columns: Object.freeze([...row.columns]),
          ...(row.index === null ? {} : { index: row.index as Oid }),
        }),
      );
    }
    const relations = new Map<number, RelationRow>();
    for (const { tid, row } of snapshot.relation) {
      note(row.oid, 'relation', tid);
      relations.set(row.oid, row);
    }
    const indexesByTable = new Map<number, IndexDef[]>();
    for (const rel of relations.values()) {
      if (rel.kind !== 'i') continue;
      const ix = indexRows.get(rel.oid);
      if (!ix) continue;
      appendTo(
        indexesByTable,
        ix.table,
        Object.freeze({
          oid: rel.oid as Oid,
          name: rel.name,
          table: ix.table as Oid,
          file: rel.file as IndexDef['file'],
          method: rel.method,
          columns: Object.freeze([...ix.columns]),
          descending: Object.freeze([...ix.descending]),
          unique: ix.unique,
          primary: ix.primary,
        }),
      );
    }
    for (const rel of relations.values()) {
      if (rel.kind !== 'r') continue;
      const byOid = (a: { oid: Oid }, b: { oid: Oid }) => a.oid - b.oid;
      const def: TableDef = Object.freeze({
        oid: rel.oid as Oid,
        schema: rel.schema,
        name: rel.name,
        method: rel.method,
        file: rel.file as TableDef['file'],
        columns: Object.freeze((columns.get(rel.oid) ?? []).sort((a, b) => a.attnum - b.attnum)),
        indexes: Object.freeze((indexesByTable.get(rel.oid) ?? []).sort(byOid)),
        constraints: Object.freeze((constraints.get(rel.oid) ?? []).sort(byOid)),
      });
      this.#tables.set(rel.oid, def);
      this.#byName.set(qualified(rel.schema, rel.name), { kind: 'table', def });
      for (const c of def.constraints) this.#constraintNames.add(qualified(rel.schema, c.name));
      for (const ix of def.indexes) {
        this.#indexes.set(ix.oid, { def: ix, table: def });
        this.#byName.set(qualified(rel.schema, ix.name), { kind: 'index', def: ix, table: def });
      }
    }
  }

  table(name: string, schema?: string): TableDef | undefined {
    const entry = this.relation(name, schema);
    return entry?.kind === 'table' ? entry.def : undefined;
  }

  tableByOid(oid: Oid): TableDef | undefined {
    return this.#tables.get(oid);
  }

  tables(): readonly TableDef[] {
    return [...this.#tables.values()];
  }

  /** A table or an index by name; `schema` undefined searches the search path (`public`). */
  relation(name: string, schema?: string): RelationEntry | undefined {
    return this.#byName.get(qualified(schema ?? DEFAULT_SCHEMA, name));
  }

  /** An index and its table by the index's OID. */
  indexByOid(oid: Oid): { readonly def: IndexDef; readonly table: TableDef } | undefined {
    return this.#indexes.get(oid);
  }

  /** Is `name` taken by a relation or a constraint in `schema`? (What invented names avoid.) */
  nameTaken(name: string, schema: string): boolean {
    return this.#byName.has(qualified(schema, name)) || this.#constraintNames.has(qualified(schema, name));
  }

  /** @internal The system rows describing object `oid` (relation, columns, index, constraint rows). */
  rowsOf(oid: Oid): RowLocations {
    return this.#rows.get(oid) ?? [];
  }
}
