/**
 * Host-based authentication rules in the format of PostgreSQL's pg_hba.conf
 * (https://www.postgresql.org/docs/15/auth-pg-hba-conf.html), one rule a line:
 *
 *   local      DATABASE  USER  METHOD
 *   host       DATABASE  USER  ADDRESS  METHOD       (also hostssl, hostnossl, hostnogssenc, hostgssenc)
 *
 * - `#` starts a comment; blank lines are skipped; fields are separated by blanks.
 * - DATABASE and USER are comma lists (`a,b` or `a, b`). Keywords (unquoted only): DATABASE
 *   `all`, `sameuser`, `samerole`/`samegroup`, `replication`; USER `all` and `+role` (members of
 *   role). A double-quoted word is a plain name (`"all"` is the database named all).
 * - ADDRESS: `all`, `a.b.c.d/n`, `x:y::z/n`, or an address followed by a separate netmask field.
 * - METHOD: `trust`, `reject`, `scram-sha-256`, `md5`, `password`.
 *
 * Not supported, each refused with an error naming the line: host names, `samehost`/`samenet`,
 * `@file` inclusions, the other methods (ident, peer, ldap, …, which PostgreSQL names "not
 * supported by this build"), and authentication options (`name=value` after METHOD).
 * Errors are DbError F0000 (config_file_error) with PostgreSQL's message where it has one, and
 * `where` = `line N of configuration file "pg_hba.conf"` as PostgreSQL's error context.
 */
import { DbError } from '@rustydb/common';
import { parseIpAddress, prefixMask } from './ip-address.js';

/** The connection types of pg_hba.conf. */
export type HbaConnectionType = 'local' | 'host' | 'hostssl' | 'hostnossl' | 'hostgssenc' | 'hostnogssenc';

/** The authentication methods a rule can name. */
export type HbaMethod = 'trust' | 'reject' | 'scram-sha-256' | 'md5' | 'password';

/** One entry of a DATABASE field. */
export type HbaDatabase =
  | { readonly kind: 'all' | 'sameuser' | 'samerole' | 'replication' }
  | { readonly kind: 'name'; readonly name: string };

/** One entry of a USER field: `+role` is `member`. */
export type HbaUser = { readonly kind: 'all' } | { readonly kind: 'name' | 'member'; readonly name: string };

/** The ADDRESS field: any address, or a network (`bytes` and `mask` of the same length, 4 or 16). */
export type HbaAddress =
  | { readonly kind: 'all' }
  | { readonly kind: 'network'; readonly bytes: Uint8Array; readonly mask: Uint8Array };

/** One parsed line. Plain data. */
export interface HbaRule {
  /** 1-based line number in the parsed text. */
  readonly line: number;
  /** The line as written, for the server log ("Connection matched pg_hba.conf line 3: …"). */
  readonly text: string;
  readonly type: HbaConnectionType;
  readonly databases: readonly HbaDatabase[];
  readonly users: readonly HbaUser[];
  /** Absent for `local` rules. */
  readonly address?: HbaAddress;
  readonly method: HbaMethod;
}

const CONNECTION_TYPES: readonly string[] = [
  'local',
  'host',
  'hostssl',
  'hostnossl',
  'hostgssenc',
  'hostnogssenc',
];
const METHODS: readonly string[] = ['trust', 'reject', 'scram-sha-256', 'md5', 'password'];
/** Methods PostgreSQL knows but we do not implement. */
const UNSUPPORTED_METHODS: readonly string[] = [
  'ident',
  'peer',
  'gss',
  'sspi',
  'pam',
  'bsd',
  'ldap',
  'radius',
  'cert',
];

interface Token {
  readonly text: string;
  readonly quoted: boolean;
}

/** A field is a comma list of tokens. */
type Field = Token[];

/**
 * Splits one line into fields as PostgreSQL's next_token/next_field_expand do: blanks separate
 * fields, a comma continues the field (blanks after it are allowed), double quotes protect
 * blanks, commas and `#`, and an unquoted `#` ends the line.
 */
function tokenizeLine(line: string): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  let ended = false;
  const nextToken = (): { token: Token | undefined; trailingComma: boolean } => {
    while (pos < line.length && /[ \t\r,]/.test(line[pos])) pos++;
    let text = '';
    let quoted = false;
    let inQuote = false;
    while (pos < line.length) {
      const c = line[pos];
      if (!inQuote && (c === ' ' || c === '\t' || c === '\r' || c === ',')) break;
      if (!inQuote && c === '#') {
        ended = true;
        break;
      }
      pos++;
      if (c === '"') {
        inQuote = !inQuote;
        quoted = true;
      } else {
        text += c;
      }
    }
    const trailingComma = !ended && line[pos] === ',';
    if (trailingComma) pos++;
    return { token: text === '' && !quoted ? undefined : { text, quoted }, trailingComma };
  };
  while (!ended && pos < line.length) {
    const field: Field = [];
    let more: boolean;
    do {
      const { token, trailingComma } = nextToken();
      if (token !== undefined) field.push(token);
      more = trailingComma;
    } while (more && !ended);
    if (field.length > 0) fields.push(field);
  }
  return fields;
}

class HbaLineParser {
  private index = 0;

  constructor(
    private readonly fields: Field[],
    private readonly lineNumber: number,
    private readonly text: string,
    private readonly fileName: string,
  ) {}

  error(message: string, fields: { hint?: string; detail?: string } = {}): DbError {
    return new DbError('F0000', message, {
      ...fields,
      where: `line ${this.lineNumber} of configuration file "${this.fileName}"`,
    });
  }

