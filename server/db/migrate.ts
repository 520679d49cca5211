import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Database } from './database.ts';
import { migrations } from './migrations/index.ts';

function migrator(database: Database): Migrator {
  const context = { appRole: database.appRole };
  const provider: MigrationProvider = {
    async getMigrations() {
      const all: Record<string, Migration> = {};
      for (const migration of migrations) {
        const { down } = migration;
        all[migration.name] = {
          up: (db) => migration.up(db, context),
          ...(down ? { down: (db) => down(db, context) } : {}),
        };
      }
      return all;
    },
  };
  return new Migrator({ db: database.db, provider });
}

export class MigrationFailedError extends Error {
  override name = 'MigrationFailedError';
}

/**
 * Applies every pending migration. Kysely runs them in one transaction under a PostgreSQL advisory lock,
 * so instances starting at the same moment migrate exactly once: the others wait and find nothing to do.
 */
export async function migrateToLatest(database: Database): Promise<{ applied: string[] }> {
  const { error, results = [] } = await migrator(database).migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationFailedError(`migration ${failed} failed: ${(error as Error).message ?? error}`, {
      cause: error,
    });
  }
  return { applied: results.filter((result) => result.status === 'Success').map((r) => r.migrationName) };
}

/** How many of the migrations this release knows are applied, and how many are still pending. */
export async function migrationStatus(database: Database): Promise<{ applied: number; pending: number }> {
  const all = await migrator(database).getMigrations();
  const applied = all.filter((migration) => migration.executedAt !== undefined).length;
  return { applied, pending: all.length - applied };
}
