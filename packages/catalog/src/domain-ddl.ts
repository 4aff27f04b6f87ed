/**
 * CREATE DOMAIN, ALTER DOMAIN and DROP DOMAIN with PostgreSQL 15's checks and messages
 * (typecmds.c DefineDomain, AlterDomain*).
 *
 * A domain is one sys_type row whose definition (base type, NOT NULL, DEFAULT, CHECK
 * constraints) is JSON in the row (system-tables.ts `DomainRow`), so it is stored, logged and
 * recovered as enums are. The catalog records what the engine decided: binding the CHECK and
 * DEFAULT expressions and checking the values already stored (ADD CONSTRAINT, SET NOT NULL)
 * happen in the engine, which can run expressions.
 *
 * DEPENDENCIES are found by scanning column types, as for enums (type-ddl.ts): the columns of a
 * domain, and the domains over it, with their columns.
 */
import {
  assertNever,
  DbError,
  type DomainCheck,
  type DomainType,
  type Oid,
  type SqlType,
} from '@rustydb/common';
import { dropColumn } from './alter-table.js';
import { storedColumnType } from './catalog-data.js';
import type { CatalogView } from './catalog-view.js';
import type { CatalogWriter } from './catalog-writer.js';
import { type CascadeNotice, cascadeNotice, describeRelation, dropView } from './drop-ddl.js';
import type { DomainRow } from './system-tables.js';
import { checkSchema } from './table-ddl.js';
import { replaceType, typeNameTaken } from './type-ddl.js';

export interface DomainSpec {
  /** The first search_path schema when omitted. */
  readonly schema?: string;
  readonly name: string;
  readonly baseType: SqlType;
  readonly notNull: boolean;
  readonly defaultSql?: string;
  /** CHECK constraints in source order; unnamed ones are named `<domain>_check[N]`. */
  readonly checks: readonly { readonly name?: string; readonly checkSql: string }[];
  /** The creating role's OID (typowner). */
  readonly owner: number;
}

/** CREATE DOMAIN. See Catalog.createDomain. @throws DbError 42710 (the type exists), 3F000. */
export function createDomain(w: CatalogWriter, spec: DomainSpec): DomainType {
  const schema = spec.schema ?? w.view().creationSchema() ?? 'public';
  checkSchema(w, schema, spec.name);
  if (typeNameTaken(w, schema, spec.name)) throw new DbError('42710', `type "${spec.name}" already exists`);
  // The array type's OID first, then the type's, as PostgreSQL's DefineDomain assigns them.
  const arrayOid = w.allocateOid();
  const oid = w.allocateOid();
  let checks: DomainCheck[] = [];
  for (const c of spec.checks) checks = withCheck(w, spec.name, checks, c.name, c.checkSql, true);
  const domain: DomainRow = {
    base: storedColumnType(spec.baseType),
    notNull: spec.notNull,
    ...(spec.defaultSql === undefined ? {} : { defaultSql: spec.defaultSql }),
    checks,
  };
  w.claimName(schema, spec.name);
  w.insert('type', { oid, schema, name: spec.name, arrayOid, owner: spec.owner, labels: [], domain });
  return w.view().domainTypeByOid(oid)!;
}

/** `checks` plus a new one; 42710 when `name` is taken, else named as ChooseConstraintName does. */
function withCheck(
  w: CatalogWriter,
  domain: string,
  checks: readonly DomainCheck[],
  name: string | undefined,
  checkSql: string,
  validated: boolean,
): DomainCheck[] {
  const taken = (n: string) => checks.some((c) => c.name === n);
  if (name !== undefined && taken(name)) {
    throw new DbError('42710', `constraint "${name}" for domain "${domain}" already exists`);
  }
  let chosen = name ?? `${domain}_check`;
  for (let i = 1; taken(chosen); i++) chosen = `${domain}_check${i}`;
  return [...checks, { oid: w.allocateOid(), name: chosen, checkSql, validated }];
}

/** Applies `change` to the domain's definition in its sys_type row. */
function replaceDomain(w: CatalogWriter, oid: number, change: (d: DomainRow) => DomainRow): DomainType {
  replaceType(w, oid, (row) => ({ ...row, domain: change(row.domain!) }));
  return w.view().domainTypeByOid(oid)!;
}

/** ALTER DOMAIN … SET DEFAULT e / DROP DEFAULT (`defaultSql` undefined). */
function setDomainDefault(w: CatalogWriter, oid: number, defaultSql: string | undefined): void {
  replaceDomain(w, oid, ({ defaultSql: _old, ...d }) =>
    defaultSql === undefined ? d : { ...d, defaultSql },
  );
}

