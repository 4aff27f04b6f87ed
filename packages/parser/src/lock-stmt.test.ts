import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('LOCK TABLE', () => {
  it('parses every mode, the default, ONLY, several tables and NOWAIT', () => {
    expect(one('LOCK t')).toMatchObject({ kind: 'lock', mode: 'accessExclusive', nowait: false });
    expect(one('lock table only s.t, u in share row exclusive mode nowait')).toMatchObject({
      kind: 'lock',
      tables: [{ schema: 's', name: 't' }, { name: 'u' }],
      mode: 'shareRowExclusive',
      nowait: true,
    });
    const modes: [string, string][] = [
      ['ACCESS SHARE', 'accessShare'],
      ['ROW SHARE', 'rowShare'],
      ['ROW EXCLUSIVE', 'rowExclusive'],
      ['SHARE UPDATE EXCLUSIVE', 'shareUpdateExclusive'],
      ['SHARE', 'share'],
      ['SHARE ROW EXCLUSIVE', 'shareRowExclusive'],
      ['EXCLUSIVE', 'exclusive'],
      ['ACCESS EXCLUSIVE', 'accessExclusive'],
    ];
    for (const [sql, mode] of modes) expect(one(`LOCK t IN ${sql} MODE`)).toMatchObject({ mode });
  });

  it('keeps lock, mode, access and exclusive usable as names', () => {
    expect(one('SELECT lock, mode, access, exclusive FROM t')).toMatchObject({ kind: 'select' });
  });
});
