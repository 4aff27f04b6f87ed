/**
 * Column and constraint definitions as CREATE TABLE and ALTER TABLE write them, turned into the
 * catalog's specs (PostgreSQL's transformColumnDefinition / transformTableConstraint):
 *
 * - types, NULL / NOT NULL, DEFAULT (validated by the binder, stored as SQL text);
 * - SERIAL / BIGSERIAL / SMALLSERIAL: an integer column with NOT NULL and DEFAULT
 *   nextval('t_col_seq'::regclass), and a sequence `t_col_seq` OWNED BY the column;
 * - GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [(options)]: the same with an internal sequence
 *   (the DEFAULT is stored too: the binder fills identity columns like any defaulted column);
 * - CHECK (validated now against the columns, stored as SQL text), FOREIGN KEY (checked by the
 *   catalog), PRIMARY KEY / UNIQUE (collected for the caller).
 *
 * The sequences are created by `createColumnSequences` before the table and tied to their
 * columns by `ownColumnSequences` after it, as PostgreSQL does.
 */
import {
  type CatalogView,
  type CheckSpec,
  type ColumnSpec,
  chooseRelationName,
  type Deferral,
  type ForeignKeySpec,
  type KeySpec,
  privilegesFor,
  type ReferentialAction,
  type SequenceOptions,
  splitQualifiedName,
} from '@rustydb/catalog';
import {
  DbError,
  featureNotSupported,
  type Oid,
  parseText,
  parseTimeZoneSetting,
  type SqlType,
  sqlConstant,
  sqlType,
  withoutTypmod,
} from '@rustydb/common';
import {
  type ColumnDef,
  type Constraint,
  type Expr,
  forEachNode,
  formatExpr,
  type ObjectName,
  quoteIdent,
  type StorageParameter,
} from '@rustydb/parser';
import {
  bindCheckExpression,
  bindColumnDefault,
  bindGenerationExpression,
  resolveTypeName,
  type TypeLookup,
  visitExpr,
} from '@rustydb/planner';
import { setOwner } from './grant-statements.js';
import { sequenceOptions } from './sequence-statements.js';
import type { StatementContext } from './session.js';
import { relationOptions } from './storage-parameters.js';

const SERIALS: Readonly<Record<string, 'int2' | 'int4' | 'int8'>> = {
  smallserial: 'int2',
  serial2: 'int2',
  serial: 'int4',
  serial4: 'int4',
  bigserial: 'int8',
  serial8: 'int8',
};

/** A column whose DEFAULT comes from a sequence the statement creates. */
export interface ColumnSequence {
  readonly column: string;
  readonly kind: 'serial' | 'identity';
  readonly type: 'int2' | 'int4' | 'int8';
  readonly options: SequenceOptions;
  /** SEQUENCE NAME of an identity column. */
  readonly name?: ObjectName;
  /** Filled by createColumnSequences. */
  oid?: Oid;
  qualifiedName?: string;
}

const bothIdentityAndGeneration = (col: ColumnDef, target: DefinitionTarget, location: number) =>
  new DbError(
    '42601',
    `both identity and generation expression specified for column "${col.name}" of table "${target.name}"`,
    { position: location + 1 },
  );

/** A generated column's expression, validated once every column of the table is known. */
export interface GenerationSpec {
  readonly column: string;
  readonly type: SqlType;
  readonly expr: Expr;
}

/** What the table-level parts of a definition collect. */
export interface TableConstraints {
  primaryKey?: KeySpec & { location: number };
  readonly unique: KeySpec[];
  readonly checks: CheckSpec[];
  readonly foreignKeys: ForeignKeySpec[];
  readonly sequences: ColumnSequence[];
  readonly generated: GenerationSpec[];
}

export const emptyConstraints = (): TableConstraints => ({
  unique: [],
  checks: [],
  foreignKeys: [],
  sequences: [],
  generated: [],
});

