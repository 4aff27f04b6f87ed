import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, openTestDatabase, removeDir } from './test-database.js';
import { parseSlt, runSlt } from './testing/slt-runner.js';

const TESTDATA = join(import.meta.dirname, '..', 'testdata');
const files = readdirSync(TESTDATA).filter((f) => f.endsWith('.slt'));

describe('sqllogictest', () => {
  for (const name of files) {
    const path = join(TESTDATA, name);
    const slt = parseSlt(path);
    for (const store of slt.stores) {
      it(`${name} (${store})`, async () => {
        const dir = makeTempDir();
        const db = await openTestDatabase(dir);
        try {
          const session = db.connect();
          await session.query(`SET default_table_access_method = ${store}`);
          const failures = await runSlt(name, slt, (sql) => session.query(sql));
          await session.close();
          expect(failures).toEqual([]);
        } finally {
          await db.close();
          removeDir(dir);
        }
      });
    }
  }
});
