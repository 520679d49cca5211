// The organisation the reporting, case and notification tests share: ACME with units Germany and France,
// Globex with the US, their threat managers, an expert and an admin, and the real app with reporting on.
// The portal is called from one fixed client address and browser, which tests look for and must not find.
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { Selectable } from 'kysely';
import pino from 'pino';
import type { KeyProvider } from '../../server/crypto/key-provider.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import type { Database } from '../../server/db/database.ts';
import type { UserRole } from '../../server/db/schema-identity.ts';
import type { EmailOutboxTable } from '../../server/db/schema-mail.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import type { DocumentLimits } from '../../server/modules/case-documents/store-upload.ts';
import { createPostgresBlobStore } from '../../server/modules/documents/postgres-blob-store.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { openQueuedEmail } from '../../server/modules/mail/outbox.ts';
import { defaultReportForm } from '../../server/modules/reports/answers.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { buildTestApp, type TestApp } from './app.ts';
import { openTestDatabase, type TargetName } from './databases.ts';
import { type MultipartFile, multipart } from './multipart.ts';
import { solvePortalChallengeInNode } from './proof-of-work.ts';
import { type SignedInCall, signIn } from './session.ts';

export const PASSWORD = 'Lantern-Orbit 92 quietly';
export const CLIENT_IP = '203.0.113.77';
export const CLIENT_UA = 'Mozilla/5.0 (X11; Linux x86_64) ReporterBrowser/99.1 UniqueMarker-7731';

/** Answers to the default form that pass its rules and indicate no immediate danger. */
export const reportAnswers = {
  immediate_danger: 'no',
  description: 'Herr K. hat in der Kantine gesagt, er werde es allen zeigen.',
  warning_signs: ['threat', 'fixation'],
  persons: [{ role: 'person_of_concern', name: 'K.', description: 'Lager, Spätschicht' }],
};

type OutboxRow = Selectable<EmailOutboxTable>;

export interface ReportingApp {
  database: Database;
  /** The PostgreSQL database's URL (undefined on the embedded one), for a `tma` command on the same data. */
  databaseUrl: string | undefined;
  provider: KeyProvider;
  t: TestApp;
  /** Tenant ids by slug: `acme`, `globex`. */
  tenants: Record<string, string>;
  /** Unit ids by `tenant/unit`: `acme/de`, `acme/fr`, `globex/us`. */
  units: Record<string, string>;
  /** A request to the portal from the fixed client address and browser. */
  portal(
    method: 'GET' | 'POST',
    url: string,
    extra?: Record<string, unknown>,
  ): Promise<LightMyRequestResponse>;
  /** A solved proof-of-work challenge of the tenant's portal. */
  proof(tenant?: string): Promise<string>;
  /** A signed-in caller of a team member (every user's password is PASSWORD). */
  session(tenant: string, email: string): Promise<SignedInCall>;
  /** Submits a report through the portal, with a fresh proof, in German, on the default form. */
  submit(
    submission: Record<string, unknown>,
    files?: MultipartFile[],
    tenant?: string,
  ): Promise<LightMyRequestResponse>;
  /** The outbox's messages, address and params opened with the tenant's keys (as the dispatcher does). */
  openedOutbox(tenant?: string): Promise<Array<OutboxRow & Awaited<ReturnType<typeof openQueuedEmail>>>>;
  close(): Promise<void>;
}

