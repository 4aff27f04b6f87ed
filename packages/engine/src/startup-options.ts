/**
 * The settings a client's startup packet asks for (PostgreSQL's process_startup_options).
 *
 * The packet's `options` parameter holds command-line switches, as libpq's PGOPTIONS,
 * node-postgres's `options` and JDBC's `options` send them: `-c name=value` or `--name=value`,
 * separated by spaces, a backslash keeping the next character (`-c search_path=a\,\ b`). They
 * come first; the packet's other parameters (`application_name=psql`, JDBC's `search_path`) are
 * settings too and override them. `user`, `database`, `replication` and `options` are the
 * protocol's own.
 */
import { DbError } from '@rustydb/common';

/** One setting asked for at startup; `bySwitch`: written in `options` rather than as a parameter. */
export interface StartupSetting {
  readonly name: string;
  readonly value: string;
  readonly bySwitch: boolean;
}

const PROTOCOL_PARAMETERS: ReadonlySet<string> = new Set(['user', 'database', 'options', 'replication']);

/**
 * The settings of startup parameters `params`, in the order they apply (later ones win).
 * @throws DbError 42601 for a switch other than -c / --name=value, or one without a value.
 */
export function startupSettings(params: Readonly<Record<string, string>>): StartupSetting[] {
  const settings: StartupSetting[] = [];
  const options = params.options;
  if (options !== undefined) {
    const words = splitOptions(options);
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      if (word === '-c') settings.push(switchSetting(words[++i], '-c'));
      else if (word.startsWith('-c')) settings.push(switchSetting(word.slice(2), '-c'));
      else if (word.startsWith('--') && word.length > 2) settings.push(switchSetting(word.slice(2), '--'));
      else throw invalidArgument(word);
    }
  }
  for (const [name, value] of Object.entries(params)) {
    if (!PROTOCOL_PARAMETERS.has(name) && !name.startsWith('_pq_.')) {
      settings.push({ name, value, bySwitch: false });
    }
  }
  return settings;
}

/** pg_split_opts: words separated by unescaped white space; `\x` is `x`. */
export function splitOptions(options: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < options.length; i++) {
    const ch = options[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      continue;
    }
    inWord = true;
    if (ch === '\\' && i + 1 < options.length) word += options[++i];
    else word += ch;
  }
  if (inWord) words.push(word);
  return words;
}

/** ParseLongOption: `name=value`, dashes in the name read as underscores. */
function switchSetting(arg: string | undefined, flag: '-c' | '--'): StartupSetting {
  if (arg === undefined) throw invalidArgument(flag);
  const eq = arg.indexOf('=');
  if (eq < 0) {
    const what = flag === '-c' ? `-c ${arg}` : `--${arg}`;
    throw new DbError('42601', `${what} requires a value`);
  }
  return { name: arg.slice(0, eq).replaceAll('-', '_'), value: arg.slice(eq + 1), bySwitch: true };
}

const invalidArgument = (word: string): DbError =>
  new DbError('42601', `invalid command-line argument for server process: ${word}`, {
    hint: 'Try "postgres --help" for more information.',
  });
