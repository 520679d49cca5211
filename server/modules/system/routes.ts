import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { Type } from 'typebox';
import { masterKeySchedule } from '../../crypto/master-keys.ts';
import type { Database } from '../../db/database.ts';
import { migrationStatus } from '../../db/migrate.ts';
import { migrations } from '../../db/migrations/index.ts';
import { Forbidden } from '../../errors.ts';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse } from '../../http/error-responses.ts';
import { assertMetricsToken } from '../../http/metrics.ts';
import type { Lifecycle } from '../../lifecycle.ts';
import { version } from '../../version.ts';

export interface SystemRoutesOptions {
  database: Database;
  lifecycle: Lifecycle;
  metrics: Registry;
  /** TMA_METRICS_TOKEN: when set, /metrics requires it as a bearer token. */
  metricsToken?: string | null;
  /** The instance's master key and its schedule (TMA_MASTER_KEY_ROTATION_DAYS, TMA_BACKUP_RETENTION_DAYS). */
  masterKey?: {
    provider: 'local' | 'pkcs11' | 'aws-kms';
    id: string;
    rotationDays: number;
    backupRetentionDays: number;
  } | null;
}

const Check = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('fail')]),
    reason: Type.Optional(Type.String()),
  },
  { title: 'HealthCheck' },
);

const Status = Type.Object(
  {
    product: Type.Literal('TMA'),
    version: Type.String(),
    ready: Type.Boolean(),
    draining: Type.Boolean(),
    database: Type.Object({
      engine: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
      reachable: Type.Boolean(),
      migrations: Type.Object({ applied: Type.Integer(), pending: Type.Integer() }),
    }),
    /** The master key this instance wraps new keys with, and what its schedule asks of the operator. */
    masterKey: Type.Union([
      Type.Object(
        {
          provider: Type.Union([Type.Literal('local'), Type.Literal('pkcs11'), Type.Literal('aws-kms')]),
          id: Type.String(),
          /** When the key was first used, as recorded; null before the first record. */
          since: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
          /** TMA_MASTER_KEY_ROTATION_DAYS (0: no rotation reminder). */
          rotationDays: Type.Integer(),
          /** The day a rotation falls due; null without a schedule or record. */
          rotationDueOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
          rotationDue: Type.Boolean(),
          backupRetentionDays: Type.Integer(),
          /** Retired master keys older than the backup retention and not destroyed yet. */
          destructionDue: Type.Integer(),
        },
        { title: 'MasterKeyStatus' },
      ),
      Type.Null(),
    ]),
    time: Type.String({ format: 'date-time' }),
  },
  { title: 'SystemStatus' },
);

const PING_TIMEOUT_MS = 2000;

async function pingDatabase(database: Database): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([sql`SELECT 1`.execute(database.db).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Liveness, readiness, metrics and the status the web app shows. Liveness and readiness need no login;
 * /metrics needs the metrics token when one is configured; the status is for signed-in administrators.
 */
export const systemRoutes: FastifyPluginAsyncTypebox<SystemRoutesOptions> = async (
  app,
  { database, lifecycle, metrics, metricsToken, masterKey },
) => {
  // What the master key monitor (server/crypto/master-key-monitor.ts) warns about, for the status page.
  async function masterKeyStatus(now: Date) {
    if (!masterKey) return null;
    try {
      const schedule = await masterKeySchedule(database, masterKey.id, {
        rotationDays: masterKey.rotationDays,
        backupRetentionDays: masterKey.backupRetentionDays,
        now,
      });
      const dueOn =
        masterKey.rotationDays > 0 && schedule.currentSince
          ? new Date(schedule.currentSince.getTime() + masterKey.rotationDays * 86_400_000)
              .toISOString()
              .slice(0, 10)
          : null;
      return {
        provider: masterKey.provider,
        id: masterKey.id,
        since: schedule.currentSince?.toISOString() ?? null,
        rotationDays: masterKey.rotationDays,
        rotationDueOn: dueOn,
        rotationDue: schedule.rotationDue,
        backupRetentionDays: masterKey.backupRetentionDays,
        destructionDue: schedule.destructionDue,
      };
    } catch {
      return null;
    }
  }

  // Once this instance has seen its schema current it stays so: migrations only ever get added by a newer
  // release, which this instance does not know about.
  async function schemaCurrent(): Promise<{ applied: number; pending: number } | null> {
    if (lifecycle.schemaCurrent) return { applied: migrations.length, pending: 0 };
    try {
      const status = await migrationStatus(database);
      if (status.pending === 0) lifecycle.schemaCurrent = true;
      return status;
    } catch {
      return null;
    }
  }

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness: the process is alive and serving HTTP',
        response: { 200: Check },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: database reachable, migrations applied, not draining',
        response: { 200: Check, 503: Check },
      },
    },
    async (_request, reply) => {
      const fail = (reason: string) => reply.code(503).send({ status: 'fail' as const, reason });
      if (lifecycle.draining) return fail('draining');
      if (!(await pingDatabase(database))) return fail('database unreachable');
      if (!lifecycle.schemaCurrent && (await schemaCurrent())?.pending !== 0)
        return fail('migrations pending');
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics',
        hide: false,
        response: {
          200: {
            description: 'The metrics, in the Prometheus text format',
            content: { 'text/plain': { schema: Type.String() } },
          },
          401: errorResponse(
            'The instance is set up with a metrics token, and it is missing or wrong (`metrics_token_required`)',
          ),
        },
      },
    },
    async (request, reply) => {
      if (metricsToken) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        assertMetricsToken(request, metricsToken);
        reply.removeHeader('www-authenticate');
      }
      reply.type(metrics.contentType);
      return metrics.metrics();
    },
  );

  app.get(
    '/api/v1/status',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['system'],
        summary:
          'Version, engine and health of this instance, for administrators (operators use /healthz, /readyz and /metrics)',
        response: { 200: Status },
      },
    },
    async (request) => {
      // What runs where tells an attacker which weaknesses to try: administrators only.
      if (authOf(request).role !== 'admin')
        throw new Forbidden('forbidden', 'Only administrators see the server status.');
      const reachable = await pingDatabase(database);
      const migrations = (reachable ? await schemaCurrent() : null) ?? { applied: 0, pending: 0 };
      const now = new Date();
      return {
        product: 'TMA' as const,
        version,
        ready: reachable && lifecycle.schemaCurrent && !lifecycle.draining,
        draining: lifecycle.draining,
        database: { engine: database.engine, reachable, migrations },
        masterKey: reachable && migrations.pending === 0 ? await masterKeyStatus(now) : null,
        time: now.toISOString(),
      };
    },
  );
};
