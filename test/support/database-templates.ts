// Vitest global setup: migrates one database per target before any test file runs, so that each test's
// fresh database is a copy of it instead of a new cluster migrated from scratch (about two seconds each, a
// few minutes over the suite). Embedded: a dump of a migrated PGlite data folder, loaded by each test's
// PGlite. PostgreSQL: a template database, copied by CREATE DATABASE … TEMPLATE.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/database.ts';
import { migrateToLatest } from '../../server/db/migrate.ts';
import { databaseTargets } from './databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** File holding a dump of a migrated embedded database (empty when none was made). */
    embeddedTemplate: string;
    /** Name of a migrated template database on TEST_DATABASE_URL's server (empty when none was made). */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const targets = databaseTargets();
  const folder = mkdtempSync(path.join(tmpdir(), 'tma-test-template-'));
  let postgresTemplate = '';
  let embeddedTemplate = '';
  if (targets.includes('embedded')) {
    const database = await openDatabase({ engine: 'embedded', dataDir: null, appRole: 'tma_app' });
    try {
      await migrateToLatest(database);
      if (database.driver.engine !== 'embedded') throw new Error('expected the embedded database');
      const dump = await database.driver.pglite.dumpDataDir('none');
      embeddedTemplate = path.join(folder, 'migrated.tar');
      writeFileSync(embeddedTemplate, Buffer.from(await dump.arrayBuffer()), { mode: 0o600 });
    } finally {
      await database.close();
    }
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl && targets.includes('postgres')) {
    postgresTemplate = `tma_template_${randomBytes(6).toString('hex')}`;
    await adminQuery(adminUrl, `CREATE DATABASE ${postgresTemplate}`);
    const url = new URL(adminUrl);
    url.pathname = `/${postgresTemplate}`;
    const database = await openDatabase(
      {
        engine: 'postgres',
        url: url.toString(),
        migrationUrl: url.toString(),
        poolSize: 2,
        appRole: 'tma_app',
      },
      { longRunning: true },
    );
    try {
      await migrateToLatest(database);
    } finally {
      await database.close();
    }
  }
  project.provide('embeddedTemplate', embeddedTemplate);
  project.provide('postgresTemplate', postgresTemplate);
  return async () => {
    rmSync(folder, { recursive: true, force: true });
    if (adminUrl && postgresTemplate)
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
  };
}

async function adminQuery(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}