  next(missing: string): Field {
    const field = this.fields[this.index++];
    if (field === undefined) throw this.error(`end-of-line before ${missing}`);
    return field;
  }

  single(field: Field, message: string, hint: string): Token {
    if (field.length > 1) throw this.error(message, { hint });
    return field[0];
  }

  parse(): HbaRule {
    const typeToken = this.single(
      this.next('connection type'),
      'multiple values specified for connection type',
      'Specify exactly one connection type per line.',
    );
    if (!CONNECTION_TYPES.includes(typeToken.text))
      throw this.error(`invalid connection type "${typeToken.text}"`);
    const type = typeToken.text as HbaConnectionType;
    const databases = this.next('database specification').map((t) => this.database(t));
    const users = this.next('role specification').map((t) => this.user(t));
    const address = type === 'local' ? undefined : this.address();
    const methodToken = this.single(
      this.next('authentication method'),
      'multiple values specified for authentication type',
      'Specify exactly one authentication type per line.',
    );
    const method = this.method(methodToken.text);
    const option = this.fields[this.index]?.[0];
    if (option !== undefined) {
      const eq = option.text.indexOf('=');
      if (eq < 0) throw this.error(`authentication option not in name=value format: ${option.text}`);
      throw this.error(`unrecognized authentication option name: "${option.text.slice(0, eq)}"`);
    }
    const rule: HbaRule = { line: this.lineNumber, text: this.text, type, databases, users, method };
    return address === undefined ? rule : { ...rule, address };
  }

  private noInclusions(token: Token): void {
    if (!token.quoted && token.text.startsWith('@')) {
      throw this.error(`file inclusion is not supported: "${token.text}"`, {
        hint: 'List the names in the rule itself.',
      });
    }
  }

  private database(token: Token): HbaDatabase {
    this.noInclusions(token);
    if (!token.quoted) {
      switch (token.text) {
        case 'all':
        case 'sameuser':
        case 'samerole':
        case 'replication':
          return { kind: token.text };
        case 'samegroup':
          return { kind: 'samerole' };
      }
    }
    return { kind: 'name', name: token.text };
  }

  private user(token: Token): HbaUser {
    this.noInclusions(token);
    if (!token.quoted && token.text === 'all') return { kind: 'all' };
    if (!token.quoted && token.text.startsWith('+')) return { kind: 'member', name: token.text.slice(1) };
    return { kind: 'name', name: token.text };
  }

  private address(): HbaAddress {
    const token = this.single(
      this.next('IP address specification'),
      'multiple values specified for host address',
      'Specify one address range per line.',
    );
    const text = token.text;
    if (text === 'all') return { kind: 'all' };
    const slash = text.indexOf('/');
    const host = slash < 0 ? text : text.slice(0, slash);
    const bytes = parseIpAddress(host);
    if (bytes === undefined) {
      if (slash >= 0) throw this.error(`specifying both host name and CIDR mask is invalid: "${text}"`);
      throw this.error(`invalid IP address "${text}"`, {
        detail: 'Host names, samehost and samenet are not supported; use an IP address range.',
      });
    }
    if (slash >= 0) {
      const bitsText = text.slice(slash + 1);
      const mask = /^[0-9]+$/.test(bitsText) ? prefixMask(Number(bitsText), bytes.length) : undefined;
      if (mask === undefined) throw this.error(`invalid CIDR mask in address "${text}"`);
      return { kind: 'network', bytes, mask };
    }
    const maskField = this.fields[this.index++];
    if (maskField === undefined) {
      throw this.error('end-of-line before netmask specification', {
        hint: 'Specify an address range in CIDR notation, or provide a separate netmask.',
      });
    }
    const maskToken = this.single(
      maskField,
      'multiple values specified for netmask',
      'Specify one netmask per line.',
    );
    const mask = parseIpAddress(maskToken.text);
    if (mask === undefined)
      throw this.error(`invalid IP mask "${maskToken.text}": Name or service not known`);
    if (mask.length !== bytes.length) throw this.error('IP address and mask do not match');
    return { kind: 'network', bytes, mask };
  }

  private method(text: string): HbaMethod {
    if (METHODS.includes(text)) return text as HbaMethod;
    if (UNSUPPORTED_METHODS.includes(text))
      throw this.error(`invalid authentication method "${text}": not supported by this build`);
    throw this.error(`invalid authentication method "${text}"`);
  }
}

/**
 * Parses pg_hba.conf-format text into rules, in file order. Sync; the result is plain data.
 * @throws DbError F0000 for the first bad line, with PostgreSQL's message and
 *   `where` = `line N of configuration file "<fileName>"`.
 */
export function parseHbaRules(text: string, fileName = 'pg_hba.conf'): HbaRule[] {
  const rules: HbaRule[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const fields = tokenizeLine(raw);
    if (fields.length === 0) continue;
    rules.push(new HbaLineParser(fields, i + 1, raw.trim(), fileName).parse());
  }
  return rules;
}

/**
 * The rules of a fresh server: connections over loopback (127.0.0.1/32, ::1/128) and local
 * sockets only. Until the first password is set they are `trust` (nobody could log in
 * otherwise); once a role has a password they demand `scram-sha-256`. Everything else has no
 * entry and is refused with 28000. Sync.
 */
export function defaultHbaRules(options: { readonly passwordSet: boolean }): HbaRule[] {
  const method: HbaMethod = options.passwordSet ? 'scram-sha-256' : 'trust';
  return parseHbaRules(
    [`local all all ${method}`, `host all all 127.0.0.1/32 ${method}`, `host all all ::1/128 ${method}`].join(
      '\n',
    ),
  );
}
