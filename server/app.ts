import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
  LogController,
} from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AppError } from './errors.ts';
import { registerErrorHandling } from './http/error-handler.ts';
import { LoggingIntegrityAlarm } from './http/integrity-alarm.ts';
import { registerMetrics } from './http/metrics.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { registerWebApp, webDistDir } from './http/web-app.ts';
import type { Lifecycle } from './lifecycle.ts';
import { apiTokenRoutes } from './modules/api-tokens/routes.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import type { IdentityOptions } from './modules/identity/service.ts';
import { ephemeralThrottleKey } from './modules/identity/throttle.ts';
import { userRoutes } from './modules/identity/user-routes.ts';
import { reportingPlugin } from './modules/reports/plugin.ts';
import type { ReportingDependencies } from './modules/reports/portal-service.ts';
import { type SingleSignOnRoutesOptions, singleSignOnRoutes } from './modules/sso/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { unitRoutes } from './modules/units/routes.ts';
import { version } from './version.ts';

export interface AppDependencies {
  config: Pick<
    Config,
    | 'trustProxy'
    | 'bodyLimitBytes'
    | 'rateLimitPerMinute'
    | 'authRateLimitPerMinute'
    | 'sessionIdleMinutes'
    | 'sessionMaxHours'
    | 'tls'
    | 'metricsToken'
  >;
  database: Database;
  lifecycle: Lifecycle;
  logger: Logger;
  /** Folder of the built web app; defaults to dist/web. */
  webDir?: string;
  /** Clock and login throttling thresholds (tests set them). */
  identity?: IdentityOptions;
  /** The reporting side (portal, inbox, cases, notifications); left out, its routes do not exist. */
  reporting?: Omit<ReportingDependencies, 'database' | 'now'> & { now?: () => Date };
  /** Single sign-on and the tenant's security settings; left out, their routes do not exist. */
  sso?: Pick<SingleSignOnRoutesOptions, 'keyring' | 'publicUrl'>;
  /** Extra plugins registered after the API (tests use it to add routes). */
  plugins?: FastifyPluginAsync[];
}

class RateLimited extends AppError {
  override name = 'RateLimited';
  readonly status = 429;
}

/** Fastify's types take a hop count only as a function: trust the nearest `n` proxies. */
function trustProxySetting(
  setting: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/** Builds the HTTP application. It does not listen: main.ts does, and tests use `inject()`. */
export async function buildApp(deps: AppDependencies): Promise<FastifyInstance> {
  // Fastify's types pick the server type from the `https` option; TMA only uses what both kinds share.
  const https = deps.config.tls ? { https: deps.config.tls } : {};
  const app = Fastify({
    ...(https as object),
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    trustProxy: trustProxySetting(deps.config.trustProxy),
    bodyLimit: deps.config.bodyLimitBytes,
    return503OnClosing: true,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // While draining, every response closes its connection: a keep-alive socket left open by a request that
  // was in flight at SIGTERM would otherwise hold the shutdown until the client's idle timeout.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (deps.lifecycle.draining) reply.header('connection', 'close');
    return payload;
  });
  // Ciphertexts that fail verification: a log line, a metric, and `integrity_failure` to the client.
  const integrity = new LoggingIntegrityAlarm(deps.logger);
  registerErrorHandling(app, { integrity });
  const metrics = registerMetrics(app);
  metrics.registerMetric(integrity.failures);
  await registerSecurityHeaders(app);
  const authRateLimit = deps.config.authRateLimitPerMinute;
  if (authRateLimit > 0) {
    // Password and receipt guessing, and report flooding, get a much tighter budget than the API as a whole.
    // The modules declare the routes; this hook, added before they register them, gives each its own
    // per-client limit (kept in memory only: the portal stores no client address).
    app.addHook('onRoute', (routeOptions) => {
      const methods = [routeOptions.method].flat();
      const guessable =
        routeOptions.url?.startsWith('/api/v1/auth/login') ||
        /^\/api\/v1\/auth\/(invitation|password-reset)(\/|$)/.test(routeOptions.url ?? '') ||
        routeOptions.url === '/api/v1/portal/:tenant/receipt-sessions' ||
        routeOptions.url === '/api/v1/portal/:tenant/reports';
      if (methods.includes('POST') && guessable) {
        routeOptions.config = {
          ...routeOptions.config,
          rateLimit: { max: authRateLimit, timeWindow: 60_000 },
        } as typeof routeOptions.config;
      }
    });
  }

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TMA API',
        version,
        description:
          'API of TMA, the Threat Management Assistant. Errors have the shape `{ "error": { "code", "message", "requestId", "fields"? } }`.',
      },
      tags: [
        { name: 'operations', description: 'Health, readiness and metrics for orchestrators and monitoring' },
        { name: 'system', description: 'Information about this TMA instance' },
        { name: 'auth', description: 'Login, sessions and the current user' },
        { name: 'units', description: 'Organisational units and who belongs to them' },
        { name: 'users', description: 'Users of the organisation, invitations (admins)' },
        { name: 'portal', description: 'The public reporting portal: no login, anonymous or named' },
        { name: 'reports', description: 'The intake inbox: reports, the dialogue with reporters, triage' },
        { name: 'cases', description: 'Cases opened from reports' },
        { name: 'notifications', description: 'In-app notices for the signed-in user' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  if (deps.config.rateLimitPerMinute > 0 || authRateLimit > 0) {
    await app.register(rateLimit, {
      // Without a global limit, only routes with their own `config.rateLimit` (the login steps) are limited.
      global: deps.config.rateLimitPerMinute > 0,
      max: deps.config.rateLimitPerMinute,
      timeWindow: 60_000,
      // Orchestrators and Prometheus poll these; they must never be throttled into a false alarm.
      allowList: (request) => !request.url.startsWith('/api/'),
      errorResponseBuilder: (_request, context) =>
        new RateLimited(
          'rate_limited',
          `Too many requests: at most ${context.max} a minute. Try again in ${Math.ceil(context.ttl / 1000)} s.`,
        ),
    });
  }

  // One login throttle key for every login path (password, passkey); main.ts passes the instances' shared one.
  const identity = {
    ...deps.identity,
    loginThrottleKey: deps.identity?.loginThrottleKey ?? ephemeralThrottleKey(),
  };
  await app.register(identityRoutes, {
    ...identity,
    database: deps.database,
    sessionIdleMinutes: deps.config.sessionIdleMinutes,
    sessionMaxHours: deps.config.sessionMaxHours,
  });
  await app.register(userRoutes, {
    ...identity,
    database: deps.database,
    sessionIdleMinutes: deps.config.sessionIdleMinutes,
    sessionMaxHours: deps.config.sessionMaxHours,
  });
  await app.register(apiTokenRoutes, { database: deps.database, now: deps.identity?.now });
  if (deps.sso)
    await app.register(singleSignOnRoutes, {
      ...deps.sso,
      database: deps.database,
      sessionIdleMinutes: deps.config.sessionIdleMinutes,
      sessionMaxHours: deps.config.sessionMaxHours,
      ...(deps.identity?.now ? { now: deps.identity.now } : {}),
    });
  await app.register(unitRoutes, { database: deps.database });
  if (deps.reporting)
    await app.register(reportingPlugin, {
      now: () => new Date(),
      ...deps.reporting,
      database: deps.database,
      integrity,
    });
  await app.register(systemRoutes, {
    database: deps.database,
    lifecycle: deps.lifecycle,
    metrics,
    metricsToken: deps.config.metricsToken,
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const plugin of deps.plugins ?? []) await app.register(plugin);

  await registerWebApp(app, deps.webDir ?? webDistDir);
  return app;
}