/** The table a definition belongs to, for messages and self-references. */
export interface DefinitionTarget {
  readonly name: string;
  readonly schema: string;
  /**
   * Every column of the table (existing and new), for CHECK and generation expression binding;
   * `generated` marks existing generated columns (ADD COLUMN).
   */
  readonly columns: readonly {
    readonly name: string;
    readonly type: SqlType;
    readonly generated?: 'stored';
  }[];
}

const serialOf = (col: ColumnDef) =>
  col.type.schema === undefined && col.type.arrayBounds.length === 0 ? SERIALS[col.type.name] : undefined;

/** A column definition's type (SERIAL → its integer type). @throws DbError 42704. */
export function columnTypeOf(col: ColumnDef, types: TypeLookup): SqlType {
  const serial = serialOf(col);
  return serial ? sqlType(serial) : storableType(resolveTypeName(col.type, types));
}

/**
 * `t`, when a stored column (or a domain, whose values columns store) may have it. A named
 * composite may not: the row codec has no encoding for records, and sys_attribute none for a
 * record's shape. @throws DbError 0A000.
 */
export function storableType(t: SqlType): SqlType {
  if (t.composite === undefined) return t;
  throw new DbError('0A000', `columns of composite type ${t.composite.name} are not supported`, {
    hint: 'Store the fields as columns of their own, or as jsonb.',
  });
}

/** One column: its type, NULL / NOT NULL, DEFAULT, identity, and its constraints. */
export function columnSpec(
  col: ColumnDef,
  target: DefinitionTarget,
  ctx: StatementContext,
  into: TableConstraints,
): ColumnSpec {
  const serial = serialOf(col);
  const type = columnTypeOf(col, ctx.catalog);
  let notNull: boolean | undefined;
  let defaultSql: string | undefined;
  let defaultExpr: Expr | undefined;
  let sawDefault = false;
  let identity: ColumnSpec['identity'];
  let generation: Extract<Constraint, { kind: 'generated' }> | undefined;
  let defaultAt = 0;
  for (const c of col.constraints) {
    switch (c.kind) {
      case 'notNull':
      case 'nullable': {
        const wants = c.kind === 'notNull';
        if (notNull !== undefined && notNull !== wants) {
          throw new DbError(
            '42601',
            `conflicting NULL/NOT NULL declarations for column "${col.name}" of table "${target.name}"`,
            { position: c.location + 1 },
          );
        }
        notNull = wants;
        break;
      }
      case 'columnDefault': {
        if (sawDefault || serial) {
          throw new DbError(
            '42601',
            `multiple default values specified for column "${col.name}" of table "${target.name}"`,
            { position: c.location + 1 },
          );
        }
        // DEFAULT NULL is no default (PostgreSQL stores no pg_attrdef row for a NULL constant),
        // though it still counts for the 42601 checks below.
        sawDefault = true;
        defaultAt = c.location;
        const bound = bindColumnDefault(c.expr, { name: col.name, type }, ctx.catalog);
        if (bound.isNull) break;
        defaultSql = defaultText(c.expr, bound, type, ctx);
        defaultExpr = c.expr;
        break;
      }
      case 'generated':
        if (generation !== undefined) {
          throw new DbError(
            '42601',
            `multiple generation clauses specified for column "${col.name}" of table "${target.name}"`,
            { position: c.location + 1 },
          );
        }
        if (identity !== undefined) throw bothIdentityAndGeneration(col, target, c.location);
        generation = c;
        break;
      case 'identity': {
        if (identity !== undefined) {
          throw new DbError(
            '42601',
            `multiple identity specifications for column "${col.name}" of table "${target.name}"`,
            { position: c.location + 1 },
          );
        }
        if (generation !== undefined) throw bothIdentityAndGeneration(col, target, c.location);
        if (type.name !== 'int2' && type.name !== 'int4' && type.name !== 'int8') {
          throw new DbError('22023', 'identity column type must be smallint, integer, or bigint', {
            position: c.location + 1,
          });
        }
        identity = c.generated === 'always' ? 'always' : 'byDefault';
        const named = c.options.find((o) => o.kind === 'sequenceName');
        into.sequences.push({
          column: col.name,
          kind: 'identity',
          type: type.name,
          options: { ...sequenceOptions(c.options), type: type.name },
          ...(named?.kind === 'sequenceName' ? { name: named.name } : {}),
        });
        break;
      }
      default:
        addConstraint(c, [col.name], target, ctx, into);
    }
  }
  if (identity !== undefined && sawDefault) {
    throw new DbError(
      '42601',
      `both default and identity specified for column "${col.name}" of table "${target.name}"`,
    );
  }
  if (identity !== undefined && notNull === false) {
    throw new DbError(
      '42601',
      `conflicting NULL/NOT NULL declarations for column "${col.name}" of table "${target.name}"`,
    );
  }
  if (generation !== undefined && (sawDefault || serial)) {
    throw new DbError(
      '42601',
      `both default and generation expression specified for column "${col.name}" of table "${target.name}"`,
      { position: (serial ? generation.location : defaultAt) + 1 },
    );
  }
  if (serial)
    into.sequences.push({ column: col.name, kind: 'serial', type: serial, options: { type: serial } });
  if (col.collation !== undefined && col.collation !== 'C' && col.collation !== 'default') {
    throw featureNotSupported(`COLLATE "${col.collation}"`);
  }
  const dependsOn = defaultExpr ? sequencesNamedIn(defaultExpr, ctx.catalog) : [];
  if (generation !== undefined) {
    defaultSql = formatExpr(generation.expr);
    into.generated.push({ column: col.name, type, expr: generation.expr });
  }
  return {
    name: col.name,
    type,
    ...(notNull || serial ? { notNull: true } : {}),
    ...(defaultSql === undefined ? {} : { defaultSql }),
    ...(generation === undefined ? {} : { generated: { reads: [] } }),
    ...(dependsOn.length > 0 ? { defaultDependsOn: dependsOn } : {}),
    ...(identity === undefined ? {} : { identity }),
  };
}

