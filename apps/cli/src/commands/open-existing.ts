/**
 * The checks every command that opens an existing data directory makes first: the directory
 * holds a database, and (unless forced, for read-only commands) no other process has it open.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isInitialized } from '@rustydb/engine';
import { CommandError } from '../command-error.js';
import { checkNotInUse } from '../data-dir-users.js';

/** The absolute path of `dataDir` after the checks. Sync. @throws CommandError. */
export function existingDataDirectory(dataDir: string, force: boolean): string {
  const dir = resolve(dataDir);
  if (!existsSync(dir)) throw new CommandError(`data directory "${dir}" does not exist`);
  if (!isInitialized(dir)) {
    throw new CommandError(
      `"${dir}" is not a rustydb data directory (no control file); create one with rustydb init`,
    );
  }
  checkNotInUse(dir, force);
  return dir;
}
