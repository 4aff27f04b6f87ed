/**
 * COPY's options, validated as PostgreSQL's ProcessCopyOptions does, with its error texts.
 *
 * Defaults: text format uses tab and `\N`; CSV uses comma, the empty string as NULL, `"` as
 * quote and escape. A CSV NULL is only an unquoted field, so `""` is an empty string.
 */
import { DbError, featureNotSupported } from '@rustydb/common';
import type { CopyOption } from '@rustydb/parser';

export interface CopyOptions {
  readonly format: 'text' | 'csv';
  /** HEADER: write (TO) or skip (FROM) a header line; 'match' also checks the names (FROM). */
  readonly header: boolean | 'match';
  readonly delimiter: string;
  readonly null: string;
  readonly quote: string;
  readonly escape: string;
  /** CSV TO: columns always quoted ('*': all). */
  readonly forceQuote: readonly string[] | '*';
  /** CSV FROM: columns whose NULL string is read as an empty string. */
  readonly forceNotNull: readonly string[] | '*';
  /** CSV FROM: columns whose quoted NULL string is read as NULL too. */
  readonly forceNull: readonly string[] | '*';
}

const syntax = (message: string, location?: number): DbError =>
  new DbError('42601', message, location === undefined ? {} : { position: location + 1 });
const invalid = (message: string): DbError => new DbError('22023', message);
const unsupported = (message: string): DbError => new DbError('0A000', message);

/** Characters a text-format delimiter may not be (they would read as data or escapes). */
const BAD_TEXT_DELIMITERS = '\\.abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Checks the options of one COPY statement. Sync.
 * @throws DbError 42601 (unknown, conflicting or redundant options), 22023 / 0A000 for values
 *   PostgreSQL rejects, 0A000 for the binary format (not supported yet).
 */
export function parseCopyOptions(options: readonly CopyOption[], direction: 'from' | 'to'): CopyOptions {
  const seen = new Set<string>();
  let format: 'text' | 'csv' = 'text';
  let header: boolean | 'match' = false;
  let delimiter: string | undefined;
  let nullString: string | undefined;
  let quote: string | undefined;
  let escapeChar: string | undefined;
  let forceQuote: readonly string[] | '*' = [];
  let forceNotNull: readonly string[] | '*' = [];
  let forceNull: readonly string[] | '*' = [];
  for (const o of options) {
    if (seen.has(o.name)) throw syntax('conflicting or redundant options', o.location);
    seen.add(o.name);
    switch (o.name) {
      case 'format': {
        const f = stringValue(o);
        if (f === 'binary') throw featureNotSupported('COPY format "binary"');
        if (f !== 'text' && f !== 'csv') {
          throw new DbError('22023', `COPY format "${f}" not recognized`, { position: o.location + 1 });
        }
        format = f;
        break;
      }
      case 'header':
        header = headerValue(o);
        break;
      case 'delimiter':
        delimiter = stringValue(o);
        break;
      case 'null':
        nullString = stringValue(o);
        break;
      case 'quote':
        quote = stringValue(o);
        break;
      case 'escape':
        escapeChar = stringValue(o);
        break;
      case 'force_quote':
        forceQuote = columnsValue(o);
        break;
      case 'force_not_null':
        forceNotNull = columnsValue(o);
        break;
      case 'force_null':
        forceNull = columnsValue(o);
        break;
      case 'encoding':
        if (!/^utf-?8$/i.test(stringValue(o))) {
          throw featureNotSupported(`COPY encoding "${stringValue(o)}"`);
        }
        break;
      case 'freeze':
        // NB: FREEZE is an optimization PostgreSQL allows only for a table created or truncated
        // in the same transaction; we never need it, so it is accepted and ignored.
        break;
      default:
        throw syntax(`option "${o.name}" not recognized`, o.location);
    }
  }
  const csv = format === 'csv';
  const opts: CopyOptions = {
    format,
    header,
    delimiter: delimiter ?? (csv ? ',' : '\t'),
    null: nullString ?? (csv ? '' : '\\N'),
    quote: quote ?? '"',
    escape: escapeChar ?? quote ?? '"',
    forceQuote,
    forceNotNull,
    forceNull,
  };
  check(opts, direction, { quote, escape: escapeChar, forceQuote: seen.has('force_quote') });
  return opts;
}

