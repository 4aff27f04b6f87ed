/**
 * CREATE FUNCTION / PROCEDURE, DROP and ALTER of routines, and CALL from the parse tree. The options arrive as a flat list of
 * items (words, strings, numbers, NULL, ON) that this builder reads in order, with PostgreSQL's
 * checks (compute_function_attributes): a repeated option is 42601 `conflicting or redundant
 * options`, an unknown word a syntax error at it.
 */
import { DbError, syntaxErrorAt } from '@rustydb/common';
import type {
  AlterFunctionOwnerStmt,
  ArgMode,
  CallStmt,
  CreateFunctionStmt,
  DropFunctionStmt,
  FunctionArg,
  FunctionObjectRef,
  RoutineKind,
} from '../ast/index.js';
import type {
  AlterFunctionOwnerStmtContext,
  CallStmtContext,
  CreateFunctionStmtContext,
  DropFunctionStmtContext,
  FuncArgContext,
  FuncArgWithDefaultContext,
  FuncOptionItemContext,
  FunctionWithArgtypesContext,
  RoutineKindContext,
} from '../generated/PostgreSqlParser.js';
import { behavior } from './build-ddl.js';
import { buildExpr } from './build-expr.js';
import { buildFuncApplication, funcNameParts } from './build-func-call.js';
import { expectWord } from './build-grant.js';
import { roleSpec } from './build-role.js';
import { buildTypeName } from './build-type-name.js';
import { loc, nameOf } from './names.js';
import { stringValue } from './string-literal.js';

function buildArg(ctx: FuncArgContext, defaultCtx?: FuncArgWithDefaultContext): FunctionArg {
  const mode = ctx.argMode();
  const name = ctx.typeFunctionName();
  const type = ctx.funcType();
  const def = defaultCtx?.aExpr();
  return {
    mode: mode === null ? 'in' : (nameOf(mode) as ArgMode),
    ...(name === null ? {} : { name: nameOf(name) }),
    type: buildTypeName(type.typename()),
    setof: type.SETOF() !== null,
    ...(def ? { default: buildExpr(def) } : {}),
    location: loc(ctx),
  };
}

type Options = {
  -readonly [K in
    | 'language'
    | 'body'
    | 'volatility'
    | 'strict'
    | 'securityDefiner'
    | 'functionOnlyOption']?: CreateFunctionStmt[K];
} & { parallel?: string; cost?: string; rows?: string; leakproof?: boolean };

/** The options only functions take (compute_function_attributes refuses them for a procedure). */
const FUNCTION_ONLY = new Set(['volatility', 'strict', 'leakproof', 'parallel', 'cost', 'rows']);

/** Reads the option items from `items[i]` on; returns the index after the option read. */
function readOption(items: readonly FuncOptionItemContext[], i: number, into: Options): number {
  const item = items[i]!;
  const set = <K extends keyof Options>(key: K, value: Options[K]): void => {
    if (into[key] !== undefined)
      throw new DbError('42601', 'conflicting or redundant options', { position: loc(item) + 1 });
    into[key] = value;
    if (FUNCTION_ONLY.has(key)) into.functionOnlyOption ??= loc(item);
  };
  if (item.AS() !== null) {
    const parts = item.sconst();
    // `AS 'obj_file', 'link_symbol'` is C's: the second string is ignored here (language c fails).
    set('body', stringValue(parts[0]!));
    return i + 1;
  }
  const word = item.nonReservedWord();
  if (word === null) throw syntaxErrorAt(item.getText(), loc(item) + 1);
  const next = items[i + 1];
  const expect = (k: number, text: string): void => {
    const it = items[i + k];
    if (it === undefined || it.getText().toLowerCase() !== text) {
      throw syntaxErrorAt(it?.getText() ?? 'end of input', it === undefined ? undefined : loc(it) + 1);
    }
  };
  switch (nameOf(word)) {
    case 'language': {
      if (next === undefined) throw syntaxErrorAt('end of input');
      const lang = next.nonReservedWord();
      const s = next.sconst();
      if (lang === null && s.length === 0) throw syntaxErrorAt(next.getText(), loc(next) + 1);
      set('language', lang !== null ? nameOf(lang) : stringValue(s[0]!).toLowerCase());
      return i + 2;
    }
    case 'immutable':
      set('volatility', 'i');
      return i + 1;
    case 'stable':
      set('volatility', 's');
      return i + 1;
    case 'volatile':
      set('volatility', 'v');
      return i + 1;
    case 'strict':
      set('strict', true);
      return i + 1;
    case 'called':
      expect(1, 'on');
      expect(2, 'null');
      expect(3, 'input');
      set('strict', false);
      return i + 4;
    case 'returns':
      expect(1, 'null');
      expect(2, 'on');
      expect(3, 'null');
      expect(4, 'input');
      set('strict', true);
      return i + 5;
    case 'external':
      expect(1, 'security');
      return readSecurity(items, i + 1, set);
    case 'security':
      return readSecurity(items, i, set);
    case 'leakproof':
      set('leakproof', true);
      return i + 1;
    case 'parallel':
    case 'cost':
    case 'rows': {
      if (next === undefined) throw syntaxErrorAt('end of input');
      set(nameOf(word) as 'parallel', next.getText().toLowerCase());
      return i + 2;
    }
    case 'set':
    case 'support':
    case 'transform':
      throw new DbError('0A000', `CREATE FUNCTION … ${nameOf(word).toUpperCase()} is not supported`, {
        position: loc(item) + 1,
      });
    default:
      throw syntaxErrorAt(word.getText(), loc(word) + 1);
  }
}

