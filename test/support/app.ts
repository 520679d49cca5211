import { Writable } from 'node:stream';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { type AppDependencies, buildApp } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import type { Database } from '../../server/db/database.ts';
import { Lifecycle } from '../../server/lifecycle.ts';
import { createLogger } from '../../server/logger.ts';
import {
  createPasswordResetQueue,
  type PasswordResetQueue,
} from '../../server/modules/identity/password-reset-queue.ts';
import type { IdentityOptions } from '../../server/modules/identity/service.ts';

export interface TestApp {
  app: FastifyInstance;
  lifecycle: Lifecycle;
  /** Every log line the app wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  /** Works off "Forgot password?" requests after their answer: `runOnce()` waits until they are. */
  passwordResets: PasswordResetQueue;
}

/** Builds the real app on a database for `inject()` tests, capturing its JSON log lines. */
export async function buildTestApp(
  database: Database,
  options: {
    rateLimitPerMinute?: number;
    authRateLimitPerMinute?: number;
    bodyLimitBytes?: number;
    webDir?: string;
    plugins?: FastifyPluginAsync[];
    trustProxy?: Config['trustProxy'];
    metricsToken?: string;
    sessionIdleMinutes?: number;
    sessionMaxHours?: number;
    identity?: IdentityOptions;
    reporting?: AppDependencies['reporting'];
    sso?: AppDependencies['sso'];
  } = {},
): Promise<TestApp> {
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const lifecycle = new Lifecycle();
  lifecycle.schemaCurrent = true;
  const logger = createLogger('info', sink);
  const passwordResets =
    options.identity?.passwordResets ??
    createPasswordResetQueue({
      database,
      logger,
      keyring: options.identity?.keyring,
      mailQueued: options.identity?.mailQueued,
      now: options.identity?.now,
    });
  const app = await buildApp({
    config: {
      trustProxy: options.trustProxy ?? false,
      bodyLimitBytes: options.bodyLimitBytes ?? 1_048_576,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 0,
      authRateLimitPerMinute: options.authRateLimitPerMinute ?? 0,
      tls: null,
      metricsToken: options.metricsToken ?? null,
      sessionIdleMinutes: options.sessionIdleMinutes ?? 30,
      sessionMaxHours: options.sessionMaxHours ?? 12,
    },
    identity: { ...options.identity, passwordResets },
    reporting: options.reporting,
    sso: options.sso,
    database,
    lifecycle,
    logger,
    webDir: options.webDir ?? '/nonexistent-web-build',
    plugins: options.plugins,
  });
  await app.ready();
  return { app, lifecycle, logs, passwordResets };
}
