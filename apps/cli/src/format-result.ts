/**
 * What psql prints for a statement's outcome: the result table and/or the command tag, and
 * error and notice reports in libpq's default verbosity. Shared by the wire shell (`rustydb sql`)
 * and the embedded runner (`rustydb query`), so both print exactly alike.
 */
import { formatTable, type TableColumn } from './format-table.js';

/** One statement's outcome, values already in their text form. */
export interface StatementResult {
  /** The CommandComplete tag (`SELECT 2`, `INSERT 0 1`, `CREATE TABLE`); '' for an empty query. */
  readonly tag: string;
  /** Present when the statement returned rows (a RowDescription came), even zero of them. */
  readonly columns?: readonly TableColumn[];
  readonly rows: readonly (readonly (string | null)[])[];
}

/** Commands whose tag psql prints after their RETURNING rows. */
const RETURNING_COMMANDS = /^(INSERT|UPDATE|DELETE|MERGE)\b/;

/** psql's output for one statement: the table (plus the tag for DML … RETURNING), or the tag. */
export function formatStatementResult(result: StatementResult): string {
  if (result.columns !== undefined) {
    const table = formatTable(result.columns, result.rows);
    return RETURNING_COMMANDS.test(result.tag) ? `${table}${result.tag}\n` : table;
  }
  return result.tag === '' ? '' : `${result.tag}\n`;
}

/** The fields of an ErrorResponse or NoticeResponse that psql shows. */
export interface ErrorReport {
  readonly severity: string;
  readonly message: string;
  readonly detail?: string | undefined;
  readonly hint?: string | undefined;
  /** 1-based character position in the statement text. */
  readonly position?: number | undefined;
  /** CONTEXT: where it happened (PL/pgSQL line, …). */
  readonly context?: string | undefined;
}

/**
 * libpq's message layout: `ERROR:  message`, then `LINE n:` with a caret under the position
 * when the statement text is known, then `DETAIL:`, `HINT:`, `CONTEXT:`. Ends with a newline.
 *
 * NB: psql shortens lines longer than 60 columns around the position with `...`; we always show
 * the whole line.
 */
export function formatErrorReport(report: ErrorReport, statement?: string): string {
  let text = `${report.severity}:  ${report.message}\n`;
  if (report.position !== undefined && statement !== undefined)
    text += formatPosition(statement, report.position);
  if (report.detail) text += `DETAIL:  ${report.detail}\n`;
  if (report.hint) text += `HINT:  ${report.hint}\n`;
  if (report.context) text += `CONTEXT:  ${report.context}\n`;
  return text;
}

function formatPosition(statement: string, position: number): string {
  const chars = [...statement];
  if (position < 1 || position > chars.length + 1) return '';
  let lineNo = 1;
  let lineStart = 0;
  for (let i = 0; i < position - 1; i++) {
    if (chars[i] === '\n') {
      lineNo++;
      lineStart = i + 1;
    }
  }
  let lineEnd = lineStart;
  while (lineEnd < chars.length && chars[lineEnd] !== '\n') lineEnd++;
  const prefix = `LINE ${lineNo}: `;
  const line = chars
    .slice(lineStart, lineEnd)
    .join('')
    .replace(/[\t\r]/g, ' ');
  return `${prefix}${line}\n${' '.repeat(prefix.length + (position - 1 - lineStart))}^\n`;
}
