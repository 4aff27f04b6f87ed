/**
 * CatalogView: the catalog as one transaction sees it, looked up through one search path. The
 * definitions themselves (CatalogData) are shared by every view of the same snapshot; a view only
 * adds the order in which unqualified names are searched.
 *
 * NAME RESOLUTION (PostgreSQL's namespace.c, reduced): a qualified name `s.t` looks in `s` only
 * (`pg_temp` means the session's temporary schema). An unqualified name looks in the session's
 * temporary schema first (if it has one), then in each schema of search_path that exists
 * (`"$user"` is the schema named after the role, usually absent). CREATE without a schema puts the
 * object in the first existing search_path schema (never the temporary one).
 */
import {
  type CompositeType,
  compositeSqlType,
  type DomainType,
  domainSqlType,
  type EnumType,
  enumSqlType,
  type Oid,
  type SqlType,
} from '@rustydb/common';
import type { ObjectPrivileges } from './acl-store.js';
import { PLPGSQL } from './available-extensions.js';
import type { FunctionDef } from './catalog-data.js';
import {
  BUILTIN_SCHEMAS,
  type CatalogData,
  type ObjectRow,
  qualified,
  type RelationEntry,
} from './catalog-data.js';
import type { CatalogReader, IndexDef, SequenceDef, TableDef, ViewDef } from './catalog-reader.js';
import type { DefaultAcl } from './default-acl-store.js';
import type { Membership } from './member-store.js';
import type { RoleDef } from './role-store.js';
import type { ColumnStatistics, TableStatistics } from './statistics.js';
import type { ExtensionRow } from './system-tables.js';

const NO_FUNCTIONS: readonly FunctionDef[] = [];

/** Where a view finds planner statistics and relation sizes (the Catalog supplies it). */
export interface StatisticsSource {
  statistics(tableOid: Oid): TableStatistics | undefined;
  relationPages(table: TableDef): number;
  /** Pages its store's visibility map marks all-visible. Optional for test sources. */
  allVisiblePages?(table: TableDef): number;
  /** The comment on an object or column (descriptions.ts). Optional for test sources. */
  description?(object: number, subId: number): string | undefined;
  /** An object's owner and ACL row (acl-store.ts). Optional for test sources. */
  privileges?(object: number): ObjectPrivileges | undefined;
  /** Every role membership (member-store.ts). Optional for test sources. */
  memberships?(): readonly Membership[];
  /** Every default ACL (default-acl-store.ts). Optional for test sources. */
  defaultAcls?(): readonly DefaultAcl[];
  /** Every role (role-store.ts). Optional for test sources. */
  roles?(): readonly RoleDef[];
}

export type { Located, ObjectRow, RelationEntry, SystemSnapshot } from './catalog-data.js';

/** The schemas every database has: `pg_catalog` (reserved) and `public`. */
export const SCHEMAS = ['pg_catalog', 'public'] as const;
/** Where an unqualified CREATE goes under the default search_path `"$user", public`. */
export const DEFAULT_SCHEMA = 'public';

/** What a session searches: search_path's schemas in order, and its temporary schema if any. */
export interface SearchPath {
  readonly schemas: readonly string[];
  /** `pg_temp_<n>`: searched first for relations; what `pg_temp` and CREATE TEMP mean. */
  readonly tempSchema?: string;
  /** The role `"$user"` stands for. */
  readonly user?: string;
}

export const DEFAULT_SEARCH_PATH: SearchPath = Object.freeze({ schemas: ['"$user"', 'public'] });

export class CatalogView implements CatalogReader {
  readonly #path: readonly string[];
  readonly #withPath = new Map<string, CatalogView>();

  constructor(
    /** @internal The shared definitions. */
    readonly data: CatalogData,
    readonly searchPath: SearchPath = DEFAULT_SEARCH_PATH,
    /** @internal Statistics as this view's transaction sees them (statistics.ts). */
    readonly statisticsSource?: StatisticsSource,
  ) {
    const schemas = searchPath.schemas
      .map((s) => (s === '"$user"' || s === '$user' ? (searchPath.user ?? '') : s))
      .map((s) => (s === 'pg_temp' ? (searchPath.tempSchema ?? '') : s))
      .filter((s) => s !== '' && data.hasSchema(s));
    const temp = searchPath.tempSchema;
    this.#path = temp && !schemas.includes(temp) ? [temp, ...schemas] : schemas;
  }

