import 'reflect-metadata';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createApp, createLogger } from './bootstrap';
import { ConfigError, loadConfig } from './common/config/config';
import { EmbeddedSetupError, startEmbeddedDatabase } from './common/database/embedded';
import { seedIfWanted } from './seed/seed';

/**
 * `npm start`: validate configuration, start the embedded PostgreSQL unless DATABASE_URL is set,
 * migrate, seed the demo on an empty database, serve API and web client on PORT.
 */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + '\n');
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = createLogger(config);
  Logger.overrideLogger(logger);
  const log = new Logger('Main');
  if (!config.databaseUrl) claimDataDir(config.dataDir);
  let embedded: Awaited<ReturnType<typeof startEmbeddedDatabase>> | null = null;
  if (!config.databaseUrl) {
    try {
      embedded = await startEmbeddedDatabase(config.dataDir, log, {
        port: config.embeddedPgPort,
        avoidPorts: [config.port],
      });
    } catch (e) {
      // one sentence that says what to do, not a stack trace
      log.error(e instanceof EmbeddedSetupError ? e.message : `the embedded PostgreSQL did not start: ${String(e)}`);
      process.exit(1);
    }
  }
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  let app;
  try {
    app = await createApp(config, databaseUrl, { logger });
    // migrated: the audit trail now belongs to the superuser, the application only appends to it
    await embedded?.protectAudit();
    await seedIfWanted(app, config, embedded !== null, log);
    await app.listen(config.port, config.host);
  } catch (e) {
    log.error(`start-up failed: ${(e as Error).message}`);
    await app?.close().catch(() => undefined);
    await embedded?.stop();
    process.exit(1);
  }
  // PORT=0 picks a free port: the one bound is what the log says (the tests read it from here)
  const bound = (app.getHttpServer() as import('node:http').Server).address();
  const port = typeof bound === 'object' && bound ? bound.port : config.port;
  log.log(`listening on http://localhost:${port} (GraphQL at /graphql, health at /health)`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal}: finishing in-flight requests, then stopping`);
    const timer = setTimeout(() => process.exit(1), 20000);
    // Stop accepting and let in-flight requests finish while the database pool is still open;
    // only then shut the modules down (Nest would close the pool before the HTTP server).
    const server = app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((res) => {
      // keep-alive sockets go as soon as their last response is out
      const idle = setInterval(() => server.closeIdleConnections(), 100);
      server.close(() => {
        clearInterval(idle);
        res();
      });
      server.closeIdleConnections();
    });
    await app.close().catch((e) => log.error(String(e)));
    await embedded?.stop().catch((e) => log.error(String(e)));
    clearTimeout(timer);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** One server per DATA_DIR: a second one would fight the first over the embedded cluster. */
function claimDataDir(dataDir: string) {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'server.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        process.stderr.write(
          `Another server (pid ${pid}) is running with DATA_DIR=${dataDir}; stop it or choose another DATA_DIR.\n`,
        );
        process.exit(1);
      } catch {
        // not running: it was killed; its cluster is recovered below
      }
    }
  }
  writeFileSync(file, String(process.pid));
  process.on('exit', () => {
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file);
    } catch {
      /* already gone */
    }
  });
}

void main();