/**
 * The stored text of a column default: a literal as the constant PostgreSQL stores and prints
 * (`'x'::text`, `'-1'::integer`, `'{}'::jsonb`), anything else as written. The text is also what
 * INSERT evaluates, so a literal is read once, as PostgreSQL reads it at CREATE TABLE: a quoted
 * date or time (`'2020-01-01'`, `'now'` on a timestamptz) is fixed then, in the session's
 * TimeZone, not at each INSERT.
 */
export function defaultText(
  expr: Expr,
  bound: ReturnType<typeof bindColumnDefault>,
  type: SqlType,
  ctx: StatementContext,
): string {
  const zone = parseTimeZoneSetting(ctx.settings.get('TimeZone'));
  if (bound.literal) return sqlConstant(bound.literal.value, bound.literal.type, zone);
  if (
    expr.kind === 'literal' &&
    expr.type === 'string' &&
    type.domain === undefined &&
    READ_AT_RUN.has(type.name)
  ) {
    const t = withoutTypmod(type);
    return sqlConstant(parseText(expr.value, t, zone), t, zone);
  }
  return formatExpr(withRegclassSequences(expr, ctx.catalog));
}

/** The sequence functions whose first argument is a regclass. */
const SEQUENCE_FUNCTIONS = new Set(['nextval', 'currval', 'setval']);

/**
 * `e` with the quoted sequence name of each `nextval('s')` (currval, setval) made a regclass
 * constant naming the sequence as it is stored (`'s'::regclass`, `'app.s'::regclass`), as
 * PostgreSQL turns the literal into the sequence's OID when it binds the default: the stored
 * text then follows a rename or SET SCHEMA of the sequence (set-schema.ts's renameInDefaults).
 * @throws DbError 42P01 when no relation has that name.
 */
