/**
 * rustydb-server: opens the data directory with the embedded engine and serves it over the
 * PostgreSQL v3 wire protocol.
 *
 *   start-up:  parse options → read TLS files and host rules → role secrets (RUSTYDB_PASSWORD,
 *              auth/roles.json) → refuse non-loopback under trust → open Database (initialize
 *              or recover) → listen
 *
 * Exit codes: 0 clean stop; 1 start-up failure (non-loopback address under trust, an unusable
 * data directory); 2 bad options or files named by options (usage, TLS files, --hba-file).
 *   shutdown:  SIGINT/SIGTERM → stop listening, end sessions → final checkpoint → exit 0
 *              (a second signal exits at once; recovery at the next start covers it)
 */
import { resolve } from 'node:path';
import { createLogger } from '@rustydb/common';
import { Database } from '@rustydb/engine';
import { ProtocolServer, type TlsOptions } from '@rustydb/protocol';
import type { HbaRule } from '@rustydb/security';
import { isLoopback, parseConfig, type ServerConfig, USAGE } from './config.js';
import { ROLES_FILE } from './role-secrets-file.js';
import {
  PASSWORD_VARIABLE,
  readHbaFile,
  readTlsFiles,
  type ServerAuthentication,
  setUpAuthentication,
  StartupError,
} from './server-security.js';

/** Reports a start-up failure on stderr (no stack: these are the operator's to fix) and exits. */
function failStartup(err: unknown): never {
  if (!(err instanceof StartupError)) throw err;
  process.stderr.write(`rustydb-server: ${err.message}\n`);
  process.exit(err.exitCode);
}

async function main(): Promise<void> {
  let config: ServerConfig | 'help';
  try {
    config = parseConfig(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`rustydb-server: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (config === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  // Read once and drop from the environment, so no child process or later dump inherits it.
  const password = process.env[PASSWORD_VARIABLE];
  delete process.env[PASSWORD_VARIABLE];
  const dataDir = resolve(config.dataDir);
  let tls: TlsOptions | undefined;
  let hba: HbaRule[] | undefined;
  let auth: ServerAuthentication;
  try {
    if (config.tlsCert !== undefined && config.tlsKey !== undefined)
      tls = readTlsFiles(config.tlsCert, config.tlsKey);
    if (config.hbaFile !== undefined) hba = readHbaFile(config.hbaFile);
    auth = await setUpAuthentication({ dataDir, password, hba });
  } catch (err) {
    failStartup(err);
  }
  const logger = createLogger({ level: config.logLevel });
  if (!isLoopback(config.host) && !auth.authenticator.usesPasswords) {
    logger.fatal(
      { host: config.host },
      `refusing to listen on a non-loopback address: no host rule demands a password, so every connection would be trusted (set ${PASSWORD_VARIABLE}, or give an --hba-file with password rules)`,
    );
    logger.flush();
    process.exitCode = 1;
    return;
  }
  try {
    auth.persist();
  } catch (err) {
    failStartup(err);
  }
  logger.info({ dataDir }, 'opening data directory');
  const db = await Database.open(dataDir, {
    logger,
    bufferPoolPages: config.bufferPoolPages,
    maxPreparedTransactions: config.maxPreparedTransactions,
  });
  const server = new ProtocolServer(db, {
    logger: logger.child({ layer: 'protocol' }),
    authenticator: auth.authenticator,
    tls,
  });
  const address = await server.listen(config.port, config.host);
  logAuthentication(logger, auth, config, tls !== undefined);
  logger.info(
    { host: address.address, port: address.port, tls: tls !== undefined },
    'rustydb-server ready to accept connections',
  );

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without a final checkpoint');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    await db.close();
    logger.info('shutdown complete');
    logger.flush();
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** What start-up tells the operator about authentication. Never the password. */
function logAuthentication(
  logger: ReturnType<typeof createLogger>,
  auth: ServerAuthentication,
  config: ServerConfig,
  tls: boolean,
): void {
  if (auth.environmentOverridesFile) {
    logger.warn(
      `${PASSWORD_VARIABLE} differs from the password stored in ${ROLES_FILE}: ${PASSWORD_VARIABLE} is used for this run, the file is left as it is`,
    );
  }
  if (auth.passwordSet && !auth.customHba) {
    logger.info(
      { passwordFrom: auth.passwordSource === 'environment' ? PASSWORD_VARIABLE : ROLES_FILE, tls },
      'password authentication: loopback clients must give the rustydb password (scram-sha-256)',
    );
    if (!isLoopback(config.host))
      logger.warn(
        { host: config.host },
        'the default host rules admit loopback clients only: give an --hba-file to admit others',
      );
  } else if (auth.customHba) {
    logger.info({ hbaFile: config.hbaFile, tls }, 'host rules from --hba-file');
    if (!auth.passwordSet && auth.authenticator.usesPasswords)
      logger.warn(
        `host rules demand passwords but no role has one: set ${PASSWORD_VARIABLE} to give rustydb a password`,
      );
  } else {
    logger.warn(
      `trust authentication: every loopback connection is accepted as any role (set ${PASSWORD_VARIABLE} to require a password)`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(
    `rustydb-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
