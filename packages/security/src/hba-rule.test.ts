import { describe, expect, it } from 'vitest';
import { hbaRejectsConnection, noHbaEntry } from './auth-errors.js';
import { defaultHbaRules, type HbaRule, parseHbaRules } from './hba-rule.js';
import { type HbaRequest, matchHbaRule } from './match-hba-rule.js';
import { postgres15 } from './test-fixtures.js';

const CONFIG = `
# TYPE  DATABASE        USER            ADDRESS                 METHOD
local   all             postgres                                trust
host    all             blocked         0.0.0.0/0               reject
host    sales,"all"     +accounting     10.1.0.0/16             md5
host    all             alice, bob      192.168.1.0 255.255.255.0  password   # netmask form
hostssl all             all             ::/0                    scram-sha-256
hostnossl all           all             2001:db8::/32           md5
host    sameuser        all             127.0.0.1/32            trust
host    "with space"    "all"           fe80::1/128             trust
host    replication     all             all                     trust
host    all             all             127.0.0.0/8             scram-sha-256
`;

const rules = parseHbaRules(CONFIG);

function match(request: Partial<HbaRequest>): HbaRule | undefined {
  return matchHbaRule(rules, { database: 'db', user: 'carol', ssl: false, address: '127.0.0.1', ...request });
}

describe('parseHbaRules', () => {
  it('parses types, lists, quotes, comments and both address forms', () => {
    expect(rules.map((r) => [r.line, r.type, r.method])).toEqual([
      [3, 'local', 'trust'],
      [4, 'host', 'reject'],
      [5, 'host', 'md5'],
      [6, 'host', 'password'],
      [7, 'hostssl', 'scram-sha-256'],
      [8, 'hostnossl', 'md5'],
      [9, 'host', 'trust'],
      [10, 'host', 'trust'],
      [11, 'host', 'trust'],
      [12, 'host', 'scram-sha-256'],
    ]);
    expect(rules[0].address).toBeUndefined();
    expect(rules[2].databases).toEqual([
      { kind: 'name', name: 'sales' },
      { kind: 'name', name: 'all' },
    ]);
    expect(rules[2].users).toEqual([{ kind: 'member', name: 'accounting' }]);
    expect(rules[3].users).toEqual([
      { kind: 'name', name: 'alice' },
      { kind: 'name', name: 'bob' },
    ]);
    expect(rules[3].address).toEqual({
      kind: 'network',
      bytes: Uint8Array.from([192, 168, 1, 0]),
      mask: Uint8Array.from([255, 255, 255, 0]),
    });
    expect(rules[7].databases).toEqual([{ kind: 'name', name: 'with space' }]);
    expect(rules[7].users).toEqual([{ kind: 'name', name: 'all' }]);
    expect(rules[8].address).toEqual({ kind: 'all' });
    expect(rules[3].text).toBe(
      'host    all             alice, bob      192.168.1.0 255.255.255.0  password   # netmask form',
    );
  });

  // Messages recorded from PostgreSQL 15's pg_hba_file_rules for the same lines.
  it.each([
    ['hosty all all 127.0.0.1/32 trust', 'invalid connection type "hosty"'],
    ['host', 'end-of-line before database specification'],
    ['host all', 'end-of-line before role specification'],
    ['host all all', 'end-of-line before IP address specification'],
    ['host all all 127.0.0.1/32', 'end-of-line before authentication method'],
    ['host all all 127.0.0.1/33 trust', 'invalid CIDR mask in address "127.0.0.1/33"'],
    ['host all all ::1/129 trust', 'invalid CIDR mask in address "::1/129"'],
    ['host "db" all 127.0.0.1/abc trust', 'invalid CIDR mask in address "127.0.0.1/abc"'],
    ['host db all 127.0.0.1/-1 trust', 'invalid CIDR mask in address "127.0.0.1/-1"'],
    ['host all all 127.0.0.1 trust', 'invalid IP mask "trust": Name or service not known'],
    ['host all all 127.0.0.1 ffff:: trust', 'IP address and mask do not match'],
    [
      'host all all foo.example/24 trust',
      'specifying both host name and CIDR mask is invalid: "foo.example/24"',
    ],
    ['host all all 127.0.0.1/32 bogus', 'invalid authentication method "bogus"'],
    ['host all all 127.0.0.1/32 trust foo=bar', 'unrecognized authentication option name: "foo"'],
    ['local all all 127.0.0.1/32 trust', 'invalid authentication method "127.0.0.1/32"'],
    // Ours (PostgreSQL accepts these; we do not support them):
    ['host all all 127.0.0.1/32 ldap', 'invalid authentication method "ldap": not supported by this build'],
    ['host all all db.example trust', 'invalid IP address "db.example"'],
    ['host all all samenet trust', 'invalid IP address "samenet"'],
    ['host @dbs all all trust', 'file inclusion is not supported: "@dbs"'],
  ])('refuses %j with PostgreSQL message and its line number', (line, message) => {
    const text = `# header\n\nhost all all 127.0.0.1/32 trust\n${line}\n`;
    expect(() => parseHbaRules(text)).toThrow(
      expect.objectContaining({
        code: 'F0000',
        message,
        fields: expect.objectContaining({ where: 'line 4 of configuration file "pg_hba.conf"' }),
      }),
    );
  });

  it('names the file it was given', () => {
    expect(() => parseHbaRules('nope', 'hba.conf')).toThrow(
      expect.objectContaining({
        fields: expect.objectContaining({ where: 'line 1 of configuration file "hba.conf"' }),
      }),
    );
  });

  it('refuses a second value in single-valued fields', () => {
    expect(() => parseHbaRules('host,local all all all trust')).toThrow(
      'multiple values specified for connection type',
    );
    expect(() => parseHbaRules('host all all all trust,md5')).toThrow(
      'multiple values specified for authentication type',
    );
  });
});

