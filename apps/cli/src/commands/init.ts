/**
 * `rustydb init`: bootstraps a data directory with the embedded engine (`Database.open` on a new
 * directory writes the system relations, the WAL and a first checkpoint; `close` takes the
 * shutdown checkpoint). A directory that exists must be empty, so an existing database, or
 * anything else someone keeps there, is never touched.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Database, isInitialized } from '@rustydb/engine';
import { CommandError } from '../command-error.js';

/** Creates the database in `dataDir`. Async. @throws CommandError if the directory is not usable. */
export async function initDataDirectory(dataDir: string, out: NodeJS.WritableStream): Promise<void> {
  const dir = resolve(dataDir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new CommandError(`"${dir}" exists but is not a directory`);
    if (isInitialized(dir)) throw new CommandError(`directory "${dir}" already holds a rustydb database`);
    if (readdirSync(dir).length > 0) {
      throw new CommandError(`directory "${dir}" exists but is not empty; use an empty or new directory`);
    }
  }
  const db = await Database.open(dir);
  await db.close();
  out.write(`initialized a new rustydb database in "${dir}"\n`);
}
