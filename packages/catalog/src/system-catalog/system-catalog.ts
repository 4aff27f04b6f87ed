/**
 * SystemCatalog: one statement's window onto the catalog for the computed relations
 * (system-relation.ts) and the functions clients call about catalog objects (pg_get_indexdef,
 * pg_table_is_visible, regclass output, …). Built from the CatalogView of the statement's
 * transaction and the session's SessionInfo; rows of each relation are computed on first scan
 * and kept for the rest of the statement (a self-join of pg_class computes it once).
 */
import { quoteIdent, type Value } from '@rustydb/common';
import { BUILTIN_SCHEMAS, isTempSchema } from '../catalog-data.js';
import type { ColumnDef, IndexDef, TableDef } from '../catalog-reader.js';
import type { CatalogView, RelationEntry } from '../catalog-view.js';
import { ROLE_PG_DATABASE_OWNER } from '../predefined-roles.js';
import { privilegesFor } from '../privileges.js';
import type { RelationKind } from '../system-tables.js';
import { formatEnumType } from './catalog-functions.js';
import { showValueKeyword } from './domain-rows.js';
import { BOOTSTRAP_SUPERUSER_OID, type SessionInfo, type StoredExpression } from './session-info.js';
import type { SystemRelation } from './system-relation.js';

/** OID of schema information_schema (PostgreSQL's is assigned at initdb; this one is fixed). */
export const INFORMATION_SCHEMA_OID = 13000;
/** OID of pg_toast, as in PostgreSQL. */
export const PG_TOAST_OID = 99;
/** Temporary schemas have no catalog row: their OID is derived from the backend number. */
const TEMP_SCHEMA_OID_BASE = 0x7f000000;
/** The database's OID (PostgreSQL's `postgres` database has 5). */
export const DATABASE_OID = 5;

/** A schema, as pg_namespace shows it. */
export interface NamespaceInfo {
  readonly oid: number;
  readonly name: string;
  readonly owner: number;
}

/** A relation of any kind with the schema it lives in and its kind letter (pg_class.relkind). */
export interface RelationInfo {
  readonly oid: number;
  readonly name: string;
  readonly schema: string;
  readonly kind: RelationKind;
  readonly entry: RelationEntry;
}

export class SystemCatalog {
  readonly #rows = new Map<SystemRelation, readonly Value[][]>();
  #relations: RelationInfo[] | undefined;
  #byOid: Map<number, RelationInfo> | undefined;
  #namespaces: NamespaceInfo[] | undefined;

  constructor(
    readonly view: CatalogView,
    readonly session: SessionInfo,
    /** Every computed relation, for pg_class rows of the catalogs themselves. */
    readonly systemRelations: readonly SystemRelation[] = [],
  ) {}

  /** The rows of `rel`, computed once per SystemCatalog. Sync. */
  rows(rel: SystemRelation): readonly Value[][] {
    let rows = this.#rows.get(rel);
    if (!rows) {
      rows = rel.rows(this);
      this.#rows.set(rel, rows);
    }
    return rows;
  }

