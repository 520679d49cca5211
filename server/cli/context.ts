import { type Config, loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/database.ts';

/** Where a command writes its output lines. */
export type Out = (line: string) => void;

/**
 * Runs `fn` with the database opened as the table owner (the migration URL when one is configured), as
 * admin commands need. Tenant data is still read and written only inside withTenant().
 */
export async function withOwnerDatabase<T>(
  env: Record<string, string | undefined>,
  fn: (database: Database, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(env);
  const url = config.database.engine === 'postgres' ? config.database.migrationUrl : undefined;
  // Admin commands (key rotation, shredding, linking) may rightly run long: no request bounds.
  const database = await openDatabase(config.database, { url, longRunning: true });
  try {
    return await fn(database, config);
  } finally {
    await database.close();
  }
}
