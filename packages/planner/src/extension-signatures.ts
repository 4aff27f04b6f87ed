/**
 * The functions of the extensions RustyDB provides (the catalog's available-extensions.ts),
 * callable only while their extension is installed, and found as PostgreSQL finds them: by the
 * extension's schema, written (`public.uuid_generate_v4()`) or on the search path. The executor
 * implements them like the built-in functions (uuid-ossp-functions.ts there).
 */
import type { TypeName } from '@rustydb/common';
import type { FunctionSignature } from './functions.js';

const sig = (
  name: string,
  args: readonly TypeName[],
  volatile = false,
  result: TypeName = 'uuid',
): FunctionSignature => ({
  name,
  args,
  result,
  ...(volatile ? { volatile } : {}),
});

/**
 * Each extension's functions: uuid-ossp 1.1's pg_proc rows, and pgcrypto 1.3's without its
 * OpenPGP functions (pgp_*, armor, dearmor), which RustyDB does not provide.
 */
export const EXTENSION_FUNCTIONS: ReadonlyMap<string, readonly FunctionSignature[]> = new Map([
  [
    'uuid-ossp',
    [
      sig('uuid_nil', []),
      sig('uuid_ns_dns', []),
      sig('uuid_ns_url', []),
      sig('uuid_ns_oid', []),
      sig('uuid_ns_x500', []),
      sig('uuid_generate_v1', [], true),
      sig('uuid_generate_v1mc', [], true),
      sig('uuid_generate_v3', ['uuid', 'text']),
      sig('uuid_generate_v4', [], true),
      sig('uuid_generate_v5', ['uuid', 'text']),
    ],
  ],
  [
    'pgcrypto',
    [
      sig('digest', ['text', 'text'], false, 'bytea'),
      sig('digest', ['bytea', 'text'], false, 'bytea'),
      sig('hmac', ['text', 'text', 'text'], false, 'bytea'),
      sig('hmac', ['bytea', 'bytea', 'text'], false, 'bytea'),
      sig('crypt', ['text', 'text'], false, 'text'),
      sig('gen_salt', ['text'], true, 'text'),
      sig('gen_salt', ['text', 'int4'], true, 'text'),
      sig('gen_random_bytes', ['int4'], true, 'bytea'),
      sig('gen_random_uuid', [], true),
      sig('encrypt', ['bytea', 'bytea', 'text'], false, 'bytea'),
      sig('decrypt', ['bytea', 'bytea', 'text'], false, 'bytea'),
      sig('encrypt_iv', ['bytea', 'bytea', 'bytea', 'text'], false, 'bytea'),
      sig('decrypt_iv', ['bytea', 'bytea', 'bytea', 'text'], false, 'bytea'),
    ],
  ],
]);

const EXTENSION_OF = new Map<FunctionSignature, string>(
  [...EXTENSION_FUNCTIONS].flatMap(([extension, signatures]) =>
    signatures.map((sig) => [sig, extension] as const),
  ),
);

/** The extension providing `signature` (one of FUNCTION_SIGNATURES), or undefined for a built-in. */
export function signatureExtension(signature: FunctionSignature): string | undefined {
  return EXTENSION_OF.get(signature);
}

/** Every extension function's name: most calls are not one, and skip the lookup. */
const NAMES: ReadonlySet<string> = new Set([...EXTENSION_FUNCTIONS.values()].flat().map((s) => s.name));

/** Where installed extensions are: the catalog view (optional so test catalogs need not say). */
export interface ExtensionLookup {
  extension?(name: string): { readonly schema: string } | undefined;
  /** The schemas an unqualified name is looked up in, in order. */
  readonly effectivePath?: readonly string[];
}

/**
 * The signatures named `name` of the installed extensions that a call `schema.name(…)` reaches:
 * those in `schema`, or with no schema written, those whose schema is on the search path.
 */
export function extensionSignatures(
  name: string,
  schema: string | undefined,
  lookup: ExtensionLookup | undefined,
): FunctionSignature[] {
  if (!NAMES.has(name) || lookup?.extension === undefined) return [];
  const out: FunctionSignature[] = [];
  for (const [extension, signatures] of EXTENSION_FUNCTIONS) {
    const installed = lookup.extension(extension);
    if (installed === undefined) continue;
    const reached =
      schema === undefined
        ? (lookup.effectivePath ?? []).includes(installed.schema)
        : schema === installed.schema;
    if (!reached) continue;
    for (const s of signatures) if (s.name === name) out.push(s);
  }
  return out;
}

/** The names of extension `extension`'s functions (empty for one without functions). */
export function extensionFunctionNames(extension: string): ReadonlySet<string> {
  return new Set((EXTENSION_FUNCTIONS.get(extension) ?? []).map((s) => s.name));
}