  /** Every schema: built-in, created, and temporary ones in use. */
  namespaces(): readonly NamespaceInfo[] {
    if (this.#namespaces) return this.#namespaces;
    const out: NamespaceInfo[] = [
      { oid: BUILTIN_SCHEMAS.get('pg_catalog')!, name: 'pg_catalog', owner: BOOTSTRAP_SUPERUSER_OID },
      { oid: PG_TOAST_OID, name: 'pg_toast', owner: BOOTSTRAP_SUPERUSER_OID },
      { oid: BUILTIN_SCHEMAS.get('public')!, name: 'public', owner: ROLE_PG_DATABASE_OWNER },
      { oid: INFORMATION_SCHEMA_OID, name: 'information_schema', owner: BOOTSTRAP_SUPERUSER_OID },
    ];
    const privs = privilegesFor(this.view);
    for (const s of this.view.data.schemas.values())
      out.push({ oid: s.row.oid, name: s.row.name, owner: privs.owner(s.row.oid, 'schema') });
    for (const schema of this.view.data.schemasInUse) {
      if (isTempSchema(schema))
        out.push({ oid: this.namespaceOid(schema)!, name: schema, owner: BOOTSTRAP_SUPERUSER_OID });
    }
    out.sort((a, b) => a.oid - b.oid);
    this.#namespaces = out;
    return out;
  }

  /** The OID of schema `name`, or undefined when there is none. */
  namespaceOid(name: string): number | undefined {
    if (name === 'information_schema') return INFORMATION_SCHEMA_OID;
    if (name === 'pg_toast') return PG_TOAST_OID;
    if (isTempSchema(name)) return TEMP_SCHEMA_OID_BASE + Number(name.slice('pg_temp_'.length));
    return this.view.schemaOid(name);
  }

  /** The name of schema `oid`, or undefined. */
  namespaceName(oid: number): string | undefined {
    return this.namespaces().find((n) => n.oid === oid)?.name;
  }

  /** Every user relation (tables, indexes, views, sequences) in OID order. */
  relations(): readonly RelationInfo[] {
    if (this.#relations) return this.#relations;
    const out: RelationInfo[] = [];
    const data = this.view.data;
    for (const [oid, rel] of data.relationRows) {
      const entry = data.byName.get(`${rel.schema}.${rel.name}`);
      if (!entry) continue;
      out.push({ oid, name: rel.name, schema: rel.schema, kind: rel.kind, entry });
    }
    out.sort((a, b) => a.oid - b.oid);
    this.#relations = out;
    this.#byOid = new Map(out.map((r) => [r.oid, r]));
    return out;
  }

  /** A user relation by OID. */
  relationByOid(oid: number): RelationInfo | undefined {
    this.relations();
    return this.#byOid!.get(oid);
  }

  /** A computed relation by OID. */
  systemRelationByOid(oid: number): SystemRelation | undefined {
    return this.systemRelations.find((r) => r.oid === oid);
  }

  /**
   * Is the relation `oid` found by its unqualified name (pg_table_is_visible)? pg_catalog is
   * searched first, then the temporary schema and search_path.
   */
  tableIsVisible(oid: number): boolean {
    const sys = this.systemRelationByOid(oid);
    if (sys) return sys.schema === 'pg_catalog';
    const rel = this.relationByOid(oid) ?? this.#compositeRelation(oid);
    if (!rel) return false;
    if (this.systemRelations.some((r) => r.schema === 'pg_catalog' && r.name === rel.name)) return false;
    const found = this.view.relation(rel.name);
    if (found !== undefined) return entryOid(found) === oid;
    return this.view.standaloneComposite(rel.name)?.relid === oid;
  }

  /** The relation (relkind 'c') of a standalone composite type, by its OID. */
  #compositeRelation(oid: number): { name: string; schema: string } | undefined {
    return this.view.standaloneComposites().find((c) => c.relid === oid);
  }

  /**
   * regclass output: the relation's name, schema-qualified when it is not visible, quoted where
   * needed; the number itself when no relation has that OID (as PostgreSQL prints it).
   */
  relationName(oid: number): string {
    if (oid === 0) return '-'; // regclassout of InvalidOid
    const sys = this.systemRelationByOid(oid);
    if (sys)
      return sys.schema === 'pg_catalog' ? quoteIdent(sys.name) : `${sys.schema}.${quoteIdent(sys.name)}`;
    const rel = this.relationByOid(oid) ?? this.#compositeRelation(oid);
    if (!rel) return String(oid);
    return this.tableIsVisible(oid)
      ? quoteIdent(rel.name)
      : `${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}`;
  }

  /**
   * A stored expression as ruleutils prints it (see SessionInfo.printExpression; its stored text
   * when there is no printer or it cannot be printed), with its regclass constants naming their
   * relation as regclass output does today, qualified only when not visible. The stored text
   * qualifies them (`nextval('app.t_id_seq'::regclass)`) so that evaluating it does not depend
   * on the search path; PostgreSQL stores the OID and prints it the same way. (The printer
   * keeps what it printed: psql's `\d` asks once per row.)
   */
  storedExpression(e: StoredExpression, pretty = false): string {
    return this.regclassNames(this.session.printExpression?.(e, this.view, pretty) ?? storedText(e));
  }

  /**
   * A column's default (or generation expression) as pg_get_expr prints it. A quoted default of
   * an enum column is stored bare ('a', coerced at INSERT: the stored text names no type a rename
   * would leave behind); PostgreSQL prints its constant 'a'::mood.
   */
  columnDefault(table: TableDef, column: ColumnDef, pretty = false): string {
    const sql = column.defaultSql!;
    const type = column.type;
    if (type.enum !== undefined && type.domain === undefined && /^'(?:[^']|'')*'$/.test(sql))
      return `${sql}::${formatEnumType(type, this.view)}`;
    if (column.generated === undefined) return this.storedExpression({ sql, role: 'value', type }, pretty);
    return this.storedExpression({ sql, role: 'value', table, type }, pretty);
  }

