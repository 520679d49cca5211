import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirInUseError } from './data-dir-lock.ts';
import { openDatabase } from './database.ts';

describe('embedded data folder lock', () => {
  it('lets one process open the folder; a second opener gets a clear error until it is released', () => {
    const lockFile = path.join(mkdtempSync(path.join(tmpdir(), 'tma-lock-')), 'db.lock');
    writeFileSync(lockFile, String(process.ppid)); // a running process that is not us holds it
    expect(() => acquireDataDirLock(lockFile)).toThrow(DataDirInUseError);
    expect(() => acquireDataDirLock(lockFile)).toThrow(/in use by process \d+/);
  });

  it('takes over a lock left behind by a process that no longer runs', () => {
    const lockFile = path.join(mkdtempSync(path.join(tmpdir(), 'tma-lock-')), 'db.lock');
    writeFileSync(lockFile, '2147483646');
    const release = acquireDataDirLock(lockFile);
    expect(readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(lockFile)).toBe(false);
  });

  it('keeps data across a close and reopen of the embedded database, and frees the lock on close', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'tma-embedded-')), 'db');
    const config = { engine: 'embedded' as const, dataDir, appRole: 'tma_app' };
    const first = await openDatabase(config);
    await first.db.schema.createTable('kept').addColumn('v', 'text').execute();
    await first.db
      .insertInto('kept' as never)
      .values({ v: 'still here' } as never)
      .execute();
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const second = await openDatabase(config);
    try {
      const rows = await second.db
        .selectFrom('kept' as never)
        .selectAll()
        .execute();
      expect(rows).toEqual([{ v: 'still here' }]);
    } finally {
      await second.close();
    }
  });
});
