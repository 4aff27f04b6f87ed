/**
 * COPY from the parse tree. The old keyword options become the generic ones, as gram.y's
 * copy_opt_item does, so the engine validates a single list (see ast/copy.ts).
 */
import type { CopyOption, CopyStmt, Statement } from '../ast/index.js';
import type {
  CopyGenericOptArgContext,
  CopyGenericOptElemContext,
  CopyOptItemContext,
  CopyQueryContext,
  CopyStmtContext,
  NameListContext,
  NumericOnlyContext,
} from '../generated/PostgreSqlParser.js';
import { buildDeleteStmt, buildInsertStmt, buildUpdateStmt } from './build-dml.js';
import { buildSelectStmt } from './build-select.js';
import { loc, nameOf, objectName } from './names.js';
import { stringValue } from './string-literal.js';

export function buildCopy(ctx: CopyStmtContext): CopyStmt {
  const options: CopyOption[] = [];
  if (ctx.BINARY()) options.push({ name: 'format', value: 'binary', location: loc(ctx.BINARY()!) });
  const delimiter = ctx.copyDelimiter();
  if (delimiter)
    options.push({ name: 'delimiter', value: stringValue(delimiter.sconst()), location: loc(delimiter) });
  const list = ctx.copyOptions();
  for (const item of list.copyOptItem()) options.push(oldStyleOption(item));
  for (const elem of list.copyGenericOptElem()) options.push(genericOption(elem));
  const target = ctx.copyFileName().sconst();
  const file = target
    ? { file: { name: stringValue(target), program: ctx.copyFileName().PROGRAM() !== null } }
    : {};
  const query = ctx.copyQuery();
  if (query)
    return { kind: 'copy', columns: [], query: buildCopyQuery(query), direction: 'to', options, ...file };
  const columns = ctx.nameList();
  return {
    kind: 'copy',
    table: objectName(ctx.qualifiedName()!),
    columns: columns ? names(columns) : [],
    direction: ctx.FROM() ? 'from' : 'to',
    options,
    ...file,
  };
}

function buildCopyQuery(ctx: CopyQueryContext): Statement {
  const select = ctx.selectStmt();
  if (select) return buildSelectStmt(select);
  const insert = ctx.insertStmt();
  if (insert) return buildInsertStmt(insert);
  const update = ctx.updateStmt();
  if (update) return buildUpdateStmt(update);
  return buildDeleteStmt(ctx.deleteStmt()!);
}

const names = (ctx: NameListContext): string[] => ctx.name().map(nameOf);

function oldStyleOption(ctx: CopyOptItemContext): CopyOption {
  const location = loc(ctx);
  const s = ctx.sconst();
  const value = s ? stringValue(s) : undefined;
  if (ctx.BINARY()) return { name: 'format', value: 'binary', location };
  if (ctx.FREEZE()) return { name: 'freeze', location };
  if (ctx.CSV()) return { name: 'format', value: 'csv', location };
  if (ctx.HEADER_P()) return { name: 'header', location };
  if (ctx.DELIMITER()) return { name: 'delimiter', value, location };
  if (ctx.QUOTE() && !ctx.FORCE()) return { name: 'quote', value, location };
  if (ctx.ESCAPE()) return { name: 'escape', value, location };
  if (ctx.ENCODING()) return { name: 'encoding', value, location };
  if (ctx.FORCE()) {
    const list = ctx.nameList();
    const cols = list ? names(list) : '*';
    if (ctx.QUOTE()) return { name: 'force_quote', value: cols, location };
    if (ctx.NOT()) return { name: 'force_not_null', value: cols, location };
    return { name: 'force_null', value: cols, location };
  }
  return { name: 'null', value, location };
}

function genericOption(ctx: CopyGenericOptElemContext): CopyOption {
  const name = nameOf(ctx.colLabel());
  const location = loc(ctx);
  const arg = ctx.copyGenericOptArg();
  return arg ? { name, value: genericValue(arg), location } : { name, location };
}

/** The value of a generic `name value` / `name = value` option, as written. */
export function genericValue(ctx: CopyGenericOptArgContext): string | string[] {
  if (ctx.TRUE_P()) return 'true';
  if (ctx.FALSE_P()) return 'false';
  if (ctx.ON()) return 'on';
  if (ctx.STAR()) return '*';
  const word = ctx.nonReservedWord();
  if (word) return nameOf(word);
  const s = ctx.sconst();
  if (s) return stringValue(s);
  const number = ctx.numericOnly();
  if (number) return numericText(number);
  return ctx.copyGenericOptListItem().map((item) => {
    const w = item.nonReservedWord();
    return w ? nameOf(w) : stringValue(item.sconst()!);
  });
}

function numericText(ctx: NumericOnlyContext): string {
  const text = (ctx.ICONST() ?? ctx.FCONST()!).getText();
  return ctx.MINUS() ? `-${text}` : text;
}
