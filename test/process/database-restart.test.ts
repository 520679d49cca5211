// The real server process on a PostgreSQL cluster of this test's own, written to under load while the
// database restarts twice: a fast shutdown (connections end with `terminating connection due to
// administrator command`) and an immediate one (no goodbye: the sockets are reset, then crash recovery).
// The process must stay up, answer what the outage interrupts with 503 `database_unavailable`, report
// not-ready meanwhile, serve again by itself, and have kept every write it acknowledged.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit } from '../../server/modules/units/service.ts';
import {
  findPostgresBin,
  type PostgresCluster,
  type ShutdownMode,
  startPostgresCluster,
} from '../support/postgres-cluster.ts';
import { type ServerProcess, spawnServer, waitForOk } from '../support/process.ts';

const bin = findPostgresBin();
// CI installs PostgreSQL: there a missing server is a failure, not a reason to skip.
const skipReason =
  bin === undefined && process.env.CI !== 'true'
    ? 'no PostgreSQL binaries under /usr/lib/postgresql/*/bin'
    : undefined;

const PASSWORD = 'Harbour-Lantern 47 steadily';
const CONCURRENCY = 10;
/** Writes acknowledged before the first restart, and after each once the instance is ready again. */
const STEADY_WRITES = 20;

interface Outcomes {
  acknowledged: string[];
  /** 503 database_unavailable, with Retry-After. */
  refused: number;
  /** Anything else: other statuses, other codes, requests that got no answer. */
  unexpected: string[];
}

interface ReadySample {
  at: number;
  ready: boolean;
}

