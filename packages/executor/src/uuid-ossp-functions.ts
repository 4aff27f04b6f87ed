/**
 * The functions of the uuid-ossp extension (PostgreSQL's contrib/uuid-ossp, RFC 4122), available
 * while `CREATE EXTENSION "uuid-ossp"` is installed (the planner checks that).
 *
 * v3 and v5 hash the namespace's 16 bytes followed by the name's UTF-8 bytes (MD5, SHA-1), so they
 * equal PostgreSQL's output exactly. v4 is random. v1 is time-based: 100-ns ticks since the
 * Gregorian epoch 1582-10-15, a 14-bit clock sequence and a 48-bit node. NB: PostgreSQL's v1 uses
 * the host's MAC address as the node; RustyDB uses a random node with the multicast bit set, chosen
 * once per process (RFC 4122 §4.5 allows it). v1mc draws a new random multicast node per call, as
 * PostgreSQL's. Within one process v1 values are strictly increasing in time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { randomUuid, uuidFromBytes, uuidToBytes } from '@rustydb/common';
import type { Impl } from './date-time-functions.js';

/** Ticks of 100 ns from 1582-10-15 to 1970-01-01. */
const GREGORIAN_OFFSET = 0x01b21dd213814000n;

/** uuid_ns_*: RFC 4122 appendix C's name space ids. */
const NAMESPACES: Readonly<Record<string, string>> = {
  uuid_ns_dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  uuid_ns_x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** A name-based uuid: `hash` of namespace bytes + name, stamped with `version`. */
function nameBased(hash: 'md5' | 'sha1', version: number, namespace: string, name: string): string {
  const ns = new Uint8Array(16);
  uuidToBytes(namespace, ns, 0);
  const b = createHash(hash).update(ns).update(name, 'utf8').digest();
  b[6] = (b[6]! & 0x0f) | (version << 4);
  b[8] = (b[8]! & 0x3f) | 0x80;
  return uuidFromBytes(b, 0);
}

/** A random 48-bit node id with the multicast bit set (never a real MAC address). */
function randomNode(): Buffer {
  const node = randomBytes(6);
  node[0] = node[0]! | 0x01;
  return node;
}

/** v1 state: the process's node and clock sequence, and the last timestamp handed out. */
const clock = { node: randomNode(), sequence: randomBytes(2).readUInt16BE(0) & 0x3fff, last: 0n };

/** The next 60-bit timestamp: now, or one tick past the last one when the clock has not moved. */
function nextTimestamp(): bigint {
  const now = BigInt(Date.now()) * 10_000n + GREGORIAN_OFFSET;
  clock.last = now > clock.last ? now : clock.last + 1n;
  return clock.last;
}

function timeBased(node: Uint8Array): string {
  const t = nextTimestamp();
  const b = new Uint8Array(16);
  const low = Number(t & 0xffffffffn);
  b[0] = low >>> 24;
  b[1] = (low >>> 16) & 0xff;
  b[2] = (low >>> 8) & 0xff;
  b[3] = low & 0xff;
  const mid = Number((t >> 32n) & 0xffffn);
  b[4] = mid >> 8;
  b[5] = mid & 0xff;
  const high = Number((t >> 48n) & 0x0fffn);
  b[6] = 0x10 | (high >> 8);
  b[7] = high & 0xff;
  b[8] = 0x80 | (clock.sequence >> 8);
  b[9] = clock.sequence & 0xff;
  b.set(node, 10);
  return uuidFromBytes(b, 0);
}

/** The implementation of a uuid-ossp function, or undefined for another name. */
export function uuidOsspFunction(name: string): Impl | undefined {
  switch (name) {
    case 'uuid_nil':
      return () => '00000000-0000-0000-0000-000000000000';
    case 'uuid_ns_dns':
    case 'uuid_ns_url':
    case 'uuid_ns_oid':
    case 'uuid_ns_x500': {
      const id = NAMESPACES[name]!;
      return () => id;
    }
    case 'uuid_generate_v1':
      return () => timeBased(clock.node);
    case 'uuid_generate_v1mc':
      return () => timeBased(randomNode());
    case 'uuid_generate_v3':
      return ([ns, n]) => nameBased('md5', 3, ns as string, n as string);
    case 'uuid_generate_v4':
      return () => randomUuid();
    case 'uuid_generate_v5':
      return ([ns, n]) => nameBased('sha1', 5, ns as string, n as string);
    default:
      return undefined;
  }
}
