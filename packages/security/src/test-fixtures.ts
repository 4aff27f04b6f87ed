/**
 * @internal Shared by the tests only (not exported from index.ts): the PostgreSQL 15 recordings
 * in testdata/postgres15.json, node-postgres's own client-side SCRAM code, and builders for the
 * bodies of 'p' messages.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface RecordedExchange {
  readonly user: string;
  readonly clientFirst: string;
  readonly serverFirst: string;
  readonly clientFinal: string;
  readonly serverFinal?: string;
  readonly error?: RecordedError;
}

export interface RecordedError {
  readonly S: string;
  readonly C: string;
  readonly M: string;
  readonly D?: string;
}

export interface Postgres15Recording {
  readonly mockAuthNonce: string;
  readonly verifiers: Record<string, { readonly password: string; readonly verifier: string }>;
  readonly exchanges: Record<string, RecordedExchange>;
  readonly firstMessageErrors: Record<
    string,
    { mechanism: string; clientFirst: string; error: RecordedError }
  >;
  readonly finalMessageErrors: Record<string, RecordedExchange>;
  readonly md5: Record<
    string,
    { user: string; password: string; salt: string; response: string; accepted: boolean }
  >;
  readonly hbaMessages: { readonly reject: string; readonly noEntry: string };
}

export const postgres15: Postgres15Recording = JSON.parse(
  readFileSync(new URL('../testdata/postgres15.json', import.meta.url), 'utf8'),
);

/** The server nonce PostgreSQL chose: the `r=` of server-first-message minus the client's part. */
export function recordedServerNonce(exchange: RecordedExchange): string {
  const clientNonce = /r=([^,]*)/.exec(exchange.clientFirst)?.[1] ?? '';
  const combined = /r=([^,]*)/.exec(exchange.serverFirst)?.[1] ?? '';
  return combined.slice(clientNonce.length);
}

/** node-postgres's client session object (lib/crypto/sasl.js). */
export interface PgSaslSession {
  mechanism: string;
  clientNonce: string;
  response: string;
  message: string;
  serverSignature?: string;
}

interface PgSasl {
  startSession(mechanisms: string[], stream?: unknown): PgSaslSession;
  continueSession(
    session: PgSaslSession,
    password: string,
    serverData: string,
    stream?: unknown,
  ): Promise<void>;
  finalizeSession(session: PgSaslSession, serverData: string): void;
}

/** node-postgres's client-side SCRAM, the same code every node-postgres connection runs. */
export const pgSasl: PgSasl = createRequire(import.meta.url)('pg/lib/crypto/sasl.js');

/** The body of a SASLInitialResponse: mechanism, Int32 length (-1 for none), data. */
export function saslInitialResponseBody(mechanism: string, data: string | null): Buffer {
  const bytes = data === null ? Buffer.alloc(0) : Buffer.from(data, 'utf8');
  const length = Buffer.alloc(4);
  length.writeInt32BE(data === null ? -1 : bytes.length);
  return Buffer.concat([Buffer.from(`${mechanism}\0`, 'utf8'), length, bytes]);
}

/** The body of a PasswordMessage. */
export function passwordMessageBody(password: string): Buffer {
  return Buffer.from(`${password}\0`, 'utf8');
}
