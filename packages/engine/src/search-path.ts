/**
 * The search path a session's statements resolve names with: the `search_path` setting parsed as
 * PostgreSQL parses it (a comma-separated list of identifiers, quoted ones kept as written,
 * unquoted ones folded to lower case; `"$user"` stays the role placeholder), the session's
 * temporary schema `pg_temp_<pid>` (searched first, as PostgreSQL does), and the current role's
 * name for `"$user"`.
 *
 * USAGE. As PostgreSQL's recomputeNamespacePath does, the schemas the current role has no USAGE
 * on drop out of the path (`usablePath`): an unqualified name is not looked up there (42P01
 * rather than 42501 when it exists only there) and nothing is created there; a qualified name
 * still reaches the schema and fails its USAGE check (42501).
 */
import { type CatalogView, Privilege, privilegesFor, type SearchPath } from '@rustydb/catalog';
import { currentUserOf } from './role-settings.js';
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
    user: currentUserOf(settings),
  };
}

/**
 * `path` as `view` lets its role use it (see the file comment): `"$user"` replaced by the role's
 * name, and the existing schemas the role has no USAGE on left out. The path itself for a
 * superuser, or a role `view` does not know (its statements fail on their own). Sync.
 */
export function usablePath(view: CatalogView, path: SearchPath): SearchPath {
  const user = path.user ?? '';
  const ctx = privilegesFor(view);
  const role = ctx.roleByName(user);
  if (role === undefined || ctx.isSuperuser(role.oid)) return path;
  const schemas = path.schemas
    .map((s) => (s === '"$user"' || s === '$user' ? user : s))
    .filter((s) => s === 'pg_temp' || !view.schemaExists(s) || ctx.hasSchema(role.oid, s, Privilege.USAGE));
  return { ...path, schemas };
}
