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
import type { Metric } from 'prom-client';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AppError } from './errors.ts';
import { authenticationPlugin, requireAuth } from './http/authenticate.ts';
import { registerBulkheads } from './http/bulkhead.ts';
import { registerCallerCancellation } from './http/caller-cancellation.ts';
import { answerClientError, registerErrorHandling, sendFrameworkError } from './http/error-handler.ts';
import { documentErrorResponses } from './http/error-responses.ts';
import { registerGuessingLimit } from './http/guessing-limit.ts';
import { LoggingIntegrityAlarm } from './http/integrity-alarm.ts';
import { registerMetrics } from './http/metrics.ts';
import { componentRefResolver, documentBody, nameComponents } from './http/openapi-components.ts';
import { registerSecurityHeaders } from './http/security-headers.ts';
import { httpsServerOptions } from './http/tls.ts';
import { registerWebApp, webDistDir } from './http/web-app.ts';
import type { Lifecycle } from './lifecycle.ts';
import { contentAccessRoutes } from './modules/access/routes.ts';
import { ContentAccessService } from './modules/access/service.ts';
import { accessReviewRoutes } from './modules/access-review/routes.ts';
import { AccessReviewService } from './modules/access-review/service.ts';
import { apiTokenRoutes } from './modules/api-tokens/routes.ts';
import { ApiTokenService } from './modules/api-tokens/service.ts';
import { modelRegistryRoutes } from './modules/assessment-models/registry-routes.ts';
import { ModelRegistryService } from './modules/assessment-models/registry-service.ts';
import { assessmentRoutes } from './modules/assessments/routes.ts';
import { AssessmentService } from './modules/assessments/service.ts';
import { AssessmentSettingsService } from './modules/assessments/settings.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { AuditViewerService } from './modules/audit/viewer-service.ts';
import { caseDocumentRoutes } from './modules/case-documents/routes.ts';
import { CaseDocumentsService } from './modules/case-documents/service.ts';
import { DEFAULT_DOCUMENT_LIMITS, type DocumentLimits } from './modules/case-documents/store-upload.ts';
import { caseReportRoutes } from './modules/case-report/routes.ts';
import { CaseReportService } from './modules/case-report/service.ts';
import { createCaseEventHub } from './modules/cases/case-event-hub.ts';
import { caseFileRoutes } from './modules/cases/case-file-routes.ts';
import { CaseFileService } from './modules/cases/case-file-service.ts';
import { caseCategoryRoutes } from './modules/cases/category-routes.ts';
import { CaseCategoryService } from './modules/cases/category-service.ts';
import { caseCollaborationRoutes } from './modules/cases/collaboration-routes.ts';
import { CaseCollaborationService } from './modules/cases/collaboration-service.ts';
import { caseLiveRoutes } from './modules/cases/live-routes.ts';
import { myTaskRoutes } from './modules/cases/my-tasks.ts';
import { casePersonRoutes } from './modules/cases/persons-routes.ts';
import { CasePersonsService } from './modules/cases/persons-service.ts';
import { caseRoutes } from './modules/cases/routes.ts';
import { CaseService } from './modules/cases/service.ts';
import { caseTemplateRoutes } from './modules/cases/template-routes.ts';
import { CaseTemplateService } from './modules/cases/template-service.ts';
import { dashboardRoutes } from './modules/dashboard/routes.ts';
import { DashboardService } from './modules/dashboard/service.ts';
import { dataSubjectRoutes } from './modules/data-subjects/routes.ts';
import { DataSubjectService } from './modules/data-subjects/service.ts';
import { deletionRoutes } from './modules/deletion/routes.ts';
import { DeletionService } from './modules/deletion/service.ts';
import { createVacuum } from './modules/deletion/vacuum.ts';
import { deletionCertificateRoutes } from './modules/deletion-certificates/routes.ts';
import { DeletionCertificateService } from './modules/deletion-certificates/service.ts';
import { handbookRoutes } from './modules/handbook/routes.ts';
import { HandbookService } from './modules/handbook/service.ts';
import { PasskeyService } from './modules/identity/passkeys.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { SecondFactorService } from './modules/identity/second-factor.ts';
import { type IdentityOptions, IdentityService } from './modules/identity/service.ts';
import { ephemeralThrottleKey } from './modules/identity/throttle.ts';
import { userRoutes } from './modules/identity/user-routes.ts';
import { measureRoutes } from './modules/measures/routes.ts';
import { MeasureService } from './modules/measures/service.ts';
import { MeasureTypeService } from './modules/measures/type-service.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { InboxService } from './modules/reports/inbox-service.ts';
import { reportingPlugin } from './modules/reports/plugin.ts';
import { PortalService, type ReportingDependencies } from './modules/reports/portal-service.ts';
import { SettingsService } from './modules/reports/settings-service.ts';
import { StaffReportService } from './modules/reports/staff-report-service.ts';
import { TriageService } from './modules/reports/triage-service.ts';
import { retentionRoutes } from './modules/retention/routes.ts';
import { RetentionService } from './modules/retention/service.ts';
import { setupRoutes } from './modules/setup/routes.ts';
import { SetupService } from './modules/setup/service.ts';
import { singleSignOnRoutes } from './modules/sso/routes.ts';
import { type SingleSignOnOptions, SingleSignOnService } from './modules/sso/service.ts';
import { statisticsRoutes } from './modules/statistics/routes.ts';
import { StatisticsService } from './modules/statistics/service.ts';
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
  > &
    Partial<Pick<Config, 'bulkheads' | 'keySchedule'>>;
  database: Database;
  lifecycle: Lifecycle;
  logger: Logger;
  /** Folder of the built web app; defaults to dist/web. */
  webDir?: string;
  /** Clock and login throttling thresholds (tests set them). */
  identity?: IdentityOptions;
  /** The reporting side (portal, inbox, cases, notifications); left out, its routes do not exist. */
  reporting?: Omit<ReportingDependencies, 'database' | 'now'> & {
    now?: () => Date;
    /** Size limits of case documents (default DEFAULT_DOCUMENT_LIMITS). */
    documents?: DocumentLimits;
  };
  /** Single sign-on and the tenant's security settings; left out, their routes do not exist. */
  sso?: Pick<SingleSignOnOptions, 'keyring' | 'publicUrl' | 'publicAddress'>;
  /** Extra plugins registered after the API (tests use it to add routes). */
  plugins?: FastifyPluginAsync[];
  /** Extra metrics for `/metrics` (the master key schedule, server/crypto/master-key-monitor.ts). */
  metrics?: Metric[];
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
  const https = deps.config.tls ? { https: httpsServerOptions(deps.config.tls) } : {};
  const app = Fastify({
    ...(https as object),
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    trustProxy: trustProxySetting(deps.config.trustProxy),
    bodyLimit: deps.config.bodyLimitBytes,
    // Errors Fastify answers itself (a path that is not UTF-8, malformed HTTP, requests while closing) get
    // TMA's error format too: error-handler.ts answers them.
    return503OnClosing: false,
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: answerClientError,
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
  // Before the routes and the schema components: every documented route gets its error answers.
  documentErrorResponses(app, { guards: [requireAuth] });
  const metrics = registerMetrics(app);
  metrics.registerMetric(integrity.failures);
  // A request whose client leaves has its database work cancelled; lists and searches share a bounded
  // number of slots, so that they cannot take every connection (docs/operations.md).
  registerCallerCancellation(app);
  const bulkheads = registerBulkheads(app, deps.config.bulkheads ?? { list: 5, waitMs: 2000 });
  metrics.registerMetric(bulkheads.rejected);
  for (const metric of deps.metrics ?? []) metrics.registerMetric(metric);
  await registerSecurityHeaders(app);
  const authRateLimit = deps.config.authRateLimitPerMinute;
  // Password and receipt guessing, and report flooding, get a much tighter budget than the API as a whole.
  registerGuessingLimit(app, authRateLimit);

  await app.register(swagger, {
    // Titled schemas become named components (the web app's types are generated from them).
    refResolver: componentRefResolver,
    transform: documentBody,
    transformObject: nameComponents,
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
        { name: 'access-review', description: 'Who can see which cases, confirmed or revoked (admins)' },
        { name: 'portal', description: 'The public reporting portal: no login, anonymous or named' },
        { name: 'reports', description: 'The intake inbox: reports, the dialogue with reporters, triage' },
        { name: 'cases', description: 'Cases opened from reports' },
        {
          name: 'documents',
          description: 'Documents of a case: encrypted, versioned, cleaned of hidden content',
        },
        { name: 'notifications', description: 'In-app notices for the signed-in user' },
        { name: 'retention', description: 'How long closed cases and dismissed reports are kept (admins)' },
        {
          name: 'data-subjects',
          description:
            'Data subject requests and restriction of processing (data protection officer, admins)',
        },
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

  // The composition root: each service is built once, here, and handed to the routes that use it. One login
  // throttle key for every login path (password, passkey); main.ts passes the instances' shared one.
  const identityOptions = {
    ...deps.identity,
    keyring: deps.identity?.keyring ?? deps.sso?.keyring,
    loginThrottleKey: deps.identity?.loginThrottleKey ?? ephemeralThrottleKey(),
  };
  const identity = new IdentityService(
    deps.database,
    { idleMinutes: deps.config.sessionIdleMinutes, maxHours: deps.config.sessionMaxHours },
    identityOptions,
  );
  // Who is calling, before any route: sessions here, API tokens in their plugin right after.
  await app.register(authenticationPlugin, { identity });
  await app.register(identityRoutes, {
    ...identityOptions,
    database: deps.database,
    identity,
    secondFactors: new SecondFactorService(deps.database, identityOptions.keyring, identity.now),
    passkeys: new PasskeyService(deps.database, identity, identityOptions),
  });
  await app.register(userRoutes, { ...identityOptions, database: deps.database, identity });
  await app.register(apiTokenRoutes, {
    tokens: new ApiTokenService(deps.database, deps.identity?.now),
  });
  if (deps.sso)
    await app.register(singleSignOnRoutes, {
      sso: new SingleSignOnService({ ...deps.sso, database: deps.database, identity, now: identity.now }),
    });
  await app.register(unitRoutes, { database: deps.database });
  // First start: the first organisation and its admin from the browser on this machine.
  await app.register(setupRoutes, { setup: new SetupService(deps.database) });
  // Who reads the content of reports and cases besides their units' threat managers and case teams: a tenant
  // security setting, there whether or not the app serves the reporting side.
  await app.register(contentAccessRoutes, { access: new ContentAccessService(deps.database) });
  if (deps.reporting) {
    // The reporting side: each module registers its own routes, with the services built here.
    const reporting = { now: () => new Date(), ...deps.reporting, database: deps.database, integrity };
    const portal = new PortalService(reporting);
    await app.register(reportingPlugin, {
      ...reporting,
      portal,
      inbox: new InboxService(reporting),
      staffReports: new StaffReportService(reporting, portal),
      triage: new TriageService(reporting),
      settings: new SettingsService(deps.database),
    });
    await app.register(caseRoutes, { cases: new CaseService(deps.database, reporting.keyring, integrity) });
    const caseFile = new CaseFileService({
      database: deps.database,
      keyring: reporting.keyring,
      alarm: integrity,
      now: reporting.now,
    });
    await app.register(caseFileRoutes, { caseFile });
    await app.register(caseCategoryRoutes, {
      categories: new CaseCategoryService({ database: deps.database, now: reporting.now }),
    });
    await app.register(caseTemplateRoutes, {
      templates: new CaseTemplateService({ database: deps.database, now: reporting.now }),
    });
    const assessments = new AssessmentService({
      database: deps.database,
      keyring: reporting.keyring,
      alarm: integrity,
      now: reporting.now,
    });
    await app.register(assessmentRoutes, {
      assessments,
      settings: new AssessmentSettingsService({ database: deps.database, now: reporting.now }),
    });
    await app.register(modelRegistryRoutes, {
      registry: new ModelRegistryService({ database: deps.database, now: reporting.now }),
    });
    await app.register(handbookRoutes, {
      handbook: new HandbookService({ database: deps.database, now: reporting.now }),
    });
    await app.register(accessReviewRoutes, {
      accessReview: new AccessReviewService({ database: deps.database, now: reporting.now }),
    });
    await app.register(caseCollaborationRoutes, {
      collaboration: new CaseCollaborationService({
        database: deps.database,
        keyring: reporting.keyring,
        alarm: integrity,
        now: reporting.now,
      }),
    });
    await app.register(caseLiveRoutes, {
      caseFile,
      identity,
      hub: createCaseEventHub(deps.database, deps.logger),
    });
    await app.register(casePersonRoutes, {
      persons: new CasePersonsService({
        database: deps.database,
        keyring: reporting.keyring,
        now: reporting.now,
      }),
    });
    await app.register(caseDocumentRoutes, {
      documents: new CaseDocumentsService({
        ...reporting,
        limits: reporting.documents ?? DEFAULT_DOCUMENT_LIMITS,
        alarm: integrity,
      }),
    });
    await app.register(caseReportRoutes, {
      reports: new CaseReportService({ ...reporting, alarm: integrity }),
    });
    await app.register(dataSubjectRoutes, {
      dataSubjects: new DataSubjectService({ ...reporting, alarm: integrity }),
    });
    await app.register(measureRoutes, {
      measures: new MeasureService({
        database: deps.database,
        keyring: reporting.keyring,
        alarm: integrity,
        now: reporting.now,
      }),
      types: new MeasureTypeService({ database: deps.database, now: reporting.now }),
    });
    await app.register(myTaskRoutes, { database: deps.database, keyring: reporting.keyring });
    await app.register(dashboardRoutes, {
      dashboard: new DashboardService({ database: deps.database, assessments, now: reporting.now }),
    });
    await app.register(statisticsRoutes, {
      statistics: new StatisticsService({ database: deps.database, now: reporting.now }),
    });
    await app.register(auditRoutes, {
      viewer: new AuditViewerService({ database: deps.database, now: reporting.now }),
    });
    await app.register(notificationRoutes, { database: deps.database, now: reporting.now });
    const deletion = new DeletionService({
      ...reporting,
      vacuum: reporting.vacuum ?? createVacuum(deps.database),
      onCleanupProblem: ({ error, message }) => app.log.warn({ err: error }, message),
    });
    await app.register(deletionRoutes, { deletion });
    await app.register(deletionCertificateRoutes, {
      certificates: new DeletionCertificateService({ database: deps.database }),
    });
    await app.register(retentionRoutes, {
      retention: new RetentionService({
        database: deps.database,
        keyring: reporting.keyring,
        now: reporting.now,
      }),
    });
  }
  await app.register(systemRoutes, {
    database: deps.database,
    lifecycle: deps.lifecycle,
    metrics,
    metricsToken: deps.config.metricsToken,
    masterKey: deps.reporting
      ? {
          provider: deps.reporting.keyring.provider.kind,
          id: deps.reporting.keyring.provider.masterKeyId,
          rotationDays: deps.config.keySchedule?.masterKeyRotationDays ?? 365,
          backupRetentionDays: deps.config.keySchedule?.backupRetentionDays ?? 35,
        }
      : null,
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  for (const plugin of deps.plugins ?? []) await app.register(plugin);

  await registerWebApp(app, deps.webDir ?? webDistDir);
  return app;
}
