import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, settings } from './config.ts';

describe('loadConfig', () => {
  it('has safe defaults for the embedded mode', () => {
    const config = loadConfig({}, '/srv/tma');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: '/srv/tma/data',
      logLevel: 'info',
      trustProxy: false,
      migrateOnStart: true,
      database: { engine: 'embedded', dataDir: '/srv/tma/data/db', appRole: 'tma_app' },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, with the owner URL for migrations', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://tma_web@db:5432/tma',
      TMA_MIGRATION_DATABASE_URL: 'postgres://tma_owner@db:5432/tma',
      TMA_DB_POOL_SIZE: '20',
      TMA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    expect(config.database).toEqual({
      engine: 'postgres',
      url: 'postgres://tma_web@db:5432/tma',
      migrationUrl: 'postgres://tma_owner@db:5432/tma',
      poolSize: 20,
      appRole: 'tma_app',
      poolWaitMs: 2000,
      statementTimeoutMs: 5000,
      idleInTransactionTimeoutMs: 30_000,
      preparedStatements: true,
    });
    // Half the pool for lists and searches, the rest for everything else.
    expect(config.bulkheads).toEqual({ list: 10, waitMs: 2000 });
  });

  it('reads database timeouts as PostgreSQL spells durations, and refuses what is not one', () => {
    const base = {
      DATABASE_URL: 'postgres://tma@db/tma',
      TMA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
    };
    const config = loadConfig({
      ...base,
      TMA_DB_POOL_WAIT: '1500ms',
      TMA_DB_STATEMENT_TIMEOUT: '0',
      TMA_DB_IDLE_TRANSACTION_TIMEOUT: '2min',
      TMA_LIST_CONCURRENCY: '3',
      TMA_DB_PREPARED_STATEMENTS: 'off',
    });
    expect(config.database).toMatchObject({
      poolWaitMs: 1500,
      statementTimeoutMs: 0,
      idleInTransactionTimeoutMs: 120_000,
      preparedStatements: false,
    });
    expect(config.bulkheads).toEqual({ list: 3, waitMs: 1500 });
    expect(loadConfig({}).bulkheads.list).toBe(2);
    expect(() => loadConfig({ ...base, TMA_DB_STATEMENT_TIMEOUT: '5 seconds' })).toThrow(
      /TMA_DB_STATEMENT_TIMEOUT must be a duration/,
    );
    expect(() => loadConfig({ ...base, TMA_DB_POOL_WAIT: '0' })).toThrow(/TMA_DB_POOL_WAIT/);
    expect(() => loadConfig({ ...base, TMA_DB_PREPARED_STATEMENTS: 'sometimes' })).toThrow(
      /TMA_DB_PREPARED_STATEMENTS must be true or false/,
    );
  });

  it('reads any setting from the file named by NAME_FILE, without the trailing newline', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-config-'));
    writeFileSync(path.join(dir, 'url'), 'postgresql://secret@db/tma\n');
    writeFileSync(path.join(dir, 'master.key'), `${Buffer.alloc(32, 1).toString('base64')}\n`);
    const config = loadConfig({
      DATABASE_URL_FILE: path.join(dir, 'url'),
      TMA_MASTER_KEY_FILE: path.join(dir, 'master.key'),
    });
    expect(config.database).toMatchObject({ engine: 'postgres', url: 'postgresql://secret@db/tma' });
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a whole number from 0 to 65535 \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT must be/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ DATABASE_URL: 'mysql://x@y/z' }, /^DATABASE_URL must start with postgres:\/\//],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL must be a URL/],
    [{ DATABASE_URL: 'postgres://db' }, /^DATABASE_URL must name a database/],
    [
      { TMA_MIGRATION_DATABASE_URL: 'postgres://db/x' },
      /^TMA_MIGRATION_DATABASE_URL is set but DATABASE_URL is not/,
    ],
    [{ TMA_MIGRATE_ON_START: 'maybe' }, /^TMA_MIGRATE_ON_START must be true or false/],
    [{ TRUST_PROXY: 'everyone' }, /^TRUST_PROXY must be/],
    [{ TMA_DB_APP_ROLE: 'Robert"); DROP' }, /^TMA_DB_APP_ROLE must be a lower-case PostgreSQL identifier/],
    [{ PORT: '1', PORT_FILE: '/etc/hostname' }, /^PORT and PORT_FILE are both set/],
    [{ PORT_FILE: '/nonexistent/port' }, /^PORT_FILE: cannot read \/nonexistent\/port \(ENOENT\)/],
  ])('rejects %o with one line naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('parses TRUST_PROXY as a flag, a hop count or a list of addresses', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('documents every setting, with its default, in docs/configuration.md', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../docs/configuration.md'), 'utf8');
    for (const setting of settings) {
      const row = docs.split('\n').find((line) => line.startsWith(`| \`${setting.name}\``));
      expect(row, `docs/configuration.md has no row for ${setting.name}`).toBeDefined();
      expect(row).toContain(setting.default.replace(/\|/g, '\\|'));
    }
  });
});
