/**
 * rustydb-server: opens the data directory with the embedded engine and serves it over the
 * PostgreSQL v3 wire protocol.
 *
 *   start-up:  parse options → open Database (initialize or recover) → listen
 *   shutdown:  SIGINT/SIGTERM → stop listening, end sessions → final checkpoint → exit 0
 *              (a second signal exits at once; recovery at the next start covers it)
 */
import { resolve } from 'node:path';
import { createLogger } from '@rustydb/common';
import { Database } from '@rustydb/engine';
import { ProtocolServer } from '@rustydb/protocol';
import { isLoopback, parseConfig, type ServerConfig, USAGE } from './config.js';

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
  const logger = createLogger({ level: config.logLevel });
  if (!isLoopback(config.host)) {
    logger.fatal(
      { host: config.host },
      'refusing to listen on a non-loopback address: authentication is not available yet, so every connection would be trusted',
    );
    logger.flush();
    process.exitCode = 1;
    return;
  }
  const dataDir = resolve(config.dataDir);
  logger.info({ dataDir }, 'opening data directory');
  const db = await Database.open(dataDir, { logger, bufferPoolPages: config.bufferPoolPages });
  const server = new ProtocolServer(db, { logger: logger.child({ layer: 'protocol' }) });
  const address = await server.listen(config.port, config.host);
  logger.warn(
    'trust authentication: every loopback connection is accepted as any role (authentication is a later issue)',
  );
  logger.info({ host: address.address, port: address.port }, 'rustydb-server ready to accept connections');

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

main().catch((err: unknown) => {
  process.stderr.write(
    `rustydb-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
