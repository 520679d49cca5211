// What one request costs the database, counted, not timed (issue 18): the statements an authenticated
// request sends, BEGIN and COMMIT included, and the transactions they form, on both databases. Each
// statement is a round trip on PostgreSQL. bench/README.md ("Request path") explains the numbers; a change
// that adds a statement to these paths must change them here, on purpose.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyProvider } from '../../server/crypto/key-provider.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import type { Database } from '../../server/db/database.ts';
import { createPostgresBlobStore } from '../../server/modules/documents/postgres-blob-store.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import { databaseTargets, openTestDatabase } from '../support/databases.ts';
import { multipart } from '../support/multipart.ts';
import { type SignedInCall, signIn } from '../support/session.ts';
import { logStatements, type StatementLog } from '../support/statement-log.ts';

const PASSWORD = 'Lantern-Orbit 92 quietly';
const AUTHENTICATE_SESSION = /^SELECT \* FROM tma_authenticate_session\(/;
const AUTHENTICATE_TOKEN = /^SELECT \* FROM tma_authenticate_api_token\(/;
const SCOPE_WITH_BEGIN =
  /^BEGIN; SELECT set_config\('app\.tenant_id', '[0-9a-f-]{36}', true\), set_config\('app\.user_id', '[0-9a-f-]{36}', true\), set_config\('role', 'tma_app', true\)$/;
const SCOPE =
  /^SELECT set_config\('app\.tenant_id', \$1, true\), set_config\('app\.user_id', \$2, true\), set_config\('role', \$3, true\)$/;

describe.each(databaseTargets())('statements per request on %s', (target) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let provider: KeyProvider;
  let t: TestApp;
  let log: StatementLog;
  let tom: SignedInCall;
  let caseId: string;
  let token: string;
  const explain = (statements: string[]) => `\n${statements.map((s, i) => `${i + 1}. ${s}`).join('\n')}`;

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase(target));
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    const tenantId = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
    const unitId = (
      await createUnit(database, tenantId, { slug: 'de', name: 'Germany' }, { kind: 'operator' })
    ).id;
    for (const [email, role] of [
      ['tom@acme.example', 'threat_manager'],
      ['ada@acme.example', 'admin'],
    ] as const)
      await createUser(database, tenantId, { email, role, password: PASSWORD }, { kind: 'operator' });
    await setUserUnits(
      database,
      tenantId,
      { email: 'tom@acme.example' },
      { slugs: ['de'] },
      { kind: 'operator' },
    );
    t = await buildTestApp(database, {
      reporting: {
        keyring: new Keyring(database, provider),
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
      },
    });
    tom = await signIn(t.app, { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD });
    const body = multipart('report', {
      unitId,
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: true,
      answers: {
        immediate_danger: 'no',
        description: 'Herr K. hat in der Kantine gesagt, er werde es allen zeigen.',
        warning_signs: ['threat'],
        persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager' }],
      },
    });
    const report = await t.app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: body.payload,
      headers: { ...body.headers, ...(await tomHeaders()) },
    });
    expect(report.statusCode, report.body).toBe(201);
    const opened = await tom('POST', `/api/v1/reports/${report.json().report.id}/open-case`, {
      title: 'Drohung Kantine',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    const ada = await signIn(t.app, { tenant: 'acme', email: 'ada@acme.example', password: PASSWORD });
    const created = await ada('POST', '/api/v1/api-tokens', {
      name: 'Hotline',
      scopes: ['units:read'],
      expiresInDays: 30,
    });
    expect(created.statusCode, created.body).toBe(201);
    token = created.json().token;
    log = logStatements(database);
    // Warm the caches a first read fills (the tenant's key), so the counts below are every later read's.
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup?.();
  });

  let tomCookie: Record<string, string> | undefined;
  async function tomHeaders(): Promise<Record<string, string>> {
    if (!tomCookie) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { tenant: 'acme', email: 'tom@acme.example', password: PASSWORD },
      });
      tomCookie = {
        cookie: `tma_session=${login.cookies.find((c) => c.name === 'tma_session')?.value}`,
        'x-csrf-token': login.json().csrfToken,
      };
    }
    return tomCookie;
  }

  /** Checks that every transaction opens with its whole scope at once, and answers the count. */
  const transactionsIn = (statements: string[]): number => {
    let transactions = 0;
    statements.forEach((statement, i) => {
      if (!/^begin\b/i.test(statement)) return;
      transactions += 1;
      // PostgreSQL: BEGIN and the scope in one message. PGlite (no network): BEGIN, then the scope.
      if (target === 'postgres') expect(statement, explain(statements)).toMatch(SCOPE_WITH_BEGIN);
      else expect(statements[i + 1], explain(statements)).toMatch(SCOPE);
    });
    expect(statements.filter((s) => /SET LOCAL ROLE/i.test(s))).toEqual([]);
    return transactions;
  };

  it('authenticates a session in one statement and no transaction: GET /api/v1/auth/session', async () => {
    const statements = await log.during(async () => {
      expect((await tom('GET', '/api/v1/auth/session')).statusCode).toBe(200);
    });
    expect(statements, explain(statements)).toHaveLength(1);
    expect(statements[0]).toMatch(AUTHENTICATE_SESSION);
  });

  it('authenticates an API token in one statement: GET /api/v1/units with a token', async () => {
    const statements = await log.during(async () => {
      const units = await t.app.inject({
        method: 'GET',
        url: '/api/v1/units',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(units.statusCode, units.body).toBe(200);
    });
    expect(statements[0]).toMatch(AUTHENTICATE_TOKEN);
    expect(statements.filter((s) => /tma_authenticate_/.test(s))).toHaveLength(1);
    // Then the list: one tenant transaction of one query.
    expect(
      { statements: statements.length, transactions: transactionsIn(statements) },
      explain(statements),
    ).toEqual({ statements: target === 'postgres' ? 4 : 5, transactions: 1 });
  });

  it('reads a case: one statement to authenticate, then one transaction', async () => {
    const statements = await log.during(async () => {
      expect((await tom('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    });
    expect(statements[0]).toMatch(AUTHENTICATE_SESSION);
    expect(
      { statements: statements.length, transactions: transactionsIn(statements) },
      explain(statements),
    ).toEqual(EXPECTED_CASE_READ[target]);
  });

  it('lists cases: one statement to authenticate, then one transaction', async () => {
    const statements = await log.during(async () => {
      expect((await tom('GET', '/api/v1/cases?limit=50')).statusCode).toBe(200);
    });
    expect(statements[0]).toMatch(AUTHENTICATE_SESSION);
    expect(
      { statements: statements.length, transactions: transactionsIn(statements) },
      explain(statements),
    ).toEqual(EXPECTED_CASE_LIST[target]);
  });
});

/**
 * GET /api/v1/cases/{id} by a threat manager of the case's unit, after a first read warmed the caches:
 * authentication (1, which also answers the actor's access: migration 0051), BEGIN with the scope (PGlite:
 * 2), the case with everything the page shows beside it (the actor's membership, its reports, its
 * hand-overs, its legal hold and its data key, as columns of one statement: findCaseDetail), the audit event
 * with COMMIT in one message (sendWithCommit; PGlite: 2). Before issue 18: 26 statements in 3 transactions;
 * 11 before the membership went into the case's load and the key was read once; 10 before the reports,
 * hand-overs, legal hold and key went into the case's statement; 6 before the authentication answered the
 * actor's access; 5 before the audit event went with the COMMIT. Update on purpose, with bench/README.md.
 */
const EXPECTED_CASE_READ = {
  postgres: { statements: 4, transactions: 1 },
  embedded: { statements: 6, transactions: 1 },
};

/**
 * GET /api/v1/cases by the same threat manager: authentication (1, with the actor's access), BEGIN with the
 * scope (PGlite: 2), the page with the actor's membership and the data key of each case, the audit event
 * with COMMIT (PGlite: 2). Before issue 18: a data-key query per row; 9 statements before the membership
 * went into the page's query and the unit scope was read off the actor; 7 before the authentication
 * answered the actor's access; 6 before the audit event went with the COMMIT; 5 before the data keys went
 * into the page's query.
 */
const EXPECTED_CASE_LIST = {
  postgres: { statements: 4, transactions: 1 },
  embedded: { statements: 6, transactions: 1 },
};