function check(
  o: CopyOptions,
  direction: 'from' | 'to',
  given: { quote?: string; escape?: string; forceQuote: boolean },
): void {
  const csv = o.format === 'csv';
  if (o.delimiter.length !== 1 || Buffer.byteLength(o.delimiter) !== 1) {
    throw unsupported('COPY delimiter must be a single one-byte character');
  }
  if (o.delimiter === '\n' || o.delimiter === '\r') {
    throw invalid('COPY delimiter cannot be newline or carriage return');
  }
  if (o.null.includes('\n') || o.null.includes('\r')) {
    throw invalid('COPY null representation cannot use newline or carriage return');
  }
  if (!csv && BAD_TEXT_DELIMITERS.includes(o.delimiter)) {
    throw invalid(`COPY delimiter cannot be "${o.delimiter}"`);
  }
  if (!csv && given.quote !== undefined) throw unsupported('COPY quote available only in CSV mode');
  if (csv && (o.quote.length !== 1 || Buffer.byteLength(o.quote) !== 1)) {
    throw unsupported('COPY quote must be a single one-byte character');
  }
  if (csv && o.delimiter === o.quote) throw invalid('COPY delimiter and quote must be different');
  if (!csv && given.escape !== undefined) throw unsupported('COPY escape available only in CSV mode');
  if (csv && (o.escape.length !== 1 || Buffer.byteLength(o.escape) !== 1)) {
    throw unsupported('COPY escape must be a single one-byte character');
  }
  if (!csv && given.forceQuote) throw unsupported('COPY force quote available only in CSV mode');
  if (given.forceQuote && direction === 'from') {
    throw unsupported('COPY force quote only available using COPY TO');
  }
  if (!isEmpty(o.forceNotNull) && !csv) throw unsupported('COPY force not null available only in CSV mode');
  if (!isEmpty(o.forceNotNull) && direction === 'to') {
    throw unsupported('COPY force not null only available using COPY FROM');
  }
  if (!isEmpty(o.forceNull) && !csv) throw unsupported('COPY force null available only in CSV mode');
  if (!isEmpty(o.forceNull) && direction === 'to') {
    throw unsupported('COPY force null only available using COPY FROM');
  }
  if (o.null.includes(o.delimiter))
    throw unsupported('COPY delimiter must not appear in the NULL specification');
  if (csv && o.null.includes(o.quote))
    throw unsupported('CSV quote character must not appear in the NULL specification');
  if (o.header === 'match' && direction === 'to')
    throw unsupported('cannot use "match" with HEADER in COPY TO');
}

const isEmpty = (cols: readonly string[] | '*'): boolean => cols !== '*' && cols.length === 0;

function stringValue(o: CopyOption): string {
  if (typeof o.value === 'string') return o.value;
  throw syntax(`${o.name} requires a parameter`);
}

function columnsValue(o: CopyOption): readonly string[] | '*' {
  if (o.value === '*' || Array.isArray(o.value)) return o.value as readonly string[] | '*';
  throw new DbError('22023', `argument to option "${o.name}" must be a list of column names`);
}

/** defGetCopyHeaderChoice: a Boolean or "match"; the bare option means true. */
function headerValue(o: CopyOption): boolean | 'match' {
  if (o.value === undefined) return true;
  if (typeof o.value === 'string') {
    const v = o.value.toLowerCase();
    if (['true', 'on', '1'].includes(v)) return true;
    if (['false', 'off', '0'].includes(v)) return false;
    if (v === 'match') return 'match';
  }
  throw syntax('header requires a Boolean value or "match"');
}
