import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../server/config.ts';
import { type Database, openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';

export type TargetName = 'embedded' | 'postgres';

/**
 * The databases the suite runs on: the embedded PGlite always, and a PostgreSQL server when
 * TEST_DATABASE_URL names one (CI does). TEST_DATABASE_TARGETS=postgres narrows the run to one of them.
 */
export function databaseTargets(): TargetName[] {
  const targets: TargetName[] = ['embedded'];
  if (process.env.TEST_DATABASE_URL) targets.push('postgres');
  const only = process.env.TEST_DATABASE_TARGETS?.split(',').map((name) => name.trim());
  return only ? targets.filter((target) => only.includes(target)) : targets;
}

export const hasPostgres = (): boolean => databaseTargets().includes('postgres');

export interface TestDatabase {
  config: DatabaseConfig;
  /** Connection URL of the fresh PostgreSQL database (undefined for the embedded one). */
  url: string | undefined;
  /** Embedded, when made from the migrated template: the data folder dump to open it from. */
  snapshot?: Blob;
  drop(): Promise<void>;
}

/**
 * The migrated templates test/support/database-templates.ts made for this run (empty outside vitest or
 * when the run has none).
 */
function templates(): { embedded: string; postgres: string } {
  try {
    return { embedded: inject('embeddedTemplate') ?? '', postgres: inject('postgresTemplate') ?? '' };
  } catch {
    return { embedded: '', postgres: '' };
  }
}

/**
 * A fresh database: an in-memory PGlite, or a new database on the PostgreSQL test server. Empty, or with
 * `migrated` a copy of the run's migrated template when there is one (the caller still migrates, which then
 * finds nothing to do).
 */
export async function createTestDatabase(
  target: TargetName,
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const template = options.migrated ? templates() : { embedded: '', postgres: '' };
  if (target === 'embedded') {
    return {
      config: { engine: 'embedded', dataDir: null, appRole: 'tma_app' },
      url: undefined,
      ...(template.embedded ? { snapshot: await openAsBlob(template.embedded) } : {}),
      drop: async () => {},
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `tma_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      template.postgres ? `CREATE DATABASE ${name} TEMPLATE ${template.postgres}` : `CREATE DATABASE ${name}`,
    );
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: {
      engine: 'postgres',
      url: url.toString(),
      migrationUrl: url.toString(),
      poolSize: 5,
      appRole: 'tma_app',
    },
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh database, opened and (unless told otherwise) migrated; `cleanup` closes and drops it. */
export async function openTestDatabase(
  target: TargetName,
  options: { migrate?: boolean } = {},
): Promise<{ database: Database; testDatabase: TestDatabase; cleanup(): Promise<void> }> {
  const testDatabase = await createTestDatabase(target, { migrated: options.migrate !== false });
  const database = await openDatabase(testDatabase.config, { snapshot: testDatabase.snapshot });
  if (options.migrate !== false) await migrateToLatest(database);
  return {
    database,
    testDatabase,
    async cleanup() {
      await database.close();
      await testDatabase.drop();
    },
  };
}