/** A fresh database on `target` with the organisation above, and the app on it. */
export async function openReportingApp(
  target: TargetName,
  options: { documents?: DocumentLimits } = {},
): Promise<ReportingApp> {
  const { database, testDatabase, cleanup } = await openTestDatabase(target);
  let provider: KeyProvider | undefined;
  let t: TestApp | undefined;
  const close = async () => {
    await t?.app.close();
    await provider?.close();
    await cleanup();
  };
  try {
    provider = await createKeyProvider(
      { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
      pino({ level: 'silent' }),
    );
    const tenants: Record<string, string> = {};
    const units: Record<string, string> = {};
    for (const slug of ['acme', 'globex'])
      tenants[slug] = (await createTenant(database.db, { slug, name: slug.toUpperCase() })).id;
    const unit = async (tenant: string, slug: string, name: string) => {
      units[`${tenant}/${slug}`] = (
        await createUnit(database, tenants[tenant] as string, { slug, name }, { kind: 'operator' })
      ).id;
    };
    await unit('acme', 'de', 'Germany');
    await unit('acme', 'fr', 'France');
    await unit('globex', 'us', 'US');
    const user = async (tenant: string, email: string, role: UserRole, unitSlugs: string[] = []) => {
      await createUser(
        database,
        tenants[tenant] as string,
        { email, role, password: PASSWORD, specialty: role === 'expert' ? 'hr' : null },
        { kind: 'operator' },
      );
      if (unitSlugs.length > 0)
        await setUserUnits(
          database,
          tenants[tenant] as string,
          { email },
          { slugs: unitSlugs },
          { kind: 'operator' },
        );
    };
    await user('acme', 'tom@acme.example', 'threat_manager', ['de']);
    await user('acme', 'tessa@acme.example', 'threat_manager', ['de']);
    await user('acme', 'fay@acme.example', 'threat_manager', ['fr']);
    await user('acme', 'eve@acme.example', 'expert', ['de']);
    await user('acme', 'ada@acme.example', 'admin');
    await user('globex', 'gil@globex.example', 'threat_manager', ['us']);
    const keyring = new Keyring(database, provider);
    const app = await buildTestApp(database, {
      reporting: {
        keyring,
        blobStore: createPostgresBlobStore(database),
        attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
        ...(options.documents ? { documents: options.documents } : {}),
      },
    });
    t = app;

    const portal: ReportingApp['portal'] = (method, url, extra = {}) =>
      app.app.inject({
        method,
        url,
        remoteAddress: CLIENT_IP,
        headers: { 'user-agent': CLIENT_UA, ...((extra.headers as object) ?? {}) },
        ...(extra.payload !== undefined ? { payload: extra.payload as string } : {}),
      });
    const proof: ReportingApp['proof'] = async (tenant = 'acme') =>
      solvePortalChallengeInNode((await portal('GET', `/api/v1/portal/${tenant}/challenge`)).json());
    return {
      database,
      databaseUrl: testDatabase.url,
      provider,
      t: app,
      tenants,
      units,
      portal,
      proof,
      session: (tenant, email) => signIn(app.app, { tenant, email, password: PASSWORD }),
      async submit(submission, files = [], tenant = 'acme') {
        const body = multipart(
          'submission',
          {
            proof: await proof(tenant),
            language: 'de',
            formVersion: defaultReportForm.version,
            ...submission,
          },
          files,
        );
        return portal('POST', `/api/v1/portal/${tenant}/reports`, {
          payload: body.payload,
          headers: body.headers,
        });
      },
      async openedOutbox(tenant = 'acme') {
        const tenantId = tenants[tenant] as string;
        const keys = await keyring.forTenant(tenantId);
        return withTenant(database, { tenantId, userId: null }, async (trx) => {
          const opened = [];
          for (const row of await trx.selectFrom('email_outbox').selectAll().execute())
            opened.push({ ...row, ...(await openQueuedEmail(trx, keys, row)) });
          return opened;
        });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Reports taken by phone for a unit by a signed-in threat manager, named by their descriptions; their ids. */
export async function recordPhoneReports(
  call: SignedInCall,
  unitId: string,
  descriptions: string[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const description of descriptions) {
    const response = await call('POST', '/api/v1/reports', {
      unitId,
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: false,
      reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
      answers: { ...reportAnswers, description },
      issueReceipt: false,
    });
    if (response.statusCode !== 201)
      throw new Error(`recording a report failed: ${response.statusCode} ${response.body}`);
    ids.push(response.json().report.id);
  }
  return ids;
}