  /** `sql` with each `'name'::regclass` naming its relation as regclass output does. */
  private regclassNames(sql: string): string {
    if (!sql.includes("'::regclass")) return sql;
    return sql.replace(/'((?:[^']|'')*)'::regclass/g, (whole, name: string) => {
      const oid = this.relationOid(name.replaceAll("''", "'"));
      return oid === undefined ? whole : `'${this.relationName(oid).replaceAll("'", "''")}'::regclass`;
    });
  }

  /** regclass input: the OID of the relation `text` names (digits are an OID, `-` is 0), or undefined. */
  relationOid(text: string): number | undefined {
    if (/^\d+$/.test(text)) return Number(text);
    if (text === '-') return 0; // regclass's text for OID 0, which regclassin takes back
    const parts = splitQualifiedName(text);
    if (!parts) return undefined;
    const [schema, name] = parts;
    if (schema === undefined || schema === 'pg_catalog' || schema === 'information_schema') {
      const sys = this.systemRelations.find(
        (r) => r.name === name && (schema === undefined ? r.schema === 'pg_catalog' : r.schema === schema),
      );
      if (sys) return sys.oid;
    }
    const entry = this.view.relation(name, schema);
    return entry ? entryOid(entry) : this.view.standaloneComposite(name, schema)?.relid;
  }

  /** The role name of `oid` (pg_get_userbyid): `unknown (OID=n)` when there is none, as PostgreSQL. */
  userName(oid: number): string {
    return this.session.roles().find((r) => r.oid === oid)?.name ?? `unknown (OID=${oid})`;
  }

  /** The table an index belongs to. */
  indexTable(indexOid: number): { def: IndexDef; table: TableDef } | undefined {
    return this.view.indexByOid(indexOid as never);
  }
}

/** A stored expression's text when it cannot be printed: VALUE in capitals, an index key parenthesized. */
function storedText(e: StoredExpression): string {
  if (e.domain) return showValueKeyword(e.sql);
  return e.role === 'indexKey' ? `(${e.sql})` : e.sql;
}

/** The OID of a relation entry. */
export const entryOid = (e: RelationEntry): number => e.def.oid;

/** `a.b`, `"A"."b c"` → [schema, name], unquoted parts folded to lower case; undefined if malformed. */
export function splitQualifiedName(text: string): [string | undefined, string] | undefined {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"]|"")*)"|([^."\s]+))\s*(\.|$)/y;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    parts.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!.toLowerCase());
    pos = re.lastIndex;
    if (m[3] === '') break;
  }
  if (parts.length === 1) return [undefined, parts[0]!];
  if (parts.length === 2) return [parts[0], parts[1]!];
  if (parts.length === 3) return [parts[1], parts[2]!];
  return undefined;
}

export { quoteIdent };