  /**
   * The same definitions looked up through another search path. Cheap, and the same object for
   * an equal path (plan caches compare catalog views by identity).
   */
  withSearchPath(path: SearchPath): CatalogView {
    const key = `${path.schemas.join(',')}|${path.tempSchema ?? ''}|${path.user ?? ''}`;
    let view = this.#withPath.get(key);
    if (!view) {
      view = new CatalogView(this.data, path, this.statisticsSource);
      this.#withPath.set(key, view);
    }
    return view;
  }

  /** The schemas an unqualified name is looked up in, in order. */
  get effectivePath(): readonly string[] {
    return this.#path;
  }

  /** Where an unqualified CREATE puts its object: the first existing search_path schema. */
  creationSchema(): string | undefined {
    return this.#path.find((s) => s !== this.searchPath.tempSchema);
  }

  /** `pg_temp` → the session's temporary schema; anything else as written. */
  resolveSchema(schema: string): string {
    return schema === 'pg_temp' && this.searchPath.tempSchema ? this.searchPath.tempSchema : schema;
  }

  /** Does `schema` exist? */
  schemaExists(schema: string): boolean {
    return this.data.hasSchema(this.resolveSchema(schema));
  }

  /** The OID of a user schema (CREATE SCHEMA), or of a built-in one. */
  schemaOid(schema: string): number | undefined {
    return BUILTIN_SCHEMAS.get(schema) ?? this.data.schemas.get(schema)?.row.oid;
  }

  /** Is `oid` a schema's OID (a built-in one or a CREATE SCHEMA)? */
  schemaOidExists(oid: number): boolean {
    for (const o of BUILTIN_SCHEMAS.values()) if (o === oid) return true;
    for (const s of this.data.schemas.values()) if (s.row.oid === oid) return true;
    return false;
  }

  /** The comment on object `objectOid` (column `subId`, 0 for the object), as COMMENT ON set it. */
  description(objectOid: Oid | number, subId = 0): string | undefined {
    return this.statisticsSource?.description?.(objectOid, subId);
  }

  /** The owner/ACL row of `object` (undefined: the bootstrap superuser's, default ACL). */
  privileges(object: number): ObjectPrivileges | undefined {
    return this.statisticsSource?.privileges?.(object);
  }

  /** Every role membership this view's transaction sees. */
  memberships(): readonly Membership[] {
    return this.statisticsSource?.memberships?.() ?? [];
  }

  /** Every default ACL (ALTER DEFAULT PRIVILEGES) this view's transaction sees. */
  defaultAcls(): readonly DefaultAcl[] {
    return this.statisticsSource?.defaultAcls?.() ?? [];
  }

  /** Every role this view's transaction sees (empty for test sources without roles). */
  roles(): readonly RoleDef[] {
    return this.statisticsSource?.roles?.() ?? [];
  }

  table(name: string, schema?: string): TableDef | undefined {
    const entry = this.relation(name, schema);
    return entry?.kind === 'table' ? entry.def : undefined;
  }

  view(name: string, schema?: string): ViewDef | undefined {
    const entry = this.relation(name, schema);
    return entry?.kind === 'view' ? entry.def : undefined;
  }

  sequence(name: string, schema?: string): SequenceDef | undefined {
    const entry = this.relation(name, schema);
    return entry?.kind === 'sequence' ? entry.def : undefined;
  }

  tableByOid(oid: Oid): TableDef | undefined {
    return this.data.tables.get(oid);
  }

  viewByOid(oid: Oid): ViewDef | undefined {
    return this.data.views.get(oid);
  }

  sequenceByOid(oid: Oid): SequenceDef | undefined {
    return this.data.sequences.get(oid);
  }

  statistics(tableOid: Oid): TableStatistics | undefined {
    const stats = this.statisticsSource?.statistics(tableOid);
    return stats === undefined ? undefined : this.#withEnumTypes(stats);
  }

