/**
 * Where the conformance corpus lives and which files a run covers.
 *
 * The corpus is not ours (see `shared/conformance/README.md`): it sits beside the repository, as
 * `../shared/conformance/` from the repository root, and is never copied in. The environment
 * variable `RUSTYDB_CONFORMANCE_DIR` points elsewhere.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The conformance directory: `$RUSTYDB_CONFORMANCE_DIR`, else `shared/conformance` beside the
 * repository root. This file is `tools/slt/{src,dist}/corpus.*`, four levels below the root's
 * parent. Synchronous; does not check that the directory exists.
 */
export function conformanceDir(): string {
  const fromEnv = process.env.RUSTYDB_CONFORMANCE_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  return fileURLToPath(new URL('../../../../shared/conformance', import.meta.url));
}

/** The sqllogictest corpus directory, `<conformance>/slt`. */
export function sltCorpusDir(): string {
  return join(conformanceDir(), 'slt');
}

/**
 * Expands paths into the sqllogictest files they name: files as given, directories recursively
 * (`*.test`, `*.slt`). Sorted, without duplicates. Synchronous; throws when a path does not exist.
 */
export function collectTestFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  const walk = (path: string): void => {
    if (!statSync(path).isDirectory()) {
      found.add(path);
      return;
    }
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.test') || entry.name.endsWith('.slt')) found.add(child);
    }
  };
  for (const p of paths) walk(resolve(p));
  return [...found].sort();
}

/**
 * The name a file goes by in reports and in `postgresql-agreed.json`: its path relative to the
 * corpus directory (with `/`), or relative to the working directory when it is outside.
 */
export function corpusKey(path: string, corpusDir: string = sltCorpusDir()): string {
  const inCorpus = relative(resolve(corpusDir), resolve(path));
  const key = inCorpus.startsWith('..') ? relative(process.cwd(), resolve(path)) : inCorpus;
  return key.split(sep).join('/');
}
