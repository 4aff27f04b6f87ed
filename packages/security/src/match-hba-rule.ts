/**
 * Picks the host rule for a connection, as PostgreSQL's check_hba: the first rule whose
 * connection type, database, user and address all match wins; later rules are not consulted
 * even when the first one rejects. No match means the caller refuses the connection with
 * `noHbaEntry` (28000).
 */
import type { HbaDatabase, HbaRule, HbaUser } from './hba-rule.js';
import { inNetwork, normalizeClientAddress, parseIpAddress } from './ip-address.js';

/** What a rule is matched against. */
export interface HbaRequest {
  readonly database: string;
  readonly user: string;
  /** The client's IP address; absent for a Unix-domain socket (`local` rules). */
  readonly address?: string;
  /** True when the connection is TLS-encrypted (hostssl rules). */
  readonly ssl: boolean;
  /**
   * Whether `user` is a member of `role`, directly or not (for `+role` and `samerole`). Absent:
   * a role counts as a member of itself only. The catalog supplies it once roles have members.
   */
  readonly isMemberOf?: (user: string, role: string) => boolean;
}

function memberOf(request: HbaRequest, role: string): boolean {
  return request.user === role || (request.isMemberOf?.(request.user, role) ?? false);
}

function matchesDatabase(entry: HbaDatabase, request: HbaRequest): boolean {
  switch (entry.kind) {
    case 'all':
      return true;
    case 'sameuser':
      return request.database === request.user;
    case 'samerole':
      return memberOf(request, request.database);
    case 'replication':
      return false; // only replication connections, which we do not have yet
    case 'name':
      return request.database === entry.name;
  }
}

function matchesUser(entry: HbaUser, request: HbaRequest): boolean {
  switch (entry.kind) {
    case 'all':
      return true;
    case 'member':
      return memberOf(request, entry.name);
    case 'name':
      return request.user === entry.name;
  }
}

function matchesConnection(rule: HbaRule, request: HbaRequest, client: Uint8Array | undefined): boolean {
  if (rule.type === 'local') return request.address === undefined;
  if (request.address === undefined) return false;
  if (rule.type === 'hostssl' && !request.ssl) return false;
  if (rule.type === 'hostnossl' && request.ssl) return false;
  if (rule.type === 'hostgssenc') return false; // we never have GSSAPI encryption
  const address = rule.address;
  if (address === undefined || address.kind === 'all') return true;
  return client !== undefined && inNetwork(client, address.bytes, address.mask);
}

/**
 * The first rule matching `request`, or undefined (the caller then rejects with `noHbaEntry`).
 * An IPv4-mapped IPv6 client address matches IPv4 rules. Sync; allocation is one address parse.
 */
export function matchHbaRule(rules: readonly HbaRule[], request: HbaRequest): HbaRule | undefined {
  const client =
    request.address === undefined ? undefined : parseIpAddress(normalizeClientAddress(request.address));
  for (const rule of rules) {
    if (!matchesConnection(rule, request, client)) continue;
    if (!rule.databases.some((d) => matchesDatabase(d, request))) continue;
    if (!rule.users.some((u) => matchesUser(u, request))) continue;
    return rule;
  }
  return undefined;
}
