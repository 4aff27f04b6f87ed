/**
 * COPY against the real server: psql's `\copy` from and to files (text and CSV), `COPY … TO
 * STDOUT`, a large load streamed in many CopyData messages, and failures (a bad row, CopyFail)
 * that leave the table as it was. Expected outputs are PostgreSQL 15's for the same input.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDataDir } from './support/server-process.js';
import { errorFields, msg, tagsOf, types, WireClient } from './support/wire-client.js';

describe('COPY end to end', () => {
  let server: ServerProcess;
  let files: string;
  beforeAll(async () => {
    server = await ServerProcess.start();
    files = tempDataDir('rustydb-copy-files-');
    await server.psql(
      "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(8,2), note varchar(10) DEFAULT 'none')",
    );
  }, 120_000);
  afterAll(async () => {
    await server?.destroy();
    if (files) rmSync(files, { recursive: true, force: true });
  });

  it('loads a text file with psql \\copy and writes it back with COPY TO STDOUT', async () => {
    const file = join(files, 'items.tsv');
    writeFileSync(file, '1\tapple\t1.5\tfresh\n2\tpear\\twith tab\t\\N\t\\N\n3\tfig\t2\tx\n');
    expect((await server.psql(`\\copy items FROM '${file}'`, ['-v', 'QUIET=0'])).trim()).toBe('COPY 3');
    expect(await server.psql('COPY items TO STDOUT')).toBe(
      '1\tapple\t1.50\tfresh\n2\tpear\\twith tab\t\\N\t\\N\n3\tfig\t2.00\tx\n',
    );
    const out = join(files, 'out.csv');
    await server.psql(
      `\\copy (SELECT id, name FROM items ORDER BY id) TO '${out}' WITH (FORMAT csv, HEADER)`,
    );
    expect(readFileSync(out, 'utf8')).toBe('id,name\n1,apple\n2,pear\twith tab\n3,fig\n');
  });

  it('loads CSV with a header, quotes and defaults', async () => {
    const file = join(files, 'more.csv');
    writeFileSync(file, 'id,name,price\n4,"comma, inside",3.25\n5,"say ""hi""",\n6,,0\n');
    await server.psql(`\\copy items (id, name, price) FROM '${file}' WITH CSV HEADER`);
    expect(await server.psql('SELECT id, name, price, note FROM items WHERE id >= 4 ORDER BY id')).toBe(
      '4|comma, inside|3.25|none\n5|say "hi"||none\n6||0.00|none\n',
    );
  });

  it('fails a malformed load as a whole with PostgreSQL error and context', async () => {
    const file = join(files, 'bad.tsv');
    writeFileSync(file, '10\tok\t1\n11\tok\t2\nxx\tbad\t3\n');
    const err = await server
      .psql(`\\copy items (id, name, price) FROM '${file}'`)
      .catch((e: Error) => e.message);
    expect(err).toMatch(/invalid input syntax for type integer: "xx"/);
    expect(err).toMatch(/CONTEXT: {2}COPY items, line 3, column id: "xx"/);
    const missing = join(files, 'missing.tsv');
    writeFileSync(missing, '12\tok\n');
    const err2 = await server.psql(`\\copy items FROM '${missing}'`).catch((e: Error) => e.message);
    expect(err2).toMatch(/missing data for column "price"/);
    expect((await server.psql('SELECT count(*) FROM items WHERE id >= 10')).trim()).toBe('0');
  });

  it("copies to and from the server's own files with COPY … TO / FROM 'path' (superuser)", async () => {
    const out = join(files, 'server-side.csv');
    expect(
      (
        await server.psql(`COPY (SELECT id, name FROM items WHERE id <= 3 ORDER BY id) TO '${out}' CSV`, [
          '-v',
          'QUIET=0',
        ])
      ).trim(),
    ).toBe('COPY 3');
    expect(readFileSync(out, 'utf8')).toBe('1,apple\n2,pear\twith tab\n3,fig\n');
    await server.psql('CREATE TABLE item_copies (id int, name text)');
    expect((await server.psql(`COPY item_copies FROM '${out}' CSV`, ['-v', 'QUIET=0'])).trim()).toBe(
      'COPY 3',
    );
    expect(await server.psql('SELECT count(*) FROM item_copies')).toBe('3\n');
    const err = await server.psql("COPY items TO 'relative.csv'").catch((e: Error) => e.message);
    expect(err).toMatch(/relative path not allowed for COPY to file/);
  });

  it('streams a large COPY in many CopyData messages and can be aborted by CopyFail', async () => {
    const wire = await WireClient.connect(server.port);
    wire.send(msg.query('CREATE TABLE big (id int PRIMARY KEY, payload text)'));
    await wire.readUntil('Z');
    wire.send(msg.query('COPY big FROM STDIN'));
    expect((await wire.read()).type).toBe('G');
    // Chunks cut in the middle of lines, as a client streaming a file would send them.
    const lines: string[] = [];
    for (let i = 1; i <= 50_000; i++) lines.push(`${i}\tpayload number ${i}\n`);
    const data = lines.join('');
    for (let at = 0; at < data.length; at += 8191) wire.send(msg.copyData(data.slice(at, at + 8191)));
    wire.send(msg.copyDone());
    const done = await wire.readUntil('Z');
    expect(tagsOf(done)).toEqual(['COPY 50000']);
    wire.send(msg.query('COPY big FROM STDIN'));
    expect((await wire.read()).type).toBe('G');
    wire.send(msg.copyData('50001\tx\n'), msg.copyFail('changed my mind'));
    const failed = await wire.readUntil('Z');
    expect(types(failed)).toBe('EZ');
    expect([errorFields(failed[0]!).C, errorFields(failed[0]!).M]).toEqual([
      '57014',
      'COPY from stdin failed: changed my mind',
    ]);
    wire.close();
    expect((await server.psql('SELECT count(*), max(id) FROM big')).trim()).toBe('50000|50000');
  }, 60_000);

  it('writes COPY TO STDOUT through the CopyOut sub-protocol', async () => {
    const wire = await WireClient.connect(server.port);
    wire.send(
      msg.query(
        'COPY (SELECT id, name FROM items WHERE id <= 2 ORDER BY id) TO STDOUT (FORMAT csv, FORCE_QUOTE *)',
      ),
    );
    const ms = await wire.readUntil('Z');
    expect(types(ms)).toBe('HddcCZ');
    expect(ms.filter((m) => m.type === 'd').map((m) => m.body.toString())).toEqual([
      '"1","apple"\n',
      '"2","pear\twith tab"\n',
    ]);
    expect(tagsOf(ms)).toEqual(['COPY 2']);
    wire.close();
  });

  it('lets a role with column privileges copy those columns in and out, and no others', async () => {
    await server.psql(
      'CREATE ROLE loader; CREATE TABLE loaded (id int, secret text); GRANT INSERT (id), SELECT (id) ON loaded TO loader',
    );
    const file = join(files, 'ids.txt');
    writeFileSync(file, '7\n8\n');
    const asLoader = (command: string) =>
      server.psql(command, ['-c', 'SET ROLE loader']).then(
        (out) => out.trim(),
        (err: Error) => err.message.split('\n').find((l) => l.includes('ERROR')) ?? err.message,
      );
    expect(await asLoader(`\\copy loaded (id) FROM '${file}'`)).toBe('');
    expect(await asLoader(`\\copy loaded FROM '${file}'`)).toMatch(/permission denied for table loaded/);
    expect(await asLoader('COPY loaded (id) TO STDOUT')).toBe('7\n8');
    expect(await asLoader('COPY loaded TO STDOUT')).toMatch(/permission denied for table loaded/);
    expect(await server.psql('SELECT id, secret FROM loaded ORDER BY id')).toBe('7|\n8|\n');
  });
});