describe('matchHbaRule', () => {
  it('matches local rules only for Unix-domain sockets', () => {
    expect(match({ address: undefined, user: 'postgres' })?.line).toBe(3);
    expect(match({ address: undefined, user: 'carol' })).toBeUndefined();
  });

  it('takes the first match, even when it rejects', () => {
    expect(match({ user: 'blocked', database: 'blocked' })?.method).toBe('reject');
    expect(match({ user: 'carol', database: 'carol' })?.line).toBe(9); // sameuser before 127/8
    expect(match({ user: 'carol', address: '127.0.0.2' })?.line).toBe(12);
  });

  it('matches IPv4 CIDR and netmask ranges', () => {
    expect(match({ user: 'alice', address: '192.168.1.77' })?.line).toBe(6);
    expect(match({ user: 'alice', address: '192.168.2.77' })).toBeUndefined();
    expect(match({ user: 'carol', address: '128.0.0.1' })).toBeUndefined();
  });

  it('matches IPv6 CIDR ranges and keeps families apart', () => {
    expect(match({ address: '2001:db8::5' })?.line).toBe(8);
    expect(match({ address: '2001:db9::5' })).toBeUndefined();
    expect(match({ address: 'fe80::1', database: 'with space', user: 'all' })?.line).toBe(10);
    expect(match({ address: 'fe80::1', database: 'with space', user: 'carol' })).toBeUndefined(); // "all" is a name
    expect(match({ address: '::ffff:127.0.0.1' })?.line).toBe(12); // IPv4-mapped counts as IPv4
  });

  it('honours hostssl and hostnossl', () => {
    expect(match({ address: '2001:db8::5', ssl: true })?.line).toBe(7);
    expect(match({ address: '2001:db9::5', ssl: true })?.line).toBe(7);
    expect(match({ address: '2001:db8::5', ssl: false })?.line).toBe(8);
  });

  it('resolves +role through isMemberOf, and a role is a member of itself', () => {
    const members = (user: string, role: string) => user === 'dave' && role === 'accounting';
    expect(match({ user: 'dave', database: 'sales', address: '10.1.2.3', isMemberOf: members })?.line).toBe(
      5,
    );
    expect(match({ user: 'dave', database: 'all', address: '10.1.2.3', isMemberOf: members })?.line).toBe(5);
    expect(
      match({ user: 'eve', database: 'sales', address: '10.1.2.3', isMemberOf: members }),
    ).toBeUndefined();
    expect(match({ user: 'accounting', database: 'sales', address: '10.1.2.3' })?.line).toBe(5);
  });

  it('never matches replication rules for ordinary connections', () => {
    expect(match({ address: '8.8.8.8' })).toBeUndefined();
  });
});

describe('host-rule errors', () => {
  it('reproduce PostgreSQL texts', () => {
    const conn = { address: '127.0.0.1', database: 'other', user: 's_ascii', ssl: false };
    expect(noHbaEntry(conn)).toMatchObject({
      code: '28000',
      message: postgres15.hbaMessages.noEntry,
      severity: 'FATAL',
    });
    expect(hbaRejectsConnection({ ...conn, user: 'r_user', database: 'postgres' }).message).toBe(
      postgres15.hbaMessages.reject,
    );
    expect(noHbaEntry({ ...conn, ssl: true }).message).toBe(
      'no pg_hba.conf entry for host "127.0.0.1", user "s_ascii", database "other", SSL encryption',
    );
    expect(noHbaEntry({ ...conn, address: undefined }).message).toBe(
      'no pg_hba.conf entry for host "[local]", user "s_ascii", database "other", no encryption',
    );
  });
});

describe('defaultHbaRules', () => {
  it('trusts loopback and local sockets until a password is set, then demands SCRAM; nothing else', () => {
    for (const [passwordSet, method] of [
      [false, 'trust'],
      [true, 'scram-sha-256'],
    ] as const) {
      const defaults = defaultHbaRules({ passwordSet });
      const at = (address: string | undefined) =>
        matchHbaRule(defaults, { database: 'rustydb', user: 'u', address, ssl: false })?.method;
      expect([at(undefined), at('127.0.0.1'), at('::1'), at('::ffff:127.0.0.1')]).toEqual([
        method,
        method,
        method,
        method,
      ]);
      expect([at('127.0.0.2'), at('10.0.0.1'), at('::2')]).toEqual([undefined, undefined, undefined]);
    }
  });
});