  /**
   * Statistics of enum columns are stored with the enum's OID for a type (statistics.ts): they
   * get this snapshot's enum, or are left out when the type is gone.
   */
  #withEnumTypes(stats: TableStatistics): TableStatistics {
    let columns: Map<number, ColumnStatistics> | undefined;
    for (const [attnum, c] of stats.columns) {
      if (c.type.name !== 'anyenum' && c.type.name !== '_anyenum') continue;
      columns ??= new Map(stats.columns);
      const e = this.data.types.get(c.type.typmod)?.def;
      if (e === undefined) columns.delete(attnum);
      else columns.set(attnum, { ...c, type: enumSqlType(e, c.type.name === '_anyenum') });
    }
    return columns === undefined ? stats : { ...stats, columns };
  }

  relationPages(table: TableDef): number {
    return this.statisticsSource?.relationPages(table) ?? 0;
  }

  allVisiblePages(table: TableDef): number {
    return this.statisticsSource?.allVisiblePages?.(table) ?? 0;
  }

  /** Every table, in every schema (temporary ones included). */
  tables(): readonly TableDef[] {
    return [...this.data.tables.values()];
  }

  /** Every view. */
  views(): readonly ViewDef[] {
    return [...this.data.views.values()];
  }

  /** Every sequence. */
  sequences(): readonly SequenceDef[] {
    return [...this.data.sequences.values()];
  }

  /** A relation of any kind by name; `schema` undefined searches the search path. */
  relation(name: string, schema?: string): RelationEntry | undefined {
    if (schema !== undefined) return this.data.byName.get(qualified(this.resolveSchema(schema), name));
    for (const s of this.#path) {
      const entry = this.data.byName.get(qualified(s, name));
      if (entry) return entry;
    }
    return undefined;
  }

  /** An enum type by name; `schema` undefined searches the search path (pg_catalog has none). */
  enumType(name: string, schema?: string): EnumType | undefined {
    if (schema !== undefined) return this.data.typesByName.get(qualified(this.resolveSchema(schema), name));
    for (const s of this.#path) {
      const e = this.data.typesByName.get(qualified(s, name));
      if (e) return e;
    }
    return undefined;
  }

  /** An enum type by OID. */
  enumTypeByOid(oid: number): EnumType | undefined {
    return this.data.types.get(oid)?.def;
  }

  /** The SqlType of the enum (or array of one), domain or row type whose pg_type OID is `oid`; undefined if none. */
  enumSqlTypeOfOid(oid: number): SqlType | undefined {
    const domain = this.data.domains.get(oid)?.def;
    if (domain !== undefined) return domainSqlType(domain);
    const composite = this.data.rowTypes.get(oid);
    if (composite !== undefined) return compositeSqlType(composite);
    for (const { def } of this.data.types.values()) {
      if (def.oid === oid) return enumSqlType(def);
      if (def.arrayOid === oid) return enumSqlType(def, true);
    }
    return undefined;
  }

  /**
   * The row type of the table, view or materialized view called `name` (row-types.ts);
   * `schema` undefined searches the search path.
   */
  compositeType(name: string, schema?: string): CompositeType | undefined {
    if (schema !== undefined) return this.#compositeIn(this.resolveSchema(schema), name);
    for (const s of this.#path) {
      const c = this.#compositeIn(s, name);
      if (c !== undefined) return c;
    }
    return undefined;
  }

  #compositeIn(schema: string, name: string): CompositeType | undefined {
    const key = qualified(schema, name);
    const entry = this.data.byName.get(key);
    if (entry?.kind === 'table' || entry?.kind === 'view')
      return this.data.rowTypeByRelation.get(entry.def.oid);
    return this.data.compositesByName.get(key);
  }

  /** A standalone composite type (CREATE TYPE … AS) by name; `schema` undefined searches the path. */
  standaloneComposite(name: string, schema?: string): CompositeType | undefined {
    if (schema !== undefined)
      return this.data.compositesByName.get(qualified(this.resolveSchema(schema), name));
    for (const s of this.#path) {
      const c = this.data.compositesByName.get(qualified(s, name));
      if (c !== undefined) return c;
    }
    return undefined;
  }

  /** Every standalone composite type, by OID of its relation. */
  standaloneComposites(): readonly CompositeType[] {
    return [...this.data.compositesByName.values()].sort((a, b) => a.relid - b.relid);
  }

  /** A row type by its pg_type OID. */
  compositeTypeByOid(oid: number): CompositeType | undefined {
    return this.data.rowTypes.get(oid);
  }

  /** The row type whose array type (pg_type.typarray) is `oid`, or undefined. */
  rowTypeOfArrayOid(oid: number): CompositeType | undefined {
    for (const c of this.data.rowTypes.values()) if (c.arrayOid === oid) return c;
    return undefined;
  }

  /** The row type of relation `oid` (pg_class.reltype), or undefined when it has none. */
  rowTypeOfRelation(oid: number): CompositeType | undefined {
    return this.data.rowTypeByRelation.get(oid);
  }

  /** Every row type, by OID. */
  compositeTypes(): readonly CompositeType[] {
    return [...this.data.rowTypes.values()].sort((a, b) => a.oid - b.oid);
  }

  /** A domain by name; `schema` undefined searches the search path (pg_catalog has none). */
  domainType(name: string, schema?: string): DomainType | undefined {
    if (schema !== undefined) return this.data.domainsByName.get(qualified(this.resolveSchema(schema), name));
    for (const s of this.#path) {
      const d = this.data.domainsByName.get(qualified(s, name));
      if (d) return d;
    }
    return undefined;
  }

  /** A domain by OID. */
  domainTypeByOid(oid: number): DomainType | undefined {
    return this.data.domains.get(oid)?.def;
  }

  /** Every domain with its owner's OID, by OID. */
  domainTypes(): readonly { readonly def: DomainType; readonly owner: number }[] {
    return [...this.data.domains.values()]
      .map((t) => ({ def: t.def, owner: t.row.owner }))
      .sort((a, b) => a.def.oid - b.def.oid);
  }

  /** Every enum type with its owner's OID, by OID. */
  enumTypes(): readonly { readonly def: EnumType; readonly owner: number }[] {
    return [...this.data.types.values()]
      .map((t) => ({ def: t.def, owner: t.row.owner }))
      .sort((a, b) => a.def.oid - b.def.oid);
  }

  /** An installed extension by name; `plpgsql` is always installed (see PLPGSQL). */
  extension(name: string): ExtensionRow | undefined {
    return name === PLPGSQL.name ? PLPGSQL : this.data.extensions.get(name);
  }

  /** The user-defined functions named `name`, in every schema, in OID order. */
  functionsNamed(name: string): readonly FunctionDef[] {
    return this.data.functionsByName.get(name) ?? NO_FUNCTIONS;
  }

  /** A user-defined function by OID. */
  functionByOid(oid: number): FunctionDef | undefined {
    return this.data.functions.get(oid);
  }

  /** Every user-defined function, in OID order (pg_proc's rows after the built-ins). */
  functions(): readonly FunctionDef[] {
    return [...this.data.functions.values()].sort((a, b) => a.oid - b.oid);
  }

  /** Every installed extension, by OID (pg_extension's rows). */
  extensions(): readonly ExtensionRow[] {
    return [PLPGSQL, ...[...this.data.extensions.values()].sort((a, b) => a.oid - b.oid)];
  }

  /** Does `schema` hold any relation? O(1). */
  hasRelationsIn(schema: string): boolean {
    return this.data.schemasInUse.has(schema);
  }

  /** Every relation in `schema`. */
  relationsIn(schema: string): RelationEntry[] {
    const prefix = `${schema}.`;
    const out: RelationEntry[] = [];
    for (const [key, entry] of this.data.byName) if (key.startsWith(prefix)) out.push(entry);
    return out;
  }

  /** An index and its table by the index's OID. */
  indexByOid(oid: Oid): { readonly def: IndexDef; readonly table: TableDef } | undefined {
    return this.data.indexes.get(oid);
  }

  /** Is `name` taken by a relation or a constraint in `schema`? (What invented names avoid.) */
  nameTaken(name: string, schema: string): boolean {
    const key = qualified(schema, name);
    return (
      this.data.byName.has(key) || this.data.constraintNames.has(key) || this.data.compositesByName.has(key)
    );
  }

  /** The kind and name of relation `oid`, for dependency messages. */
  describe(
    oid: number,
  ):
    | { kind: 'table' | 'index' | 'view' | 'materialized view' | 'sequence' | 'type'; name: string }
    | undefined {
    const rel = this.data.relationRows.get(oid);
    if (!rel) return undefined;
    const kind = (
      { r: 'table', i: 'index', v: 'view', m: 'materialized view', S: 'sequence', c: 'type' } as const
    )[rel.kind];
    return { kind, name: rel.name };
  }

  /** @internal The system rows describing object `oid` (relation, columns, index, constraint rows…). */
  rowsOf(oid: Oid | number): readonly ObjectRow[] {
    return this.data.rows.get(oid) ?? [];
  }
}