function withRegclassSequences(e: Expr, catalog: CatalogView): Expr {
  const visit = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(visit);
    if (!n || typeof n !== 'object') return n;
    const node = n as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = visit(v);
    const args = node.args as Expr[] | undefined;
    if (node.kind !== 'funcCall' || !SEQUENCE_FUNCTIONS.has(node.name as string) || !args?.length) return out;
    const arg = args[0]!;
    const literal = arg.kind === 'cast' && arg.type.name === 'regclass' ? arg.arg : arg;
    if (literal.kind !== 'literal' || literal.type !== 'string') return out;
    const seq = sequenceNamed(literal.value, catalog);
    if (!seq) {
      if (relationNamed(literal.value, catalog)) return out;
      const parts = splitQualifiedName(literal.value);
      const position = literal.location + 1;
      if (parts?.[0] !== undefined && !catalog.schemaExists(parts[0])) {
        throw new DbError('3F000', `schema "${parts[0]}" does not exist`, { position });
      }
      const name =
        parts === undefined ? literal.value : parts[0] === undefined ? parts[1] : `${parts[0]}.${parts[1]}`;
      throw new DbError('42P01', `relation "${name}" does not exist`, { position });
    }
    const stored =
      seq.schema === 'public' ? quoteIdent(seq.name) : `${quoteIdent(seq.schema)}.${quoteIdent(seq.name)}`;
    const regclass: Expr = {
      kind: 'cast',
      arg: { ...literal, value: stored },
      type: {
        kind: 'typeName',
        name: 'regclass',
        modifiers: [],
        arrayBounds: [],
        location: literal.location,
      },
      location: literal.location,
    };
    return { ...out, args: [regclass, ...(out.args as Expr[]).slice(1)] };
  };
  return visit(e) as Expr;
}

/** The sequence a regclass text (`'s'`, `'app.s'`, `'"My Seq"'`) names, read as regclass input reads it. */
function sequenceNamed(text: string, catalog: CatalogView) {
  const parts = splitQualifiedName(text);
  return parts && catalog.sequence(parts[1], parts[0]);
}

function relationNamed(text: string, catalog: CatalogView) {
  const parts = splitQualifiedName(text);
  return parts && catalog.relation(parts[1], parts[0]);
}

/** Types whose quoted literals the binder leaves to run time (they depend on the zone or the clock). */
const READ_AT_RUN = new Set(['timestamptz', 'timestamp', 'date', 'time']);

/**
 * Validates the generation expressions `into` collected, now that every column of the table is
 * known (`target.columns`, whose `generated` flags mark existing generated columns), and returns
 * `columns` with each generated column's read columns filled in. Also PostgreSQL's rule that a
 * foreign key over a generated column cannot SET NULL / SET DEFAULT it or cascade updates into it.
 * @throws DbError as bindGenerationExpression, and 42601.
 */
export function withGenerationExprs(
  columns: readonly ColumnSpec[],
  target: DefinitionTarget,
  ctx: StatementContext,
  into: TableConstraints,
): ColumnSpec[] {
  if (into.generated.length === 0) return [...columns];
  const generated = new Set(into.generated.map((g) => g.column));
  for (const c of target.columns) if (c.generated !== undefined) generated.add(c.name);
  const table = { name: target.name, columns: target.columns, generated };
  const reads = new Map<string, string[]>();
  for (const g of into.generated) {
    const bound = bindGenerationExpression(g.expr, { name: g.column, type: g.type }, table, ctx.catalog);
    const names = new Set<string>();
    visitExpr(bound, (x) => {
      if (x.kind === 'column') names.add(target.columns[x.index]!.name);
    });
    reads.set(g.column, [...names]);
  }
  for (const fk of into.foreignKeys) {
    if (!fk.columns.some((c) => generated.has(c))) continue;
    const bad = (a: ReferentialAction | undefined) => a === 'setNull' || a === 'setDefault';
    const which = bad(fk.onDelete) ? 'DELETE' : bad(fk.onUpdate) || fk.onUpdate === 'cascade' ? 'UPDATE' : '';
    if (which !== '') {
      throw new DbError(
        '42601',
        `invalid ON ${which} action for foreign key constraint containing generated column`,
      );
    }
  }
  return columns.map((c) => {
    const r = reads.get(c.name);
    return r === undefined ? c : { ...c, generated: { reads: r } };
  });
}

