/**
 * formatQuery: SQL text for a query AST (SELECT, VALUES, set operations), used by formatExpr
 * for subqueries. Same conventions as formatExpr: one line, keywords upper case, identifiers
 * quoted only when needed, and the text parses back to the same AST.
 */
import { assertNever, DbError, quoteIdent } from '@rustydb/common';
import type {
  Alias,
  FunctionColumnDef,
  GroupingElement,
  ObjectName,
  RangeFunction,
  SelectStmt,
  TableRef,
} from './ast/index.js';
import { formatExpr, formatSortList, formatTypeName, formatWindowDef } from './format-expr.js';

export function formatQuery(q: SelectStmt): string {
  const parts: string[] = [];
  if (q.with) {
    const ctes = q.with.ctes.map((c) => {
      const cols = c.columns.length > 0 ? `(${c.columns.map(quoteIdent).join(', ')})` : '';
      const mat =
        c.materialized === 'always' ? 'MATERIALIZED ' : c.materialized === 'never' ? 'NOT MATERIALIZED ' : '';
      if (c.query.kind !== 'select' && c.query.kind !== 'values' && c.query.kind !== 'setOp') {
        throw new DbError(
          '0A000',
          'WITH clause containing a data-modifying statement must be at the top level',
        );
      }
      return `${quoteIdent(c.name)}${cols} AS ${mat}(${formatQuery(c.query)})`;
    });
    parts.push(`WITH ${q.with.recursive ? 'RECURSIVE ' : ''}${ctes.join(', ')}`);
  }
  parts.push(formatBody(q));
  if (q.orderBy.length > 0) parts.push(`ORDER BY ${formatSortList(q.orderBy)}`);
  if (q.limit)
    parts.push(q.withTies ? `FETCH FIRST ${sub(q.limit)} ROWS WITH TIES` : `LIMIT ${formatExpr(q.limit)}`);
  if (q.offset) parts.push(`OFFSET ${formatExpr(q.offset)}`);
  for (const l of q.locking) {
    const strength = {
      update: 'UPDATE',
      noKeyUpdate: 'NO KEY UPDATE',
      share: 'SHARE',
      keyShare: 'KEY SHARE',
    }[l.strength];
    const of = l.of.length > 0 ? ` OF ${l.of.map(objectName).join(', ')}` : '';
    const wait = l.waitPolicy === 'nowait' ? ' NOWAIT' : l.waitPolicy === 'skipLocked' ? ' SKIP LOCKED' : '';
    parts.push(`FOR ${strength}${of}${wait}`);
  }
  return parts.join(' ');
}

/** FETCH FIRST takes a c_expr: anything but a plain constant or column goes in parentheses. */
function sub(e: Parameters<typeof formatExpr>[0]): string {
  return e.kind === 'literal' && !e.value.startsWith('-') ? formatExpr(e) : `(${formatExpr(e)})`;
}

/** A query without its query-wide clauses, parenthesized when it is an operand that has them. */
function operand(q: SelectStmt): string {
  const hasClauses = q.with || q.orderBy.length > 0 || q.limit || q.offset || q.locking.length > 0;
  return hasClauses || q.kind === 'setOp' ? `(${formatQuery(q)})` : formatQuery(q);
}

function formatBody(q: SelectStmt): string {
  switch (q.kind) {
    case 'values':
      return `VALUES ${q.rows.map((r) => `(${r.map(formatExpr).join(', ')})`).join(', ')}`;
    case 'setOp': {
      // Left operands of the same or looser operator need no parentheses (left associativity).
      const left =
        q.left.kind === 'setOp' &&
        !hasQueryClauses(q.left) &&
        (q.op !== 'intersect' || q.left.op === 'intersect')
          ? formatQuery(q.left)
          : operand(q.left);
      return `${left} ${q.op.toUpperCase()}${q.all ? ' ALL' : ''} ${operand(q.right)}`;
    }
    case 'select': {
      let text = 'SELECT';
      if (q.distinct)
        text +=
          q.distinctOn.length > 0 ? ` DISTINCT ON (${q.distinctOn.map(formatExpr).join(', ')})` : ' DISTINCT';
      if (q.targets.length > 0) {
        text += ` ${q.targets.map((t) => (t.alias === undefined ? formatExpr(t.expr) : `${formatExpr(t.expr)} AS ${quoteIdent(t.alias)}`)).join(', ')}`;
      }
      if (q.from.length > 0) text += ` FROM ${q.from.map(formatTableRef).join(', ')}`;
      if (q.where) text += ` WHERE ${formatExpr(q.where)}`;
      if (q.groupBy.length > 0)
        text += ` GROUP BY ${q.groupByDistinct ? 'DISTINCT ' : ''}${q.groupBy.map(formatGrouping).join(', ')}`;
      if (q.having) text += ` HAVING ${formatExpr(q.having)}`;
      if (q.windows.length > 0) {
        text += ` WINDOW ${q.windows.map((w) => `${quoteIdent(w.name!)} AS (${formatWindowDef(w)})`).join(', ')}`;
      }
      return text;
    }
    default:
      return assertNever(q, 'query');
  }
}

