/**
 * The name PostgreSQL gives a result column that has no alias (parse_target.c's
 * FigureColname): a column's name, a function's name, `case`, `coalesce`, `array`, the indexed
 * expression's name for a subscript, the target type of a cast of something nameless
 * (`1::int` → `int4`), else `?column?`.
 */
import type * as ast from '@rustydb/parser';
import { typeNameOf } from './resolve-type-name.js';

/** The output name of an unaliased select-list expression. Synchronous, never throws. */
export function outputName(e: ast.Expr): string {
  return figure(e)?.name ?? '?column?';
}

/** Strength 2: a real name (column, function); 1: a fallback (`case`, a cast's type). */
function figure(e: ast.Expr): { name: string; strength: 1 | 2 } | undefined {
  switch (e.kind) {
    case 'columnRef':
      return { name: e.names[e.names.length - 1], strength: 2 };
    case 'funcCall':
      return { name: e.name, strength: 2 };
    case 'cast': {
      const inner = figure(e.arg);
      if (inner && inner.strength === 2) return inner;
      return { name: castTypeName(e.type), strength: 1 };
    }
    case 'case': {
      const inner = e.else ? figure(e.else) : undefined;
      if (inner && inner.strength === 2) return inner;
      return { name: 'case', strength: 1 };
    }
    case 'coalesce':
      return { name: 'coalesce', strength: 2 };
    case 'nullIf':
      return { name: 'nullif', strength: 2 };
    case 'minMax':
      return { name: e.op, strength: 2 };
    case 'exists':
      return { name: 'exists', strength: 2 };
    case 'arraySubquery':
    case 'array':
      // ARRAY[…] acts like a function: `ARRAY[]::int[]` is named `array`, not `int4`.
      return { name: 'array', strength: 2 };
    case 'subscript':
      // A_Indirection: subscripts keep the name of what they index (`tags[1]` → `tags`).
      return figure(e.arg);
    case 'fieldSelect':
      return { name: e.field, strength: 2 };
    case 'row':
      // PostgreSQL's FigureColname: a row constructor names its column even under a cast.
      return { name: 'row', strength: 2 };
    case 'grouping':
      return { name: 'grouping', strength: 2 };
    case 'sqlValueFunction':
      return { name: e.op === 'user' ? 'current_user' : e.op, strength: 2 };
    case 'subquery': {
      const q = e.query;
      if (q.kind !== 'select' || q.targets.length === 0) return undefined;
      const t = q.targets[0];
      if (t.alias) return { name: t.alias, strength: 2 };
      const inner = figure(t.expr);
      return inner && inner.strength === 2 ? inner : undefined;
    }
    case 'collate':
      return figure(e.arg);
    default:
      return undefined;
  }
}

/** The last name of the cast's type as PostgreSQL's grammar leaves it (`int4`, `varchar`). */
function castTypeName(t: ast.TypeName): string {
  return typeNameOf(t.name) ?? t.name;
}
