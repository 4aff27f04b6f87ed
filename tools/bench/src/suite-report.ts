/**
 * What every suite hands back to the CLI: a titled table and the notes that make its figures
 * honest (what was measured, what could not run and why, peak memory).
 */
import { formatTable, type Table } from './format-table.js';

export interface SuiteReport {
  readonly title: string;
  readonly table: Table;
  /** One line each, printed as a bullet list under the table. */
  readonly notes: readonly string[];
}

/** The report as Markdown: `## title`, the table, the notes. Sync. */
export function formatSuiteReport(report: SuiteReport): string {
  const notes = report.notes.map((n) => `- ${n}\n`).join('');
  return `## ${report.title}\n\n${formatTable(report.table)}${notes === '' ? '' : `\n${notes}`}`;
}