function hasQueryClauses(q: SelectStmt): boolean {
  return (
    q.with !== undefined ||
    q.orderBy.length > 0 ||
    q.limit !== undefined ||
    q.offset !== undefined ||
    q.locking.length > 0
  );
}

function formatGrouping(g: GroupingElement): string {
  if (g.kind !== 'groupingSet') return formatExpr(g);
  switch (g.type) {
    case 'empty':
      return '()';
    case 'sets':
      return `GROUPING SETS (${g.content.map(formatGrouping).join(', ')})`;
    default:
      return `${g.type.toUpperCase()} (${g.content.map(formatGrouping).join(', ')})`;
  }
}

function objectName(n: ObjectName): string {
  return [n.catalog, n.schema, n.name]
    .filter((p): p is string => p !== undefined)
    .map(quoteIdent)
    .join('.');
}

function alias(a: Alias | undefined): string {
  if (!a) return '';
  return ` AS ${quoteIdent(a.name)}${a.columns.length > 0 ? `(${a.columns.map(quoteIdent).join(', ')})` : ''}`;
}

/** A function of a FROM item, with ROWS FROM's own column definition list: `f(x) AS (a int)`. */
function formatRangeFunction(f: RangeFunction): string {
  const call = formatExpr(f.call);
  return f.columnDefs.length > 0 ? `${call} AS (${formatColumnDefs(f.columnDefs)})` : call;
}

function formatColumnDefs(defs: readonly FunctionColumnDef[]): string {
  return defs.map((d) => `${quoteIdent(d.name)} ${formatTypeName(d.type)}`).join(', ');
}

function formatTableRef(t: TableRef): string {
  switch (t.kind) {
    case 'relation':
      return `${objectName(t.name)}${alias(t.alias)}`;
    case 'subqueryRef':
      return `${t.lateral ? 'LATERAL ' : ''}(${formatQuery(t.query)})${alias(t.alias)}`;
    case 'functionRef': {
      const calls = t.functions.map(formatRangeFunction).join(', ');
      let text = `${t.lateral ? 'LATERAL ' : ''}${t.rowsFrom ? `ROWS FROM (${calls})` : calls}`;
      if (t.withOrdinality) text += ' WITH ORDINALITY';
      if (t.columnDefs.length > 0) {
        text += ` AS ${t.alias ? quoteIdent(t.alias.name) : ''}(${formatColumnDefs(t.columnDefs)})`;
      } else {
        text += alias(t.alias);
      }
      return text;
    }
    case 'join': {
      const type = t.joinType === 'inner' ? 'JOIN' : `${t.joinType.toUpperCase()} JOIN`;
      const right =
        t.right.kind === 'join' && !t.right.alias ? `(${formatTableRef(t.right)})` : formatTableRef(t.right);
      let text = `${formatTableRef(t.left)} ${t.natural ? 'NATURAL ' : ''}${type} ${right}`;
      if (t.on) text += ` ON ${formatExpr(t.on)}`;
      if (t.using.length > 0) {
        text += ` USING (${t.using.map(quoteIdent).join(', ')})${t.usingAlias ? ` AS ${quoteIdent(t.usingAlias)}` : ''}`;
      }
      return t.alias ? `(${text})${alias(t.alias)}` : text;
    }
    default:
      return assertNever(t, 'table reference');
  }
}
