/**
 * The search path a session's statements resolve names with: the `search_path` setting parsed as
 * PostgreSQL parses it (a comma-separated list of identifiers, quoted ones kept as written,
 * unquoted ones folded to lower case; `"$user"` stays the role placeholder), the session's
 * temporary schema `pg_temp_<pid>` (searched first, as PostgreSQL does), and the role name.
 */
import type { SearchPath } from '@rustydb/catalog';
import { ROLE_NAME } from './database.js';
import type { SessionSettings } from './session-settings.js';

/** The temporary schema of session `processId`. */
export const tempSchemaOf = (processId: number): string => `pg_temp_${processId}`;

/** Splits a search_path value into schema names. Pure. */
export function parseSearchPath(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i]!)) i++;
    if (i >= value.length) break;
    if (value[i] === '"') {
      let name = '';
      for (i++; i < value.length; i++) {
        if (value[i] === '"') {
          if (value[i + 1] === '"') {
            name += '"';
            i++;
            continue;
          }
          i++;
          break;
        }
        name += value[i];
      }
      out.push(name === '$user' ? '"$user"' : name);
    } else {
      let name = '';
      while (i < value.length && value[i] !== ',') name += value[i++];
      out.push(name.trim().toLowerCase());
    }
  }
  return out;
}

/** The search path of a session with these settings. */
export function searchPathOf(settings: SessionSettings, processId: number): SearchPath {
  return {
    schemas: parseSearchPath(settings.get('search_path')),
    tempSchema: tempSchemaOf(processId),
    user: ROLE_NAME,
  };
}
