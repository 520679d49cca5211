import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets, openTestDatabase } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/tenant-transaction.ts';
import { BlindIndex, searchTokens } from './blind-index.ts';
import { Keyring } from './keyring.ts';
import { createKeyProvider } from './providers/index.ts';

describe('search tokens', () => {
  it.each([
    ['Müller', ['mueller']],
    ['MÜLLER-Lüdenscheidt', ['mueller', 'luedenscheidt']],
    ['Straße 12, Köln', ['strasse', '12', 'koeln']],
    ['José Ángel Øster', ['jose', 'angel', 'oster']],
    ['ﬁle Ｆｕｌｌwidth', ['file', 'fullwidth']],
    ['  Mueller mueller  ', ['mueller']],
    ['', []],
  ])('%j → %j', (text, tokens) => {
    expect(searchTokens(text)).toEqual(tokens);
  });

  it('the decomposed and composed forms of ü give the same token', () => {
    expect(searchTokens('Mu\u0308ller')).toEqual(searchTokens('M\u00fcller'));
  });
});

describe('blind index', () => {
  it('is deterministic per key and field, and differs across keys and fields', () => {
    const key = randomBytes(32);
    const index = new BlindIndex(key);
    expect(index.entries('person.name', 'Müller')).toEqual(
      new BlindIndex(key).entries('person.name', 'MUELLER'),
    );
    expect(index.entries('person.name', 'Müller')).not.toEqual(index.entries('case.title', 'Müller'));
    expect(index.entries('person.name', 'Müller')).not.toEqual(
      new BlindIndex(randomBytes(32)).entries('person.name', 'Müller'),
    );
    expect(index.entries('person.name', 'Anna Müller')[0]).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe.each(databaseTargets())('searching encrypted names with the blind index on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let tenantId: string;
  let keyring: Keyring;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    tenantId = (
      await database.db
        .insertInto('tenants')
        .values({ slug: 'search', name: 'S' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    keyring = new Keyring(
      database,
      await createKeyProvider(
        { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
        pino({ level: 'silent' }),
      ),
    );
    await sql`CREATE TABLE search_probe (id uuid PRIMARY KEY, name_index text[] NOT NULL)`.execute(
      database.db,
    );
    await sql`CREATE INDEX search_probe_gin ON search_probe USING gin (name_index)`.execute(database.db);
    await sql`GRANT SELECT, INSERT ON search_probe TO tma_app`.execute(database.db);
  });
  afterAll(() => cleanup());

  it('finds rows by any spelling of a name without storing the name', async () => {
    const keys = await keyring.forTenant(tenantId);
    const people = { anna: randomUUID(), jan: randomUUID() };
    const found = await withTenant(database, { tenantId, userId: null }, async (trx) => {
      const index = await keys.blindIndex(trx);
      for (const [id, name] of [
        [people.anna, 'Anna Müller-Straße'],
        [people.jan, 'Jan Mueller'],
      ] as const) {
        await sql`INSERT INTO search_probe (id, name_index) VALUES (${id}, ${index.entries('person.name', name)})`.execute(
          trx,
        );
      }
      const search = async (query: string) =>
        (
          await sql<{
            id: string;
          }>`SELECT id FROM search_probe WHERE name_index @> ${index.entries('person.name', query)}::text[] ORDER BY id`.execute(
            trx,
          )
        ).rows.map((row) => row.id);
      return {
        mueller: await search('müller'),
        anna: await search('ANNA MUELLER'),
        strasse: await search('strasse'),
        nobody: await search('Schmidt'),
      };
    });
    expect(found.mueller.sort()).toEqual([people.anna, people.jan].sort());
    expect(found.anna).toEqual([people.anna]);
    expect(found.strasse).toEqual([people.anna]);
    expect(found.nobody).toEqual([]);
  });
});
