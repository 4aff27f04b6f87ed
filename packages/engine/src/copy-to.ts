/**
 * COPY table [(columns)] TO STDOUT and COPY (query) TO STDOUT: rows formatted as text or CSV
 * lines, one CopyData message per row, streamed as the executor produces them (RowCursor waits
 * for a slow client between batches).
 *
 * TEXT: the delimiter between fields, the NULL string (`\N`) for NULL, and in values a backslash
 * before backslash, the delimiter, and the control characters written `\b \f \n \r \t \v`
 * (PostgreSQL's CopyAttributeOutText).
 * CSV: a field is quoted when it contains the delimiter, the quote, a CR or LF, equals the NULL
 * string (so an empty string is `""` when NULL is empty), is `\.` alone on its line, or its column
 * is in FORCE_QUOTE; inside quotes the quote and the escape character are preceded by the escape
 * character (`""` by default). NULL is the bare NULL string.
 * HEADER writes the column names first, formatted the same way.
 */
import { DbError, formatText, type Row, type SqlType, undefinedTable } from '@rustydb/common';
import { checkWritableWith } from '@rustydb/executor';
import { optimize } from '@rustydb/optimizer';
import { type CopyStmt, parse, quoteIdent, type Statement } from '@rustydb/parser';
import { bindStatementWithParams } from '@rustydb/planner';
import { FileCopySink, serverFilePath } from './copy-file.js';
import { copyColumns } from './copy-from.js';
import { type CopyOptions, parseCopyOptions } from './copy-options.js';
import { lockPlan } from './plan-locks.js';
import { RowCursor } from './row-cursor.js';
import type { StatementContext } from './session.js';
import type { TextOutputSettings } from './session-settings.js';

/**
 * Runs COPY … TO STDOUT. Async (yields between batches, waits for the client). Resolves after
 * `COPY n`. @throws DbError option and name errors, the query's errors, 0A000 where the output
 * cannot take COPY data.
 */
export async function runCopyTo(stmt: CopyStmt, ctx: StatementContext): Promise<void> {
  const path = stmt.file === undefined ? undefined : serverFilePath(stmt, ctx);
  const opts = parseCopyOptions(stmt.options, 'to');
  const out = ctx.out;
  if (
    path === undefined &&
    (out.copyOut === undefined || out.copyData === undefined || out.copyDone === undefined)
  ) {
    throw new DbError('0A000', 'COPY TO STDOUT is not supported in this session');
  }
  const { query, sql } = copyQuery(stmt, ctx);
  const planQuery = () => {
    const catalog = ctx.catalog;
    const { plan } = bindStatementWithParams(query, { catalog, sql });
    return { plan, physical: optimize(plan, { catalog, settings: ctx.settings.all() }), catalog };
  };
  let exec = ctx.execution();
  // COPY (query) TO locks what the query reads, as a SELECT does (COPY t TO locked t already),
  // before the output starts: after a wait the query may be planned anew (plan-locks.ts).
  let planned = planQuery();
  const locking = lockPlan(planned, ctx, exec, planQuery, undefined);
  if (locking !== undefined) {
    planned = await locking;
    exec = ctx.execution();
  }
  const { plan, physical } = planned;
  checkWritableWith(physical, exec);
  const names = plan.columns.map((c) => c.name);
  const types = plan.columns.map((c) => c.type);
  const forced = names.map((n) => opts.forceQuote === '*' || opts.forceQuote.includes(n));
  const format = new LineFormat(opts, types, forced, ctx.settings.textOutput());
  const cursor = new RowCursor(physical, exec);
  if (path !== undefined) {
    // A server-side file (copy-file.ts): the lines go there, the client gets the tag only.
    const sink = new FileCopySink(path);
    try {
      if (opts.header) sink.write(format.header(names));
      const written = await cursor.fetch(0, { dataRow: (row) => sink.write(format.line(row)) });
      sink.close();
      out.commandComplete(`COPY ${written}`);
    } finally {
      sink.abandon();
    }
    return;
  }
  out.copyOut!({ format: 0, columnFormats: names.map(() => 0) });
  if (opts.header) out.copyData!(format.header(names));
  const copyData = out.copyData!.bind(out);
  const sent = await cursor.fetch(0, {
    dataRow: (row) => copyData(format.line(row)),
    backpressure: () => out.backpressure?.(),
  });
  out.copyDone!();
  out.commandComplete(`COPY ${sent}`);
}

/** The statement whose rows COPY writes: the query, or `SELECT columns FROM table`. */
function copyQuery(stmt: CopyStmt, ctx: StatementContext): { query: Statement; sql: string } {
  if (stmt.query !== undefined) return { query: stmt.query, sql: ctx.sql };
  const name = stmt.table!;
  const table = ctx.catalog.table(name.name, name.schema);
  if (table === undefined) {
    throw undefinedTable(name.schema === undefined ? name.name : `${name.schema}.${name.name}`);
  }
  if (table.matview) {
    throw new DbError('42809', `cannot copy from materialized view "${table.name}"`, {
      hint: 'Try the COPY (SELECT ...) TO variant.',
    });
  }
  const columns = copyColumns(table, stmt.columns);
  const list = columns.map((c) => quoteIdent(c.name)).join(', ');
  const sql = `SELECT ${list} FROM ${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
  return { query: parse(sql)[0]!.stmt, sql };
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
};

/** Formats rows as COPY lines (newline included). Sync. */
export class LineFormat {
  private readonly csv: boolean;
  private readonly textSpecial: RegExp;
  private readonly csvSpecial: RegExp;

  constructor(
    private readonly opts: CopyOptions,
    private readonly types: readonly SqlType[],
    private readonly forceQuote: readonly boolean[],
    /**
     * The session's TimeZone, extra_float_digits, DateStyle and IntervalStyle: values print in
     * them, as PostgreSQL's COPY does.
     */
    private readonly text: TextOutputSettings,
  ) {
    this.csv = opts.format === 'csv';
    const d = escapeRegExp(opts.delimiter);
    this.textSpecial = new RegExp(`[\\\\\\b\\f\\n\\r\\t\\v${d}]`, 'g');
    this.csvSpecial = new RegExp(`[${d}${escapeRegExp(opts.quote)}\\r\\n]`);
  }

  line(row: Row): string {
    let s = '';
    const text = this.text;
    for (let i = 0; i < row.length; i++) {
      if (i > 0) s += this.opts.delimiter;
      const v = row[i];
      if (v === null) s += this.opts.null;
      else
        s += this.field(
          formatText(v, this.types[i]!, text.timeZone, text.extraFloatDigits, text.dateTimeStyle),
          this.forceQuote[i] === true,
          row.length === 1,
        );
    }
    return `${s}\n`;
  }

  header(names: readonly string[]): string {
    return `${names.map((n) => this.field(n, false, names.length === 1)).join(this.opts.delimiter)}\n`;
  }

  private field(value: string, forceQuote: boolean, single: boolean): string {
    if (!this.csv) return value.replace(this.textSpecial, (c) => TEXT_ESCAPES[c] ?? `\\${c}`);
    const quote =
      forceQuote || value === this.opts.null || this.csvSpecial.test(value) || (single && value === '\\.');
    if (!quote) return value;
    const q = this.opts.quote;
    const e = this.opts.escape;
    let s = q;
    for (const ch of value) s += ch === q || ch === e ? e + ch : ch;
    return s + q;
  }
}

const escapeRegExp = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