/** ALTER DOMAIN … SET / DROP NOT NULL (the engine checked the stored values first). */
function setDomainNotNull(w: CatalogWriter, oid: number, notNull: boolean): void {
  replaceDomain(w, oid, (d) => ({ ...d, notNull }));
}

/** ALTER DOMAIN … ADD CONSTRAINT: returns the new check. @throws DbError 42710 (name taken). */
function addDomainCheck(
  w: CatalogWriter,
  oid: number,
  name: string | undefined,
  checkSql: string,
  validated: boolean,
): DomainCheck {
  const d = w.view().domainTypeByOid(oid)!;
  const checks = withCheck(w, d.name, d.checks, name, checkSql, validated);
  replaceDomain(w, oid, (row) => ({ ...row, checks }));
  return checks[checks.length - 1]!;
}

/** 42704 `constraint "c" of domain "d" does not exist`. */
export const noSuchDomainConstraint = (name: string, domain: string): DbError =>
  new DbError('42704', `constraint "${name}" of domain "${domain}" does not exist`);

/** The check of domain `oid` called `name`. @throws DbError 42704. */
export function domainCheck(view: CatalogView, oid: number, name: string): DomainCheck {
  const d = view.domainTypeByOid(oid)!;
  const c = d.checks.find((x) => x.name === name);
  if (c === undefined) throw noSuchDomainConstraint(name, d.name);
  return c;
}

/** ALTER DOMAIN … DROP CONSTRAINT. @throws DbError 42704 (no such constraint). */
function dropDomainCheck(w: CatalogWriter, oid: number, name: string): void {
  domainCheck(w.view(), oid, name);
  replaceDomain(w, oid, (d) => ({ ...d, checks: d.checks.filter((c) => c.name !== name) }));
}

/** ALTER DOMAIN … VALIDATE CONSTRAINT (the engine checked the stored values first). */
function validateDomainCheck(w: CatalogWriter, oid: number, name: string): void {
  domainCheck(w.view(), oid, name);
  replaceDomain(w, oid, (d) => ({
    ...d,
    checks: d.checks.map((c) => (c.name === name ? { ...c, validated: true } : c)),
  }));
}

/** ALTER DOMAIN … RENAME CONSTRAINT a TO b. @throws DbError 42704, 42710. */
function renameDomainCheck(w: CatalogWriter, oid: number, from: string, to: string): void {
  const d = w.view().domainTypeByOid(oid)!;
  domainCheck(w.view(), oid, from);
  if (d.checks.some((c) => c.name === to)) {
    throw new DbError('42710', `constraint "${to}" for domain "${d.name}" already exists`);
  }
  replaceDomain(w, oid, (row) => ({
    ...row,
    checks: row.checks.map((c) => (c.name === from ? { ...c, name: to } : c)),
  }));
}

/** ALTER DOMAIN … RENAME TO / SET SCHEMA. @throws DbError 42710 (a type of that name exists), 3F000. */
function moveDomain(w: CatalogWriter, oid: number, schema: string, name: string): void {
  const d = w.view().domainTypeByOid(oid)!;
  if (schema !== d.schema) checkSchema(w, schema, name);
  if (typeNameTaken(w, schema, name)) {
    throw new DbError(
      '42710',
      schema === d.schema
        ? `type "${name}" already exists`
        : `type "${name}" already exists in schema "${schema}"`,
    );
  }
  w.claimName(schema, name);
  replaceType(w, oid, (row) => ({ ...row, schema, name }));
}

/** ALTER DOMAIN … OWNER TO. */
function setDomainOwner(w: CatalogWriter, oid: number, owner: number): void {
  replaceType(w, oid, (row) => ({ ...row, owner }));
}

/** One ALTER DOMAIN change, as the catalog records it (see Catalog.alterDomain). */
export type DomainChange =
  | { readonly kind: 'setDefault'; readonly defaultSql?: string }
  | { readonly kind: 'setNotNull'; readonly notNull: boolean }
  | {
      readonly kind: 'addCheck';
      readonly name?: string;
      readonly checkSql: string;
      readonly validated: boolean;
    }
  | { readonly kind: 'dropCheck'; readonly name: string }
  | { readonly kind: 'validateCheck'; readonly name: string }
  | { readonly kind: 'renameCheck'; readonly from: string; readonly to: string }
  | { readonly kind: 'move'; readonly schema: string; readonly name: string }
  | { readonly kind: 'owner'; readonly owner: number };