function readSecurity(
  items: readonly FuncOptionItemContext[],
  i: number,
  set: (key: 'securityDefiner', value: boolean) => void,
): number {
  const it = items[i + 1];
  const w = it?.getText().toLowerCase();
  if (w !== 'invoker' && w !== 'definer') {
    throw syntaxErrorAt(it?.getText() ?? 'end of input', it === undefined ? undefined : loc(it) + 1);
  }
  set('securityDefiner', w === 'definer');
  return i + 2;
}

export function buildCreateFunction(ctx: CreateFunctionStmtContext): CreateFunctionStmt {
  const { schema, name } = funcNameParts(ctx.funcName());
  const procedure = ctx.PROCEDURE() !== null;
  const returns = ctx.RETURNS();
  // gram.y's CREATE PROCEDURE has no RETURNS clause: a syntax error at the word after it.
  if (procedure && returns !== null) {
    const after = ctx.funcReturn()!;
    throw syntaxErrorAt(after.start!.text ?? '', after.start!.start + 1);
  }
  const args = ctx
    .funcArgsWithDefaults()
    .funcArgWithDefault()
    .map((a) => buildArg(a.funcArg(), a));
  const options: Options = {};
  const items = ctx.funcOptionItem();
  for (let i = 0; i < items.length; ) i = readOption(items, i, options);
  const ret = ctx.funcReturn();
  const retType = ret?.funcType() ?? null;
  const table = ret === null || ret.TABLE() === null ? undefined : ret.funcArg().map((a) => buildArg(a));
  return {
    kind: 'createFunction',
    ...(procedure ? { procedure: true as const } : {}),
    replace: ctx.REPLACE() !== null,
    ...(schema === undefined ? {} : { schema }),
    name,
    args,
    ...(retType !== null
      ? { returns: buildTypeName(retType.typename()) }
      : ret !== null
        ? {
            returns: { kind: 'typeName', name: 'record', modifiers: [], arrayBounds: [], location: loc(ret) },
          }
        : {}),
    returnsSet: table !== undefined || retType?.SETOF() != null,
    ...(table === undefined ? {} : { returnsTable: table }),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.volatility === undefined ? {} : { volatility: options.volatility }),
    ...(options.strict === undefined ? {} : { strict: options.strict }),
    ...(options.securityDefiner === undefined ? {} : { securityDefiner: options.securityDefiner }),
    ...(options.functionOnlyOption === undefined ? {} : { functionOnlyOption: options.functionOnlyOption }),
    location: loc(ctx.funcName()),
  };
}

/** `name[(argtypes)]` as DROP FUNCTION, ALTER FUNCTION and COMMENT ON FUNCTION name a function. */
export function buildFunctionRef(ctx: FunctionWithArgtypesContext): FunctionObjectRef {
  const { schema, name } = funcNameParts(ctx.funcName());
  const hasArgs = ctx.OPEN_PAREN() !== null;
  return {
    ...(schema === undefined ? {} : { schema }),
    name,
    ...(hasArgs ? { args: ctx.funcArg().map((a) => buildArg(a)) } : {}),
    location: loc(ctx),
  };
}

/** PROCEDURE or ROUTINE as DROP, ALTER and COMMENT ON write it; undefined for FUNCTION. */
export function routineKind(ctx: RoutineKindContext): RoutineKind | undefined {
  return ctx.PROCEDURE() !== null ? 'procedure' : ctx.ROUTINE() !== null ? 'routine' : undefined;
}

const withKind = (kind: RoutineKind | undefined) => (kind === undefined ? {} : { routineKind: kind });

export function buildDropFunction(ctx: DropFunctionStmtContext): DropFunctionStmt {
  return {
    kind: 'dropFunction',
    ...withKind(routineKind(ctx.routineKind())),
    ifExists: ctx.IF() !== null,
    functions: ctx.functionWithArgtypes().map(buildFunctionRef),
    behavior: behavior(ctx.dropBehavior()),
  };
}

/** ALTER FUNCTION … OWNER TO. @throws DbError 42601 when the word before TO is not OWNER. */
export function buildAlterFunctionOwner(ctx: AlterFunctionOwnerStmtContext): AlterFunctionOwnerStmt {
  expectWord(ctx.colId()!, 'owner');
  return {
    kind: 'alterFunctionOwner',
    ...withKind(routineKind(ctx.routineKind()!)),
    function: buildFunctionRef(ctx.functionWithArgtypes()!),
    owner: roleSpec(ctx.roleSpec()!),
  };
}

/** CALL name(args): the call as the function call expression it is written as. */
export function buildCall(ctx: CallStmtContext): CallStmt {
  // `CALL p(*)` or `p(DISTINCT x)` parse as any call does; the binder refuses them (42809).
  return { kind: 'call', call: buildFuncApplication(ctx.funcApplication()) };
}
