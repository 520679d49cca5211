import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../server/db/migrations/index.ts';
import { createTestDatabase, hasPostgres, type TestDatabase } from '../support/databases.ts';
import { spawnServer, waitForOk } from '../support/process.ts';

const masterKey = Buffer.alloc(32, 3).toString('base64');

describe.runIf(hasPostgres())('several instances on one PostgreSQL database', () => {
  let testDatabase: TestDatabase;
  const loginRoles: string[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase('postgres');
  });
  afterAll(async () => {
    await testDatabase.drop();
    // Roles are cluster-wide: drop them once the database where they hold grants is gone.
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    try {
      for (const role of loginRoles) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await admin.end();
    }
  });

  it('two instances started at the same moment both become ready, and the migrations ran once', async () => {
    const env = { DATABASE_URL: testDatabase.url ?? '', DATA_DIR: '/nonexistent', TMA_MASTER_KEY: masterKey };
    const instances = [spawnServer(env), spawnServer(env)];
    try {
      const urls = await Promise.all(instances.map((instance) => instance.listening));
      expect(new Set(urls).size).toBe(2);
      await Promise.all(urls.map((url) => waitForOk(`${url}/readyz`, 30_000)));

      const migrationLogs = instances.map((instance) =>
        instance.stdout
          .map((line) => JSON.parse(line))
          .find((line) => /migrations|up to date/.test(line.msg)),
      );
      const appliedCounts = migrationLogs.map((line) => line.applied.length).sort();
      expect(appliedCounts).toEqual([0, migrations.length]);

      const client = new pg.Client({ connectionString: testDatabase.url });
      await client.connect();
      try {
        const { rows } = await client.query(
          'SELECT name, count(*)::int AS n FROM kysely_migration GROUP BY name ORDER BY name',
        );
        expect(rows).toEqual(migrations.map((migration) => ({ name: migration.name, n: 1 })));
      } finally {
        await client.end();
      }
    } finally {
      for (const instance of instances) instance.child.kill('SIGTERM');
      const exits = await Promise.all(instances.map((instance) => instance.exited));
      expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
    }
  }, 90_000);

  it('serves as a login role that owns nothing while migrations run as the owner', async () => {
    const role = `tma_web_${Math.random().toString(36).slice(2, 10)}`;
    loginRoles.push(role);
    const owner = new pg.Client({ connectionString: testDatabase.url });
    await owner.connect();
    try {
      await owner.query(
        `DO $$ BEGIN CREATE ROLE tma_app NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`,
      );
      await owner.query(`CREATE ROLE ${role} LOGIN IN ROLE tma_app`);
      const serverUrl = new URL(testDatabase.url ?? '');
      serverUrl.username = role;
      const instance = spawnServer({
        DATABASE_URL: serverUrl.toString(),
        TMA_MIGRATION_DATABASE_URL: testDatabase.url ?? '',
        TMA_MASTER_KEY: masterKey,
      });
      try {
        const url = await instance.listening;
        await waitForOk(`${url}/readyz`, 30_000);
        const { rows } = await owner.query(
          `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tma'`,
        );
        expect(rows).toEqual([{ usename: role }]);
        const { rows: owned } = await owner.query(
          `SELECT count(*)::int AS n FROM pg_tables WHERE tableowner = $1`,
          [role],
        );
        expect(owned).toEqual([{ n: 0 }]);
      } finally {
        instance.child.kill('SIGTERM');
        expect((await instance.exited).code).toBe(0);
      }
    } finally {
      await owner.end();
    }
  }, 90_000);
});
