/**
 * Reading a corpus file: plain SQL, one statement after another.
 *
 * The format is deliberately the simplest one psql would also accept:
 *   - a statement ends at the first line whose text (after trailing blanks) ends with `;`;
 *   - lines starting with `--` are comments; the last comment block before a statement is its
 *     label (it names what the statement tests) and is shown next to any difference;
 *   - blank lines are ignored.
 *
 * NB: the splitter does not look inside string literals, so a literal that ends a line with `;`
 * splits the statement. Corpus files simply never do that; the runner's tests pin the rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One statement of a corpus file. */
export interface CorpusStatement {
  /** 1-based position among the file's statements: the `N` of `file:N` in reports and lists. */
  readonly index: number;
  /** 1-based line where the statement's text starts. */
  readonly line: number;
  /** The statement's text, without the final `;`. */
  readonly sql: string;
  /** The comment lines before the statement (without `--`), joined by spaces; '' when none. */
  readonly label: string;
}

/** A parsed corpus file. */
export interface CorpusFile {
  /** File name without directory, e.g. `joins.sql`: the key in reports and known-differences. */
  readonly name: string;
  readonly statements: readonly CorpusStatement[];
}

/**
 * Splits SQL text into statements by the rule above. Pure; throws an Error naming the line when
 * text follows the last `;` (an unterminated statement is a corpus typo, not something to run).
 */
export function parseCorpusFile(name: string, text: string): CorpusFile {
  const statements: CorpusStatement[] = [];
  const lines = text.split('\n');
  let comment: string[] = [];
  let buffer: string[] = [];
  let start = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (buffer.length === 0) {
      if (trimmed === '') continue;
      if (trimmed.startsWith('--')) {
        comment.push(trimmed.slice(2).trim());
        continue;
      }
      start = i + 1;
    }
    buffer.push(line);
    if (line.endsWith(';')) {
      const sql = buffer.join('\n').slice(0, -1).trim();
      statements.push({ index: statements.length + 1, line: start, sql, label: comment.join(' ') });
      buffer = [];
      comment = [];
    }
  }
  if (buffer.length > 0) {
    throw new Error(`${name}:${start}: statement does not end with ';' at the end of a line`);
  }
  return { name, statements };
}

/** Reads and parses one corpus file. Sync; throws on I/O errors and unterminated statements. */
export function loadCorpusFile(path: string): CorpusFile {
  return parseCorpusFile(basename(path), readFileSync(path, 'utf8'));
}

/** The `.sql` files of a corpus directory, sorted by name. Sync. */
export function listCorpusFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => join(dir, f));
}

/** The corpus that ships with this package: `tools/difftest/corpus`. */
export const corpusDir: string = new URL('../corpus', import.meta.url).pathname;
