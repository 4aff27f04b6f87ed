import { it } from 'vitest';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';
import { readFileSync } from 'node:fs';

it('scratch', async () => {
  const dir = makeTempDir();
  const db = await openTestDatabase(dir);
  const s = db.connect();
  const sqls = readFileSync('/tmp/cat/q.sql', 'utf8')
    .split(/;\s*\n/)
    .filter((x) => x.trim());
  for (const sql of sqls) {
    try {
      const r = await s.query(sql);
      console.log(
        'OK',
        sql.slice(0, 60).replace(/\s+/g, ' '),
        JSON.stringify(r.rows?.slice(0, 8), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      );
    } catch (e) {
      console.log('ERR', sql.slice(0, 200).replace(/\s+/g, ' '), '=>', (e as Error).message);
    }
  }
  await s.close();
  await db.close();
  removeDir(dir);
});