describe.skipIf(skipReason !== undefined)(
  `a TMA instance through restarts of its PostgreSQL${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let cluster: PostgresCluster | undefined;
    let server: ServerProcess | undefined;
    let databaseUrl: string;

    beforeAll(async () => {
      cluster = await startPostgresCluster(bin as string);
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query('CREATE DATABASE tma');
      await admin.end();
      databaseUrl = cluster.url.replace(/\/postgres$/, '/tma');
    });

    afterAll(async () => {
      if (server && server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      await cluster?.destroy();
    });

    it('stays up, refuses with 503 while the database is away, serves again, and keeps every acknowledged write', async () => {
      const running = cluster as PostgresCluster;
      server = spawnServer({
        DATABASE_URL: databaseUrl,
        TMA_MASTER_KEY: randomBytes(32).toString('base64'),
        TMA_RATE_LIMIT: '0',
        TMA_DB_POOL_SIZE: '10',
      });
      const url = await server.listening;
      await waitForOk(`${url}/readyz`, 30_000);
      // Rejects if the process exits while the database restarts: raced against every wait below.
      const died = exitedEarly(server);
      died.catch(() => {});

      // A tenant with one unit and an admin, made through the services on the migrated database.
      const setup = await openDatabase({
        engine: 'postgres',
        url: databaseUrl,
        migrationUrl: databaseUrl,
        poolSize: 1,
        appRole: 'tma_app',
      });
      let unitId: string;
      try {
        const tenant = await createTenant(setup.db, { slug: 'acme', name: 'ACME' });
        unitId = (await createUnit(setup, tenant.id, { slug: 'de', name: 'Germany' }, { kind: 'operator' }))
          .id;
        await createUser(
          setup,
          tenant.id,
          { email: 'ada@acme.example', role: 'admin', password: PASSWORD },
          { kind: 'operator' },
        );
      } finally {
        await setup.close();
      }
      const token = await hotlineToken(url);

      const outcomes: Outcomes = { acknowledged: [], refused: 0, unexpected: [] };
      const readiness: ReadySample[] = [];
      let writing = true;
      const record = async () => {
        const response = await fetch(`${url}/api/v1/reports`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            unitId,
            channel: 'phone',
            receivedOn: new Date().toISOString().slice(0, 10),
            anonymous: true,
            answers: {
              immediate_danger: 'no',
              description: 'Anruf bei der Hotline: Drohung in der Kantine.',
              warning_signs: ['threat'],
            },
            issueReceipt: false,
          }),
          signal: AbortSignal.timeout(20_000),
        });
        const text = await response.text();
        let body: { report?: { id: string }; error?: { code: string } } = {};
        try {
          body = JSON.parse(text);
        } catch {
          // not TMA's JSON: counted as unexpected below
        }
        if (response.status === 201 && body.report) outcomes.acknowledged.push(body.report.id);
        else if (
          response.status === 503 &&
          body.error?.code === 'database_unavailable' &&
          response.headers.get('retry-after') !== null
        )
          outcomes.refused += 1;
        else outcomes.unexpected.push(`${response.status} ${body.error?.code ?? ''}`);
      };
      const writers = Array.from({ length: CONCURRENCY }, async () => {
        while (writing)
          await record().catch((error: Error) => outcomes.unexpected.push(`no answer: ${error.message}`));
      });
      const poller = (async () => {
        while (writing) {
          const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) }).then(
            (response) => response.status === 200,
            () => false,
          );
          readiness.push({ at: Date.now(), ready });
          await sleep(25);
        }
      })();

      /** Waits until `count` more writes are acknowledged: the instance serves (again). */
      const acknowledgements = async (count: number, when: string) => {
        const target = outcomes.acknowledged.length + count;
        const deadline = Date.now() + 20_000;
        while (outcomes.acknowledged.length < target) {
          if (Date.now() > deadline) throw new Error(`not ${count} writes acknowledged ${when} within 20 s`);
          await Promise.race([sleep(50), died]);
        }
      };
      const rounds: Array<{ mode: ShutdownMode; from: number; to: number }> = [];
      try {
        await acknowledgements(STEADY_WRITES, 'before the first restart');
        for (const mode of ['fast', 'immediate'] as const) {
          const from = Date.now();
          await running.restart(mode);
          // Serves again by itself: ready, and writing.
          await Promise.race([waitForOk(`${url}/readyz`, 20_000), died]);
          rounds.push({ mode, from, to: Date.now() });
          await acknowledgements(STEADY_WRITES, `after the ${mode} restart`);
        }
      } finally {
        writing = false;
        await Promise.all([...writers, poller]);
      }

      const alive = server.child.exitCode === null && server.child.signalCode === null;
      const present = await countPresent(databaseUrl, outcomes.acknowledged);
      const notReady = rounds.map(
        ({ from, to }) =>
          readiness.filter((sample) => !sample.ready && sample.at >= from && sample.at <= to).length,
      );
      const connectionsLost = server.stdout.filter((line) =>
        line.includes('PostgreSQL connection lost'),
      ).length;
      console.log(
        `database restart: ${outcomes.acknowledged.length} acknowledged, ${present} present, ` +
          `${outcomes.refused} refused with 503 database_unavailable, ${outcomes.unexpected.length} unexpected, ` +
          `readyz not-ready ${rounds.map((round, i) => `${notReady[i]}× during ${round.mode} (${round.to - round.from} ms)`).join(', ')}, ` +
          `${connectionsLost} connections lost, process ${alive ? 'alive' : 'gone'}`,
      );

      expect(alive, server.stderr.join('\n')).toBe(true);
      expect(outcomes.unexpected).toEqual([]);
      expect(present).toBe(outcomes.acknowledged.length);
      expect(outcomes.refused).toBeGreaterThan(0);
      // Connections were lost, in use by requests among them, and each was logged as a warning.
      expect(connectionsLost).toBeGreaterThan(0);
      for (const [i, round] of rounds.entries())
        expect(notReady[i], `/readyz not-ready during the ${round.mode} restart`).toBeGreaterThan(0);
      expect(readiness.at(-1)?.ready).toBe(true);
      // Nothing escaped to the process level: no unhandled error, no fatal log line.
      expect(server.stdout.filter((line) => /"level":(50|60)/.test(line))).toEqual([]);

      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    }, 90_000);
  },
);

/** Rejects with the process's last words if it exits: the restart killed it. */
async function exitedEarly(server: ServerProcess): Promise<never> {
  const { code, signal } = await server.exited;
  const lastWords = [...server.stderr, ...server.stdout.filter((line) => /"level":(50|60)/.test(line))];
  throw new Error(`TMA exited (code ${code}, signal ${signal}):\n${lastWords.slice(0, 30).join('\n')}`);
}

/** Logs the admin in and makes an API token that records reports, as a hotline integration would. */
async function hotlineToken(url: string): Promise<string> {
  const login = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'acme', email: 'ada@acme.example', password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const session = /tma_session=([^;]+)/.exec(login.headers.getSetCookie().join('\n'))?.[1];
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await fetch(`${url}/api/v1/api-tokens`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      cookie: `tma_session=${session}`,
      'x-csrf-token': csrfToken,
    },
    body: JSON.stringify({ name: 'Hotline', scopes: ['reports:write'], expiresInDays: 1 }),
  });
  if (created.status !== 201) throw new Error(`token not created: ${created.status} ${await created.text()}`);
  return ((await created.json()) as { token: string }).token;
}

/** How many of `ids` are rows of `reports`, asked as the superuser (row-level security does not apply). */
async function countPresent(databaseUrl: string, ids: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM reports WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
