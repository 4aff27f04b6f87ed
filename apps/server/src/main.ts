/**
 * rustydb-server: opens the data directory with the embedded engine and serves it over the
 * PostgreSQL v3 wire protocol.
 *
 *   start-up:  parse options → read TLS files and host rules → open Database (initialize or
 *              recover) → role secrets into the catalog (auth/roles.json once, RUSTYDB_PASSWORD
 *              at the first start) → refuse non-loopback under trust → listen → warm the
 *              parser up between connections
 *
 * Exit codes: 0 clean stop; 1 start-up failure (non-loopback address under trust, an unusable
 * data directory); 2 bad options or files named by options (usage, TLS files, --hba-file).
 *   shutdown:  SIGINT/SIGTERM → stop listening, end sessions → final checkpoint → exit 0
 *              (a second signal exits at once; recovery at the next start covers it)
 */
import { resolve } from 'node:path';
import { createLogger } from '@rustydb/common';
import { Database } from '@rustydb/engine';
import { warmUpParser } from '@rustydb/parser';
import { BusyPoll, ProtocolServer, type TlsOptions } from '@rustydb/protocol';
import type { HbaRule } from '@rustydb/security';
import { isLoopback, parseConfig, type ServerConfig, USAGE } from './config.js';
import {
  checkPasswordVariable,
  PASSWORD_VARIABLE,
  readHbaFile,
  readTlsFiles,
  type ServerAuthentication,
  StartupError,
  setUpAuthentication,
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
  try {
    checkPasswordVariable(password);
    if (config.tlsCert !== undefined && config.tlsKey !== undefined)
      tls = readTlsFiles(config.tlsCert, config.tlsKey);
    if (config.hbaFile !== undefined) hba = readHbaFile(config.hbaFile);
  } catch (err) {
    failStartup(err);
  }
  const logger = createLogger({ level: config.logLevel });
  logger.info({ dataDir }, 'opening data directory');
  const db = await Database.open(dataDir, {
    logger,
    bufferPoolPages: config.bufferPoolPages,
    maxPreparedTransactions: config.maxPreparedTransactions,
    maxConnections: config.maxConnections,
    superuserReservedConnections: config.superuserReservedConnections,
  });
  let auth: ServerAuthentication;
  try {
    auth = await setUpAuthentication({ dataDir, db, password, hba });
  } catch (err) {
    await db.close();
    failStartup(err);
  }
  if (!isLoopback(config.host) && !auth.authenticator.usesPasswords) {
    logger.fatal(
      { host: config.host },
      `refusing to listen on a non-loopback address: no host rule demands a password, so every connection would be trusted (set ${PASSWORD_VARIABLE}, or give an --hba-file with password rules)`,
    );
    await db.close();
    logger.flush();
    process.exitCode = 1;
    return;
  }
  const server = new ProtocolServer(db, {
    logger: logger.child({ layer: 'protocol' }),
    authenticator: auth.authenticator,
    tls,
    authenticationTimeoutMs: config.authenticationTimeout * 1000,
    // PostgreSQL's postmaster also refuses past about twice max_connections (MaxLivePostmasterChildren).
    maxLiveConnections: 2 * config.maxConnections + 200,
    ...(config.busyPoll === 0 ? {} : { busyPoll: new BusyPoll(config.busyPoll) }),
  });
  const address = await server.listen(config.port, config.host);
  logAuthentication(logger, auth, config, tls !== undefined);
  logger.info(
    { host: address.address, port: address.port, tls: tls !== undefined },
    'rustydb-server ready to accept connections',
  );
  // The full parser's prediction caches, built between connections (parser's warm-up.ts).
  const warmUp = warmUpParser(() => logger.debug('parser warm-up done'));

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without a final checkpoint');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    warmUp.stop();
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
  if (auth.importedRoles > 0) {
    logger.info(
      { roles: auth.importedRoles },
      'imported role passwords from auth/roles.json into the catalog',
    );
  }
  if (auth.environmentIgnored) {
    logger.warn(
      `${PASSWORD_VARIABLE} differs from the password of rustydb in the catalog and is ignored (change it with ALTER ROLE or psql's \\password)`,
    );
  }
  if (auth.passwordSet && !auth.customHba) {
    logger.info(
      { passwordFrom: auth.passwordFromEnvironment ? PASSWORD_VARIABLE : 'catalog', tls },
      'password authentication: loopback clients must give their role password (scram-sha-256)',
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