/** Applies one ALTER DOMAIN change. @throws as the function for its kind. */
export function alterDomain(w: CatalogWriter, oid: number, change: DomainChange): void {
  switch (change.kind) {
    case 'setDefault':
      setDomainDefault(w, oid, change.defaultSql);
      return;
    case 'setNotNull':
      setDomainNotNull(w, oid, change.notNull);
      return;
    case 'addCheck':
      addDomainCheck(w, oid, change.name, change.checkSql, change.validated);
      return;
    case 'dropCheck':
      dropDomainCheck(w, oid, change.name);
      return;
    case 'validateCheck':
      validateDomainCheck(w, oid, change.name);
      return;
    case 'renameCheck':
      renameDomainCheck(w, oid, change.from, change.to);
      return;
    case 'move':
      moveDomain(w, oid, change.schema, change.name);
      return;
    case 'owner':
      setDomainOwner(w, oid, change.owner);
      return;
    default:
      assertNever(change);
  }
}

/** Is `t` domain `oid`, or a domain over it? */
export function isOfDomain(t: SqlType, oid: number): boolean {
  for (let d = t.domain; d !== undefined; d = d.baseType.domain) if (d.oid === oid) return true;
  return false;
}

/** A table column whose type is domain `oid` or a domain over it. */
export interface DomainColumn {
  readonly table: Oid;
  readonly column: string;
  readonly type: SqlType;
}

/** Every table column of domain `oid` (domains over it included): what ALTER DOMAIN checks. */
export function domainColumns(view: CatalogView, oid: number): DomainColumn[] {
  const out: DomainColumn[] = [];
  for (const t of view.tables()) {
    for (const c of t.columns)
      if (isOfDomain(c.type, oid)) out.push({ table: t.oid, column: c.name, type: c.type });
  }
  return out;
}

/** What depends on domain `d` directly, in PostgreSQL's order: domains over it (and theirs), then columns. */
interface DomainDependent {
  readonly text: string;
  readonly domain?: number;
  readonly table?: Oid;
  readonly column?: string;
  readonly view?: Oid;
}

function dependentsOf(view: CatalogView, d: DomainType): DomainDependent[] {
  const out: DomainDependent[] = [];
  for (const { def } of view.domainTypes()) {
    if (def.baseType.domain?.oid !== d.oid) continue;
    out.push({ text: `type ${def.name}`, domain: def.oid });
  }
  for (const t of view.tables()) {
    // PostgreSQL lists a table's columns last attnum first (its pg_depend scan order).
    for (const c of [...t.columns].reverse()) {
      if (c.type.domain?.oid !== d.oid) continue;
      out.push({
        text: `column ${c.name} of ${describeRelation(view, t.oid)}`,
        table: t.oid,
        column: c.name,
      });
    }
  }
  for (const v of view.views()) {
    if (v.columns.some((c) => c.type.domain?.oid === d.oid)) {
      out.push({ text: describeRelation(view, v.oid), view: v.oid });
    }
  }
  return out;
}

/** Every dependent of `d`, a dependent domain's own dependents right after it (PostgreSQL's DETAIL order). */
function allDependents(view: CatalogView, d: DomainType): { dep: DomainDependent; on: string }[] {
  const out: { dep: DomainDependent; on: string }[] = [];
  for (const dep of dependentsOf(view, d)) {
    out.push({ dep, on: d.name });
    if (dep.domain !== undefined) out.push(...allDependents(view, view.domainTypeByOid(dep.domain)!));
  }
  return out;
}

/**
 * DROP DOMAIN. Dependents (columns, views, domains over it) need `cascade`, which drops them;
 * returns the NOTICE for what cascaded. @throws DbError 2BP01 (dependents without CASCADE).
 */
export function dropDomain(w: CatalogWriter, oid: number, cascade: boolean): CascadeNotice | undefined {
  const view = w.view();
  const d = view.domainTypeByOid(oid)!;
  const deps = allDependents(view, d);
  if (deps.length > 0 && !cascade) {
    throw new DbError('2BP01', `cannot drop type ${d.name} because other objects depend on it`, {
      detail: deps.map(({ dep, on }) => `${dep.text} depends on type ${on}`).join('\n'),
      hint: 'Use DROP ... CASCADE to drop the dependent objects too.',
    });
  }
  // Columns and views first, while their types still resolve; then the domains, innermost last.
  for (const { dep } of deps) {
    if (dep.view !== undefined && w.view().viewByOid(dep.view)) dropView(w, dep.view, true);
    if (dep.table === undefined) continue;
    const table = w.view().tableByOid(dep.table);
    if (table?.columns.some((c) => c.name === dep.column)) dropColumn(w, dep.table, dep.column!, true);
  }
  for (const { dep } of [...deps].reverse()) {
    if (dep.domain !== undefined) w.deleteObject(dep.domain, view.domainTypeByOid(dep.domain)!.name);
  }
  w.deleteObject(oid, d.name);
  return cascadeNotice(deps.map(({ dep }) => dep.text));
}
