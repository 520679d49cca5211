import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { Keyring } from './crypto/keyring.ts';
import { startMasterKeyMonitor } from './crypto/master-key-monitor.ts';
import { openCheckedKeyProvider } from './crypto/provider-check.ts';
import { systemKeyLoader } from './crypto/system-keys.ts';
import { systemSealer } from './crypto/system-sealer.ts';
import { DataDirInUseError } from './db/data-dir-lock.ts';
import { type Database, openDatabase } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { startAuditLinker } from './jobs/audit-linker.ts';
import { startHousekeeping } from './jobs/housekeeping.ts';
import { type MailDispatcher, startMailDispatcher } from './jobs/mail-dispatcher.ts';
import { Lifecycle } from './lifecycle.ts';
import { createLogger } from './logger.ts';
import { DEFAULT_MAX_ATTACHMENT_PIXELS } from './modules/attachments/sanitize.ts';
import { createVacuum } from './modules/deletion/vacuum.ts';
import { createBlobStore } from './modules/documents/blob-store.ts';
import { createPasswordResetQueue } from './modules/identity/password-reset-queue.ts';
import { PublicAddress, publicUrlWarnings } from './public-url.ts';

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  keyring: Keyring;
  lifecycle: Lifecycle;
  logger: Logger;
  /** Sends the e-mail outbox; null when e-mail is off (TMA_SMTP_URL unset). */
  mailDispatcher: MailDispatcher | null;
  /** Base URL the server listens on, e.g. http://127.0.0.1:3000 */
  url: string;
  /** Drains and stops: not-ready, wait the drain delay, finish in-flight requests, close the database. */
  stop(): Promise<void>;
}

async function migrate(config: Config, database: Database, logger: Logger): Promise<void> {
  // With a separate owner URL, migrations run as the owner; the server itself never holds that role. On
  // PostgreSQL they get connections of their own in any case, without the request bounds: a migration may
  // build an index for minutes, and an instance waits on the advisory lock while another one migrates.
  const owner =
    config.database.engine === 'postgres'
      ? await openDatabase(config.database, {
          logger,
          url: config.database.migrationUrl,
          longRunning: true,
        })
      : database;
  try {
    const { applied } = await migrateToLatest(owner);
    logger.info(
      { applied },
      applied.length > 0 ? `applied ${applied.length} migrations` : 'database schema is up to date',
    );
  } finally {
    if (owner !== database) await owner.close();
  }
}

