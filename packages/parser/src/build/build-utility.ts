/**
 * Utility statements from the parse tree: transaction control, SET/SHOW/RESET, EXPLAIN,
 * ANALYZE and VACUUM.
 */

import { syntaxError } from '@rustydb/common';
import type {
  AnalyzeStmt,
  ExplainStmt,
  Literal,
  SetStmt,
  Statement,
  TransactionModes,
  UtilityOption,
  VacuumRelation,
  VacuumStmt,
} from '../ast/index.js';
import { PostgreSqlLexer } from '../generated/PostgreSqlLexer.js';
import type {
  AnalyzeStmtContext,
  ExplainableStmtContext,
  ExplainStmtContext,
  NumericOnlyContext,
  TransactionModeListContext,
  TransactionStmtContext,
  UtilityOptionContext,
  VacuumRelationListContext,
  VacuumStmtContext,
  VariableResetStmtContext,
  VariableSetStmtContext,
  VariableShowStmtContext,
  VarNameContext,
  VarValueContext,
  ZoneValueContext,
} from '../generated/PostgreSqlParser.js';
import { buildDeclareCursor } from './build-cursor.js';
import { buildCreateTableAs } from './build-ddl.js';
import { buildDeleteStmt, buildInsertStmt, buildUpdateStmt } from './build-dml.js';
import { buildMergeStmt } from './build-merge.js';
import { buildExecute } from './build-prepare.js';
import { buildRefreshMatView } from './build-refresh.js';
import { buildSelectStmt } from './build-select.js';
import { loc, nameOf, objectName } from './names.js';
import { stringValue } from './string-literal.js';

/* ------------------------------------------------------------------------------ transactions */

export function buildTransaction(ctx: TransactionStmtContext): Statement {
  const first = ctx.start!.type;
  const sconst = ctx.sconst();
  const chain = ctx.optChain();
  const withChain = chain !== null && chain.NO() === null;
  const savepoint = ctx.colId();
  switch (first) {
    case PostgreSqlLexer.BEGIN:
    case PostgreSqlLexer.START:
      return {
        kind: 'begin',
        start: first === PostgreSqlLexer.START,
        modes: buildModes(ctx.transactionModeList()),
      };
    case PostgreSqlLexer.SAVEPOINT:
      return { kind: 'savepoint', name: nameOf(savepoint!) };
    case PostgreSqlLexer.RELEASE:
      return { kind: 'releaseSavepoint', name: nameOf(savepoint!) };
    case PostgreSqlLexer.PREPARE:
      return { kind: 'prepareTransaction', gid: stringValue(sconst!) };
    case PostgreSqlLexer.COMMIT:
    case PostgreSqlLexer.END:
      if (ctx.PREPARED()) return { kind: 'commitPrepared', gid: stringValue(sconst!) };
      return { kind: 'commit', chain: withChain };
    default:
      // ROLLBACK or ABORT
      if (ctx.PREPARED()) return { kind: 'rollbackPrepared', gid: stringValue(sconst!) };
      if (ctx.TO()) return { kind: 'rollbackToSavepoint', name: nameOf(savepoint!) };
      return { kind: 'rollback', chain: withChain };
  }
}

function buildModes(ctx: TransactionModeListContext | null): TransactionModes {
  if (!ctx) return {};
  let modes: TransactionModes = {};
  for (const mode of ctx.transactionMode()) {
    const iso = mode.isoLevel();
    if (iso) {
      const level = iso.SERIALIZABLE()
        ? 'serializable'
        : iso.REPEATABLE()
          ? 'repeatable read'
          : iso.COMMITTED()
            ? 'read committed'
            : 'read uncommitted';
      modes = { ...modes, isolationLevel: level };
    } else if (mode.READ()) {
      modes = { ...modes, readOnly: mode.ONLY() !== null };
    } else {
      modes = { ...modes, deferrable: mode.NOT() === null };
    }
  }
  return modes;
}

/* ------------------------------------------------------------------------------ SET / SHOW / RESET */

function varName(ctx: VarNameContext): string {
  return ctx.colId().map(nameOf).join('.');
}

function str(value: string, location: number): Literal {
  return { kind: 'literal', type: 'string', value, location };
}

function numeric(ctx: NumericOnlyContext): Literal {
  const number = ctx.ICONST() ?? ctx.FCONST()!;
  const text = number.getText();
  return {
    kind: 'literal',
    type: ctx.ICONST() ? 'integer' : 'numeric',
    value: ctx.MINUS() ? `-${text}` : text,
    location: loc(ctx),
  };
}

function varValue(ctx: VarValueContext): Literal {
  const number = ctx.numericOnly();
  if (number) return numeric(number);
  const s = ctx.sconst();
  if (s) return str(stringValue(s), loc(ctx));
  const word = ctx.nonReservedWord();
  return str(word ? nameOf(word) : ctx.getText().toLowerCase(), loc(ctx));
}

export function buildVariableSet(ctx: VariableSetStmtContext): Statement {
  const local = ctx.LOCAL() !== null;
  const rest = ctx.setRest();
  const set = (name: string, value: SetStmt['value']): SetStmt => ({ kind: 'set', name, local, value });
  const modes = rest.transactionModeList();
  if (modes)
    return { kind: 'setTransaction', session: rest.CHARACTERISTICS() !== null, modes: buildModes(modes) };
  const name = rest.varName();
  if (name) {
    if (rest.DEFAULT()) return set(varName(name), 'default');
    return set(varName(name), rest.varValue().map(varValue));
  }
  if (rest.ZONE()) {
    const zone = zoneValue(rest.zoneValue()!);
    return set('timezone', zone ? [zone] : 'default');
  }
  const sconst = rest.sconst();
  const word = rest.nonReservedWord();
  const value = sconst
    ? [str(stringValue(sconst), loc(sconst))]
    : word
      ? [str(nameOf(word), loc(word))]
      : undefined;
  if (rest.SCHEMA()) return set('search_path', value!);
  if (rest.NAMES()) return set('client_encoding', value ?? 'default');
  if (rest.ROLE()) return set('role', value!);
  return set('session_authorization', value ?? 'default');
}