/** A table or column constraint other than NULL/NOT NULL/DEFAULT/identity. */
export function addConstraint(
  c: Constraint,
  columns: readonly string[],
  target: DefinitionTarget,
  ctx: StatementContext,
  into: TableConstraints,
): void {
  switch (c.kind) {
    case 'primaryKey':
    case 'unique': {
      if (c.kind === 'unique' && c.nullsNotDistinct) throw featureNotSupported('UNIQUE NULLS NOT DISTINCT');
      const key = {
        columns: c.columns.length > 0 ? c.columns : columns,
        ...(c.include.length > 0 ? { include: c.include } : {}),
        ...keyIndexOptions(c),
        ...deferralOf(c),
        ...(c.name === undefined ? {} : { name: c.name }),
      };
      if (c.kind === 'unique') {
        into.unique.push(key);
        return;
      }
      if (into.primaryKey) {
        throw new DbError('42P16', `multiple primary keys for table "${target.name}" are not allowed`, {
          position: c.location + 1,
        });
      }
      into.primaryKey = { ...key, location: c.location };
      return;
    }
    case 'check':
      into.checks.push(checkSpec(c.expr, c.name, target, ctx));
      return;
    case 'foreignKey':
      into.foreignKeys.push(foreignKeySpec(c, columns, target, ctx));
      return;
    case 'notNull':
    case 'nullable':
    case 'columnDefault':
    case 'identity':
    case 'generated':
      throw new DbError('42601', `${c.kind} is not a table constraint`, { position: c.location + 1 });
  }
}

/** A validated CHECK: bound over the table's columns now, stored as SQL text. */
export function checkSpec(
  expr: Expr,
  name: string | undefined,
  target: DefinitionTarget,
  ctx: StatementContext,
): CheckSpec {
  bindCheckExpression(expr, { name: target.name, columns: target.columns }, ctx.catalog);
  const columns = new Set<string>();
  walk(expr, (n) => {
    if (n.kind === 'columnRef') {
      const names = (n as unknown as { names: readonly string[] }).names;
      const last = names[names.length - 1];
      if (last !== undefined && target.columns.some((c) => c.name === last)) columns.add(last);
    }
  });
  return { sql: formatExpr(expr), columns: [...columns], ...(name === undefined ? {} : { name }) };
}

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  noAction: 'noAction',
  restrict: 'restrict',
  cascade: 'cascade',
  setNull: 'setNull',
  setDefault: 'setDefault',
};

function foreignKeySpec(
  c: Extract<Constraint, { kind: 'foreignKey' }>,
  columns: readonly string[],
  target: DefinitionTarget,
  ctx: StatementContext,
): ForeignKeySpec {
  if (c.match !== 'simple') throw featureNotSupported(`MATCH ${c.match.toUpperCase()}`);
  const ref = c.refTable;
  const selfRef =
    ref.name === target.name &&
    (ref.schema === undefined || ctx.catalog.resolveSchema(ref.schema) === target.schema);
  const entry = ctx.catalog.relation(ref.name, ref.schema);
  let refTable: Oid | 'self';
  if (entry?.kind === 'table' && !(selfRef && ctx.catalog.table(ref.name, target.schema) === undefined)) {
    refTable = entry.def.oid;
  } else if (selfRef) {
    refTable = 'self';
  } else if (entry) {
    throw new DbError('42809', `referenced relation "${ref.name}" is not a table`);
  } else {
    throw new DbError('42P01', `relation "${ref.name}" does not exist`);
  }
  return {
    columns: c.columns.length > 0 ? c.columns : columns,
    refTable,
    refColumns: c.refColumns,
    onDelete: ACTIONS[c.onDelete] ?? 'noAction',
    onUpdate: ACTIONS[c.onUpdate] ?? 'noAction',
    ...deferralOf(c),
    ...(c.name === undefined ? {} : { name: c.name }),
  };
}

/**
 * A key's `WITH (…)` checked as CREATE INDEX checks a B-tree's (its index is one), and its
 * `USING INDEX TABLESPACE`: only `pg_default` exists. @throws DbError 22023, 42704.
 */
