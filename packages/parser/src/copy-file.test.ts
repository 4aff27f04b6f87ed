import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';

const one = (sql: string) => parse(sql)[0]!.stmt;

describe('COPY to and from server-side files and programs', () => {
  it('keeps the file name or the command, and nothing for STDIN / STDOUT', () => {
    expect(one("COPY t FROM '/tmp/in.csv' WITH (FORMAT csv)")).toMatchObject({
      kind: 'copy',
      direction: 'from',
      file: { name: '/tmp/in.csv', program: false },
      options: [{ name: 'format', value: 'csv' }],
    });
    expect(one("COPY (SELECT 1) TO E'/tmp/o\\'ut'")).toMatchObject({
      direction: 'to',
      file: { name: "/tmp/o'ut", program: false },
    });
    expect(one("COPY t (a) TO PROGRAM 'gzip > /tmp/x.gz'")).toMatchObject({
      file: { name: 'gzip > /tmp/x.gz', program: true },
    });
    expect(one('COPY t FROM STDIN')).not.toHaveProperty('file');
  });

  it('leaves PROGRAM an unreserved word, as in PostgreSQL', () => {
    expect(one('CREATE TABLE program (program int)')).toMatchObject({ kind: 'createTable' });
    expect(one('SELECT program FROM program')).toMatchObject({ kind: 'select' });
  });
});
