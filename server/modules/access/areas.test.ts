// The areas of the staff app, as the session tells the web app, are the areas the server serves: for every
// role, an area the session names answers its list with 200, and one it does not name with 403. The web app
// shows its navigation from these and keeps no role list of its own (web/api/session.ts).
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/support/app.ts';
import { databaseTargets, openTestDatabase } from '../../../test/support/databases.ts';
import { signIn } from '../../../test/support/session.ts';
import type { KeyProvider } from '../../crypto/key-provider.ts';
import { Keyring } from '../../crypto/keyring.ts';
import { createKeyProvider } from '../../crypto/providers/index.ts';
import type { Database } from '../../db/database.ts';
import type { UserRole } from '../../db/schema-identity.ts';
import { createPostgresBlobStore } from '../documents/postgres-blob-store.ts';
import { createUser } from '../identity/service.ts';
import { createTenant } from '../tenants/service.ts';
import { AREAS, type Area, areasOf } from './areas.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';

/** The list each area's page opens with. */
const LIST_OF: Record<Area, string> = {
  inbox: '/api/v1/reports',
  cases: '/api/v1/cases',
  users: '/api/v1/users',
  administration: '/api/v1/api-tokens',
};

const ROLES: UserRole[] = ['admin', 'threat_manager', 'expert', 'auditor'];

describe('areasOf', () => {
  it('gives each role its areas, and a session restricted to enrolling a second factor none', () => {
    const actor = (role: UserRole) => ({ id: 'u', tenantId: 't', role });
    expect(Object.fromEntries(ROLES.map((role) => [role, areasOf(actor(role))]))).toEqual({
      admin: { inbox: true, cases: true, users: true, administration: true },
      threat_manager: { inbox: true, cases: true, users: false, administration: false },
      expert: { inbox: false, cases: true, users: false, administration: false },
      auditor: { inbox: false, cases: false, users: false, administration: false },
    });
    for (const role of ROLES)
      expect(areasOf(actor(role), { secondFactorSetupRequired: true })).toEqual({
        inbox: false,
        cases: false,
        users: false,
        administration: false,
      });
  });
});

describe.each(databaseTargets())('areas of the session on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    for (const role of ROLES)
      await createUser(
        database,
        tenantId,
        {
          email: `${role}@acme.example`,
          role,
          password: PASSWORD,
          ...(role === 'expert' ? { specialty: 'labour_law' as const } : {}),
        },
        { kind: 'operator' },
      );
    t = await buildTestApp(database, {
      reporting: {
        keyring: new Keyring(database, provider),
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  it.each(ROLES)('serves a %s the areas the session names, and refuses the others', async (role) => {
    const call = await signIn(t.app, { tenant: 'acme', email: `${role}@acme.example`, password: PASSWORD });
    const session = await call('GET', '/api/v1/auth/session');
    expect(session.statusCode, session.body).toBe(200);
    const areas = session.json().areas as Record<Area, boolean>;
    expect(Object.keys(areas).sort()).toEqual([...AREAS].sort());
    for (const area of AREAS) {
      const list = await call('GET', LIST_OF[area]);
      expect({ area, status: list.statusCode }, list.body).toEqual({
        area,
        status: areas[area] ? 200 : 403,
      });
    }
  });
});