function keyIndexOptions(c: { storageParameters?: readonly StorageParameter[]; tablespace?: string }): {
  options?: string[];
} {
  if (c.tablespace !== undefined && c.tablespace !== 'pg_default') {
    if (c.tablespace === 'pg_global') {
      throw new DbError('22023', 'only shared relations can be placed in pg_global tablespace');
    }
    throw new DbError('42704', `tablespace "${c.tablespace}" does not exist`);
  }
  if (c.storageParameters === undefined) return {};
  const options = relationOptions([], c.storageParameters, false, { kind: 'index', method: 'btree' });
  return options.length > 0 ? { options } : {};
}

/** A key's or foreign key's DEFERRABLE clauses as the catalog stores them (none: NOT DEFERRABLE). */
function deferralOf(c: { deferrable: boolean; initiallyDeferred: boolean }): { deferral?: Deferral } {
  if (!c.deferrable) return {};
  return { deferral: c.initiallyDeferred ? 'd' : 'i' };
}

/** The sequences an expression calls nextval on with a constant name (what DROP SEQUENCE checks). */
export function sequencesNamedIn(expr: Expr, catalog: CatalogView): Oid[] {
  const out: Oid[] = [];
  walk(expr, (n) => {
    const f = n as { kind: string; name?: string; args?: readonly Expr[] };
    if (f.kind !== 'funcCall' || f.name !== 'nextval' || f.args?.length !== 1) return;
    let arg = f.args[0]!;
    while (arg.kind === 'cast') arg = arg.arg;
    if (arg.kind !== 'literal' || arg.type !== 'string') return;
    const seq = sequenceNamed(arg.value, catalog);
    if (seq) out.push(seq.oid);
  });
  return out;
}

function walk(node: unknown, visit: (n: { kind: string }) => void): void {
  forEachNode(node, (n) => {
    if (typeof n.kind === 'string') visit(n as { kind: string });
  });
}

/**
 * Creates the sequences of SERIAL and identity columns (before the table, as PostgreSQL), naming
 * them `table_column_seq` unless the identity's SEQUENCE NAME says otherwise, and fills the
 * columns' DEFAULT nextval('…'::regclass).
 */
export function createColumnSequences(
  ctx: StatementContext,
  target: { name: string; schema: string },
  columns: ColumnSpec[],
  sequences: ColumnSequence[],
): void {
  for (const s of sequences) {
    const view = ctx.catalog;
    const schema = s.name?.schema === undefined ? target.schema : view.resolveSchema(s.name.schema);
    const name =
      s.name?.name ??
      chooseRelationName(target.name, s.column, 'seq', (n) => ctx.catalog.nameTaken(n, schema));
    const seq = ctx.engine.catalog.createSequence(ctx.tx, { schema, name, options: s.options });
    s.oid = seq.oid;
    s.qualifiedName = schema === 'public' ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
    const i = columns.findIndex((c) => c.name === s.column);
    const literal = `'${s.qualifiedName.replaceAll("'", "''")}'`;
    columns[i] = {
      ...columns[i]!,
      notNull: true,
      defaultSql: `nextval(${literal}::regclass)`,
      defaultDependsOn: [seq.oid],
    };
  }
}

/** OWNED BY: ties each created sequence to its column (SERIAL 'a', identity 'i'). */
export function ownColumnSequences(
  ctx: StatementContext,
  table: Oid,
  sequences: readonly ColumnSequence[],
): void {
  const def = ctx.catalog.tableByOid(table);
  for (const s of sequences) {
    const col = def?.columns.find((c) => c.name === s.column);
    if (!col || s.oid === undefined) continue;
    ctx.engine.catalog.setSequenceOwner(ctx.tx, s.oid, {
      table,
      attnum: col.attnum,
      type: s.kind === 'serial' ? 'a' : 'i',
    });
    // The sequence belongs to the table's owner (ALTER TABLE … ADD GENERATED by a superuser on
    // another role's table), as PostgreSQL creates it.
    const privs = privilegesFor(ctx.catalog);
    const from = privs.owner(s.oid, 'sequence');
    const to = privs.owner(table, 'table');
    if (from !== to)
      setOwner({ oid: s.oid, kind: 'sequence', name: s.qualifiedName ?? s.column }, from, to, privs, ctx);
  }
}
