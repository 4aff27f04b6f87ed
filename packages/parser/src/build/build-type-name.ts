/**
 * Type names from the parse tree, normalized to PostgreSQL's internal names (see ast/type-name.ts
 * for the table). `isConst` is true for the type of a typed literal (`char 'x'`, `bit '101'`),
 * where PostgreSQL leaves a missing length unrestricted instead of defaulting it to 1.
 */
import { DbError, syntaxError } from '@rustydb/common';
import type { TypeName } from '../ast/index.js';
import type {
  BitTypeContext,
  CharacterTypeContext,
  ConstTypenameContext,
  DatetimeTypeContext,
  ExprListContext,
  GenericTypeContext,
  IntervalQualifierContext,
  NumericTypeContext,
  SimpleTypenameContext,
  TypenameContext,
} from '../generated/PostgreSqlParser.js';
import { buildExpr } from './build-expr.js';
import { loc, nameOf } from './names.js';

/** A full `typename`: simple type plus array bounds. */
export function buildTypeName(ctx: TypenameContext): TypeName {
  const base = buildSimpleTypeName(ctx.simpleTypename());
  const arrayBounds: number[] = [];
  if (ctx.ARRAY()) {
    const size = ctx.ICONST();
    arrayBounds.push(size ? Number(size.getText()) : -1);
  } else {
    for (const bound of ctx.arrayBound()) {
      const size = bound.ICONST();
      arrayBounds.push(size ? Number(size.getText()) : -1);
    }
  }
  return arrayBounds.length === 0 ? base : { ...base, arrayBounds };
}

export function buildSimpleTypeName(ctx: SimpleTypenameContext): TypeName {
  const constType = ctx.constTypename();
  if (constType) return buildConstTypeName(constType, false);
  const generic = ctx.genericType();
  if (generic) return buildGenericType(generic);
  // INTERVAL [qualifier | (p)]
  const qualifier = ctx.intervalQualifier();
  if (qualifier) return intervalType(loc(ctx), qualifier);
  const precision = ctx.ICONST();
  return typeName('interval', precision ? [Number(precision.getText())] : [], loc(ctx));
}

/** The type of `INTERVAL [qualifier]` or `INTERVAL (p)`. */
export function intervalType(
  location: number,
  qualifier: IntervalQualifierContext | null,
  precision?: number,
): TypeName {
  if (!qualifier) return typeName('interval', precision === undefined ? [] : [precision], location);
  const second = qualifier.intervalSecond();
  const secondPrecision = second?.ICONST();
  const words = qualifier.children
    .map((child) => child.getText().toLowerCase())
    .map((w) => w.replace(/\(.*$/, ''));
  const fields = words.join(' ');
  const modifiers = secondPrecision
    ? [Number(secondPrecision.getText())]
    : precision === undefined
      ? []
      : [precision];
  return { ...typeName('interval', modifiers, location), intervalFields: fields };
}

export function buildConstTypeName(ctx: ConstTypenameContext, isConst: boolean): TypeName {
  const numeric = ctx.numericType();
  if (numeric) return buildNumericType(numeric);
  const bit = ctx.bitType();
  if (bit) return buildBitType(bit, isConst);
  const character = ctx.characterType();
  if (character) return buildCharacterType(character, isConst);
  return buildDatetimeType(ctx.datetimeType()!);
}

function typeName(name: string, modifiers: number[], location: number, schema?: string): TypeName {
  return schema === undefined
    ? { kind: 'typeName', name, modifiers, arrayBounds: [], location }
    : { kind: 'typeName', schema, name, modifiers, arrayBounds: [], location };
}

function buildNumericType(ctx: NumericTypeContext): TypeName {
  const location = loc(ctx);
  switch (ctx.start!.text!.toLowerCase()) {
    case 'int':
    case 'integer':
      return typeName('int4', [], location);
    case 'smallint':
      return typeName('int2', [], location);
    case 'bigint':
      return typeName('int8', [], location);
    case 'real':
      return typeName('float4', [], location);
    case 'double':
      return typeName('float8', [], location);
    case 'boolean':
      return typeName('bool', [], location);
    case 'float': {
      const p = ctx.ICONST();
      if (!p) return typeName('float8', [], location);
      const bits = Number(p.getText());
      const position = loc(p) + 1;
      if (bits < 1)
        throw new DbError('22023', 'precision for type float must be at least 1 bit', { position });
      if (bits > 53)
        throw new DbError('22023', 'precision for type float must be less than 54 bits', { position });
      return typeName(bits <= 24 ? 'float4' : 'float8', [], location);
    }
    default: {
      // DECIMAL, DEC, NUMERIC
      const mods = ctx.typeModifiers();
      return typeName('numeric', mods ? modifierList(mods.exprList()) : [], location);
    }
  }
}

function buildBitType(ctx: BitTypeContext, isConst: boolean): TypeName {
  const list = ctx.exprList();
  const modifiers = list ? modifierList(list) : [];
  if (ctx.VARYING()) return typeName('varbit', modifiers, loc(ctx));
  return typeName('bit', modifiers.length === 0 && !isConst ? [1] : modifiers, loc(ctx));
}

function buildCharacterType(ctx: CharacterTypeContext, isConst: boolean): TypeName {
  const length = ctx.ICONST();
  const modifiers = length ? [Number(length.getText())] : [];
  if (ctx.VARYING() || ctx.VARCHAR()) return typeName('varchar', modifiers, loc(ctx));
  return typeName('bpchar', modifiers.length === 0 && !isConst ? [1] : modifiers, loc(ctx));
}

function buildDatetimeType(ctx: DatetimeTypeContext): TypeName {
  const precision = ctx.ICONST();
  const modifiers = precision ? [Number(precision.getText())] : [];
  const withZone = ctx.WITH() !== null;
  const base = ctx.TIMESTAMP() ? 'timestamp' : 'time';
  return typeName(withZone ? `${base}tz` : base, modifiers, loc(ctx));
}

function buildGenericType(ctx: GenericTypeContext): TypeName {
  const parts = [nameOf(ctx.typeFunctionName()), ...ctx.attrName().map(nameOf)];
  const mods = ctx.typeModifiers();
  const modifiers = mods ? modifierList(mods.exprList()) : [];
  const location = loc(ctx);
  if (parts.length === 1) return typeName(parts[0], modifiers, location);
  if (parts.length === 2) return typeName(parts[1], modifiers, location, parts[0]);
  throw syntaxError(`improper qualified name (too many dotted names): ${parts.join('.')}`, location + 1);
}

/** Type modifiers must be integer constants (PostgreSQL also allows identifiers, which no built-in type uses). */
export function modifierList(ctx: ExprListContext): number[] {
  return ctx.aExpr().map((e) => {
    const expr = buildExpr(e);
    if (expr.kind !== 'literal' || expr.type !== 'integer') {
      throw syntaxError('type modifiers must be simple constants or identifiers', expr.location + 1);
    }
    return Number(expr.value);
  });
}