/** Opens the database, migrates (unless turned off), builds the app and listens. */
export async function startServer(
  config: Config,
  options: { plugins?: FastifyPluginAsync[]; logger?: Logger } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const lifecycle = new Lifecycle();
  const database = await openDatabase(config.database, { logger });
  let app: FastifyInstance | undefined;
  let keyring: Keyring | undefined;
  let mailDispatcher: MailDispatcher | null = null;
  try {
    if (config.migrateOnStart) {
      await migrate(config, database, logger);
      lifecycle.schemaCurrent = true;
    }
    // The key provider starts before anything listens: a missing or wrong master key, or a provider that
    // cannot unwrap the keys the database holds, stops the start.
    keyring = new Keyring(database, await openCheckedKeyProvider(database, config.keyProvider, logger));
    // Warns (log, metrics) when the master key is due for rotation or a retired one for destruction.
    const keyMonitor = startMasterKeyMonitor(database, keyring.provider, config.keySchedule, logger);
    await keyMonitor.check();
    // Every instance keys login throttling with the same system key. Loaded now when the schema is current
    // (a key provider that cannot unwrap it stops the start), else on the first login after `tma migrate`.
    const loginThrottleKey = systemKeyLoader(database, keyring.provider, 'login-throttle');
    if (config.migrateOnStart) await loginThrottleKey();
    // "Forgot password?" requests are queued sealed with a system key, so that any instance can work off
    // what another one answered; the app's close stops the worker after the requests in flight.
    const passwordResetKey = systemKeyLoader(database, keyring.provider, 'password-reset');
    if (config.migrateOnStart) await passwordResetKey();
    const passwordResets = createPasswordResetQueue({
      database,
      logger,
      keyring,
      sealer: systemSealer(passwordResetKey),
      mailQueued: () => mailDispatcher?.wake(),
    });
    // Unset TMA_PUBLIC_URL on the embedded database: a browser on a loopback address is served under it.
    const publicAddress = new PublicAddress({
      base: config.publicUrl,
      configured: config.publicUrlConfigured,
      embedded: config.database.engine === 'embedded',
    });
    for (const warning of publicUrlWarnings(config)) logger.warn(warning);
    app = await buildApp({
      config,
      database,
      lifecycle,
      logger,
      plugins: options.plugins,
      metrics: keyMonitor.metrics,
      identity: {
        keyring,
        publicUrl: config.publicUrl,
        publicAddress,
        loginThrottleKey,
        mailQueued: () => mailDispatcher?.wake(),
        passwordResets,
        // Without TMA_SMTP_URL this instance sends no e-mail: invitations answer their link instead.
        emailOff: config.mail.smtp === null,
      },
      sso: { keyring, publicUrl: config.publicUrl, publicAddress },
      reporting: {
        keyring,
        blobStore: createBlobStore(config.documentStore, database),
        attachments: config.attachments,
        documents: { ...config.documents, maxPixels: DEFAULT_MAX_ATTACHMENT_PIXELS },
        // VACUUM after a deletion must run as the tables' owner: the migration URL's role when it is separate.
        vacuum: createVacuum(
          database,
          config.database.engine === 'postgres' && config.database.migrationUrl !== config.database.url
            ? config.database.migrationUrl
            : undefined,
        ),
        // The dispatcher starts once the server listens; until then queued mail waits for its first pass.
        mailQueued: () => mailDispatcher?.wake(),
      },
    });
    const url = await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    publicAddress.listening({ host: config.host, port, tls: config.tls !== null });
    logger.info({ url, port, database: database.engine }, `TMA is listening on ${url}`);
    logger.info(
      { publicUrl: publicAddress.base, configured: publicAddress.configured },
      publicAddress.followsLoopbackHost
        ? `open TMA at ${publicAddress.base} (TMA_PUBLIC_URL is unset: any loopback address of this machine works too)`
        : `open TMA at ${publicAddress.base}`,
    );
    // Started here, not in buildApp, so that API tests do not send e-mail.
    mailDispatcher = startMailDispatcher(
      { ...config, publicUrl: publicAddress.base },
      database,
      keyring,
      logger,
    );
    const housekeeping = startHousekeeping(database, logger, {
      keyring,
      // The retention job cleans up after its deletions as a deletion does (blobs, VACUUM as the owner).
      retention: {
        blobStore: createBlobStore(config.documentStore, database),
        vacuum: createVacuum(
          database,
          config.database.engine === 'postgres' && config.database.migrationUrl !== config.database.url
            ? config.database.migrationUrl
            : undefined,
        ),
      },
    });
    // Requests that an instance answered and did not work off before it stopped.
    passwordResets.start();
    // Links recorded audit events into the hash chain; its last pass runs after the requests have drained.
    const auditLinker = startAuditLinker(database, logger);

    let stopping: Promise<void> | undefined;
    const listening = app;
    const keyProvider = keyring.provider;
    const stop = () => {
      stopping ??= (async () => {
        lifecycle.draining = true;
        if (config.drainDelaySeconds > 0) {
          logger.info(`draining: not ready, serving ${config.drainDelaySeconds} s more before closing`);
          await new Promise((resolve) => setTimeout(resolve, config.drainDelaySeconds * 1000));
        }
        await listening.close();
        housekeeping.stop();
        keyMonitor.stop();
        await auditLinker.stop();
        await mailDispatcher?.stop();
        await keyProvider.close();
        await database.close();
        logger.info('stopped');
      })();
      return stopping;
    };
    return {
      app,
      database,
      keyring,
      lifecycle,
      logger,
      mailDispatcher,
      url: `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
      stop,
    };
  } catch (error) {
    await app?.close().catch(() => {});
    await keyring?.provider.close().catch(() => {});
    await database.close().catch(() => {});
    throw error;
  }
}

/** Runs until SIGTERM or SIGINT, then drains within the configured timeout and exits 0 (1 on timeout). */
export async function runUntilSignalled(options: { plugins?: FastifyPluginAsync[] } = {}): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`tma: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let server: RunningServer;
  try {
    server = await startServer(config, { ...options, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      // A setting that cannot work with this installation (e.g. the wrong key provider): one clear line.
      process.stderr.write(`tma: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof DataDirInUseError) {
      logger.fatal(error.message);
    } else {
      logger.fatal({ err: error }, 'TMA could not start');
    }
    process.exit(1);
  }
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(
      () => {
        logger.error(`in-flight requests did not finish within ${config.shutdownTimeoutSeconds} s; exiting`);
        process.exit(1);
      },
      (config.drainDelaySeconds + config.shutdownTimeoutSeconds) * 1000,
    );
    deadline.unref();
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

if (import.meta.main) await runUntilSignalled();