/** A time zone value; undefined for DEFAULT and LOCAL. */
function zoneValue(ctx: ZoneValueContext): Literal | undefined {
  if (ctx.DEFAULT() || ctx.LOCAL()) return undefined;
  const number = ctx.numericOnly();
  if (number) return numeric(number);
  const id = ctx.identifier();
  if (id) return str(nameOf(ctx), loc(ctx));
  const text = stringValue(ctx.sconst()!);
  if (!ctx.INTERVAL()) return str(text, loc(ctx));
  // INTERVAL 'offset' [HOUR | MINUTE | HOUR TO MINUTE]: the setting's value names the interval as
  // PostgreSQL flattens it, `INTERVAL '…' HOUR`; the TimeZone setting reads it (session-settings).
  const qualifier = ctx.intervalQualifier();
  const fields = qualifier?.getText().replace(/to/i, ' to ').toUpperCase();
  if (fields !== undefined && !['HOUR', 'MINUTE', 'HOUR TO MINUTE'].includes(fields)) {
    throw syntaxError('time zone interval must be HOUR or HOUR TO MINUTE', loc(qualifier!) + 1);
  }
  return str(`INTERVAL '${text.replaceAll("'", "''")}'${fields === undefined ? '' : ` ${fields}`}`, loc(ctx));
}

function settingName(ctx: VariableShowStmtContext | VariableResetStmtContext): string {
  const name = ctx.varName();
  if (name) return varName(name);
  if (ctx.ZONE()) return 'timezone';
  if (ctx.ISOLATION()) return 'transaction_isolation';
  if (ctx.AUTHORIZATION()) return 'session_authorization';
  return 'all';
}

export function buildShow(ctx: VariableShowStmtContext): Statement {
  return { kind: 'show', name: settingName(ctx) };
}

export function buildReset(ctx: VariableResetStmtContext): Statement {
  return { kind: 'reset', name: settingName(ctx) };
}

/* ------------------------------------------------------------------------------ EXPLAIN, ANALYZE, VACUUM */

function option(name: string): UtilityOption {
  return { name };
}

function buildUtilityOption(ctx: UtilityOptionContext): UtilityOption {
  const words = ctx.nonReservedWord();
  const analyze = ctx.analyzeKeyword();
  const name = analyze ? 'analyze' : nameOf(words[0]);
  const s = ctx.sconst();
  const number = ctx.numericOnly();
  let value: string | undefined;
  if (s) value = stringValue(s);
  else if (number) value = numeric(number).value;
  else if (ctx.TRUE_P()) value = 'true';
  else if (ctx.FALSE_P()) value = 'false';
  else if (ctx.ON()) value = 'on';
  else if (words.length > (analyze ? 0 : 1)) value = nameOf(words[words.length - 1]);
  const location = loc(ctx);
  return value === undefined ? { name, location } : { name, value, location };
}

function buildExplainable(ctx: ExplainableStmtContext): Statement {
  const select = ctx.selectStmt();
  if (select) return buildSelectStmt(select);
  const insert = ctx.insertStmt();
  if (insert) return buildInsertStmt(insert);
  const update = ctx.updateStmt();
  if (update) return buildUpdateStmt(update);
  const del = ctx.deleteStmt();
  if (del) return buildDeleteStmt(del);
  const merge = ctx.mergeStmt();
  if (merge) return buildMergeStmt(merge);
  const refresh = ctx.refreshMatViewStmt();
  if (refresh) return buildRefreshMatView(refresh);
  const execute = ctx.executeStmt();
  if (execute) return buildExecute(execute);
  const declare = ctx.declareCursorStmt();
  if (declare) return buildDeclareCursor(declare);
  return buildCreateTableAs(ctx.createTableAsStmt()!);
}

export function buildExplain(ctx: ExplainStmtContext): ExplainStmt {
  const options: UtilityOption[] = ctx.utilityOption().map(buildUtilityOption);
  if (ctx.analyzeKeyword()) options.push(option('analyze'));
  if (ctx.VERBOSE()) options.push(option('verbose'));
  return { kind: 'explain', options, statement: buildExplainable(ctx.explainableStmt()!) };
}

function relations(ctx: VacuumRelationListContext | null): VacuumRelation[] {
  if (!ctx) return [];
  return ctx.vacuumRelation().map((r) => {
    const columns = r.nameList();
    return { name: objectName(r.qualifiedName()), columns: columns ? columns.name().map(nameOf) : [] };
  });
}

export function buildAnalyze(ctx: AnalyzeStmtContext): AnalyzeStmt {
  const options = ctx.utilityOption().map(buildUtilityOption);
  if (ctx.VERBOSE()) options.push(option('verbose'));
  return { kind: 'analyze', options, tables: relations(ctx.vacuumRelationList()) };
}

export function buildVacuum(ctx: VacuumStmtContext): VacuumStmt {
  const options = ctx.utilityOption().map(buildUtilityOption);
  if (ctx.FULL()) options.push(option('full'));
  if (ctx.FREEZE()) options.push(option('freeze'));
  if (ctx.VERBOSE()) options.push(option('verbose'));
  if (ctx.analyzeKeyword()) options.push(option('analyze'));
  return { kind: 'vacuum', options, tables: relations(ctx.vacuumRelationList()) };
}
