// Issue 11, "Done when": unique marker strings go in through every write path of the API that takes text
// (the portal, the inbox, cases, hand-overs, recorded reports, settings, accounts), then the database is read
// back as someone holding a copy would (every table as SQL, the real pg_dump, the embedded data folder) and
// with the captured log. No marker may be found in clear outside the columns docs/security.md lists as
// plaintext with a reason (ALLOWED_IN_CLEAR mirrors that list, and a test holds the two together); no
// trace of the reporter's user agent or address may be found at all; and the anonymous submission and the
// reporter's own message may write no time finer than the day.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyProvider } from '../../server/crypto/key-provider.ts';
import { Keyring } from '../../server/crypto/keyring.ts';
import { createKeyProvider } from '../../server/crypto/providers/index.ts';
import type { Database } from '../../server/db/database.ts';
import { withTenant } from '../../server/db/tenant-transaction.ts';
import { createPostgresBlobStore } from '../../server/modules/documents/postgres-blob-store.ts';
import { createUser } from '../../server/modules/identity/service.ts';
import { totpCode } from '../../server/modules/identity/totp.ts';
import { openQueuedEmail } from '../../server/modules/mail/outbox.ts';
import { createTenant } from '../../server/modules/tenants/service.ts';
import { createUnit, setUserUnits } from '../../server/modules/units/service.ts';
import { buildTestApp, type TestApp } from '../support/app.ts';
import {
  type DumpedCell,
  type DumpedTable,
  dumpCells,
  dumpDatabase,
  embeddedDataFolder,
  finerThanDay,
  pgDumpCells,
  pgDumpDataOnly,
  writtenBetween,
} from '../support/database-dump.ts';
import { databaseTargets, openTestDatabase } from '../support/databases.ts';
import { documentUpload, multipart } from '../support/multipart.ts';
import { solvePortalChallengeInNode } from '../support/proof-of-work.ts';
import { SoftwareAuthenticator } from '../support/webauthn-authenticator.ts';

/** What a marker stands for; every kind but `content` is plaintext somewhere, by design and documented. */
type Kind =
  | 'content'
  | 'unit_name'
  | 'unit_slug'
  | 'staff_email'
  | 'staff_name'
  | 'staff_user_agent'
  | 'api_token_name'
  | 'passkey_name'
  | 'sso_setting'
  | 'report_form'
  | 'emergency_notice'
  | 'assessment_model'
  | 'assessment_setting'
  | 'measure_type'
  | 'handbook_page';

/**
 * The columns that hold text in clear, and which markers may appear there. Mirrors the list "What is
 * stored in clear" in docs/security.md, row for row (a test below compares them): change both together.
 */
const ALLOWED_IN_CLEAR: Record<string, Kind[]> = {
  'org_units.name': ['unit_name'],
  'org_units.slug': ['unit_slug'],
  'users.email': ['staff_email'],
  'users.display_name': ['staff_name'],
  'deletion_certificates.pdf': ['staff_name', 'unit_name'],
  'sessions.user_agent': ['staff_user_agent'],
  'api_tokens.name': ['api_token_name'],
  'passkeys.name': ['passkey_name'],
  'tenant_sso_settings.issuer_url': ['sso_setting'],
  'tenant_sso_settings.client_id': ['sso_setting'],
  'tenant_sso_settings.button_label': ['sso_setting'],
  'tenant_sso_settings.role_claim': ['sso_setting'],
  'tenant_sso_settings.role_mapping': ['sso_setting'],
  'tenant_sso_settings.allowed_domains': ['sso_setting'],
  'report_forms.definition': ['report_form'],
  'report_settings.emergency_notice': ['emergency_notice'],
  'assessment_models.definition': ['assessment_model'],
  'assessment_settings.external_instruments': ['assessment_setting'],
  'measure_types.definition': ['measure_type'],
  'handbook_page_versions.title_en': ['handbook_page'],
  'handbook_page_versions.body_en': ['handbook_page'],
  'handbook_page_versions.title_de': ['handbook_page'],
  'handbook_page_versions.body_de': ['handbook_page'],
  'handbook_page_versions.note': ['handbook_page'],
  'handbook_page_versions.search_en': ['handbook_page'],
  'handbook_page_versions.search_de': ['handbook_page'],
  'tenants.name': [],
};

const PASSWORD = 'Lantern-Orbit 92 quietly';
const PUBLIC_URL = 'https://tma.example.com';
const RUN = randomBytes(4).toString('hex');
// The reporter's browser and address, sent on every portal request: behind a trusted proxy (the app trusts
// it), so the address comes as X-Forwarded-For and the proxy's own as the socket's.
const REPORTER_UA = `Mozilla/5.0 (X11; Linux x86_64) ReporterBrowser/${RUN} Gecko/20100101`;
const REPORTER_IP = `198.51.100.${randomInt(2, 250)}`;
const PROXY_IP = `192.0.2.${randomInt(2, 250)}`;
// Staff come through the same proxy from their own address; their browser is kept for their session list.
const STAFF_IP = `203.0.113.${randomInt(2, 250)}`;

interface Marker {
  text: string;
  path: string;
  kind: Kind;
}
const markers: Marker[] = [];
/** A unique marker for one field of one write path; lower case, so e-mail normalisation keeps it. */
function marker(path: string, kind: Kind = 'content'): string {
  const text = `marker-${RUN}-${path}`;
  // Each database target runs the same flow, with the same markers.
  const known = markers.find((m) => m.text === text);
  if (known && known.kind !== kind) throw new Error(`marker ${path} given two kinds`);
  if (!known) markers.push({ text, path, kind });
  return text;
}
const STAFF_UA = `Mozilla/5.0 StaffBrowser ${marker('staff-ua', 'staff_user_agent')}`;

/** How a text can sit in a dump: in clear, as bytea hex (PostgreSQL prints `\x…`), or base64 at any offset. */
function forms(text: string): Array<{ form: string; needle: string }> {
  const bytes = Buffer.from(text, 'utf8');
  const base64 = [0, 1, 2].map((shift) => {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    return encoded.slice(shift === 0 ? 0 : 4, -4);
  });
  return [
    { form: 'in clear', needle: text },
    { form: 'as hex', needle: bytes.toString('hex') },
    ...base64.map((needle) => ({ form: 'as base64', needle })),
  ];
}

/** Every trace of the reporter's and the staff's user agent and address that must never be stored. */
function clientTraces(): Array<{ what: string; needle: string; raw: Buffer }> {
  const traces: Array<{ what: string; needle: string; raw: Buffer }> = [];
  const text = (what: string, value: string) => {
    for (const { form, needle } of forms(value))
      traces.push({ what: `${what} ${form}`, needle, raw: Buffer.from(value) });
  };
  text("the reporter's user agent", REPORTER_UA);
  text("the reporter's user agent", `ReporterBrowser/${RUN}`);
  for (const [what, address] of [
    ["the reporter's address", REPORTER_IP],
    ["the proxy's address", PROXY_IP],
    ["a staff member's address", STAFF_IP],
  ] as const) {
    text(what, address);
    // Unkeyed hashes of an IPv4 address are reversed by trying all 2^32: as good as the address.
    for (const [how, digest] of [
      ['SHA-256', createHash('sha256').update(address).digest()],
      [
        'SHA-256 (the old login_throttles key)',
        createHash('sha256').update(`tma-login-address\0${address}`).digest(),
      ],
    ] as const)
      traces.push({ what: `${what} as unkeyed ${how}`, needle: digest.toString('hex'), raw: digest });
  }
  return traces;
}

/** Markers found in `cells` outside the allow-list, as `column holds marker (path) form`. */
function markersInClear(cells: DumpedCell[], allow = ALLOWED_IN_CLEAR, among = markers): string[] {
  const leaks = new Set<string>();
  for (const m of among)
    for (const { form, needle } of forms(m.text))
      for (const cell of cells)
        if (cell.text.includes(needle) && !allow[cell.column]?.includes(m.kind))
          leaks.add(`${cell.column} holds ${m.text} (${m.kind}) ${form}`);
  return [...leaks].sort();
}

function clientTracesIn(cells: DumpedCell[]): string[] {
  const leaks = new Set<string>();
  for (const trace of clientTraces())
    for (const cell of cells)
      if (cell.text.includes(trace.needle)) leaks.add(`${cell.column} holds ${trace.what}`);
  return [...leaks].sort();
}

describe('the scan itself', () => {
  it('finds a marker in clear, as bytea hex and as base64, and names its table and column', () => {
    const text = `marker-${RUN}-self-test`;
    const among: Marker[] = [{ text, path: 'self-test', kind: 'content' }];
    const dump = [
      "SET client_encoding = 'UTF8';",
      'COPY public.audit_events (seq, "reason") FROM stdin;',
      `1\tsomething ${text}.`,
      `2\t\\\\x00ff${Buffer.from(text).toString('hex')}00`,
      '\\.',
      'COPY public.org_units (name) FROM stdin;',
      Buffer.from(`xy${text}`).toString('base64'),
      '\\.',
    ].join('\n');
    expect(markersInClear(pgDumpCells(dump), {}, among)).toEqual([
      `audit_events.reason holds ${text} (content) as hex`,
      `audit_events.reason holds ${text} (content) in clear`,
      `org_units.name holds ${text} (content) as base64`,
    ]);
    expect(markersInClear(pgDumpCells(dump), { 'org_units.name': ['content'] }, among)).toHaveLength(2);
  });

  it('tells a time finer than the day from a day', () => {
    const now = new Date();
    const at = (type: string, value: unknown) => finerThanDay({ column: 't.c', type, value, row: '1' }, now);
    expect(at('timestamp with time zone', '2026-12-05T00:00:00+00:00')).toBeNull();
    expect(at('date', '2026-12-05')).toBeNull();
    expect(at('timestamp with time zone', '2026-12-05T07:51:38.5+00:00')).toContain('07:51');
    expect(at('timestamp with time zone', '2026-12-05T01:00:00+01:00')).toBeNull();
    expect(at('jsonb', { sent: { at: '2026-12-05T07:51:38Z' } })).toContain('07:51');
    expect(at('uuid', '01890a5d-ac96-774b-bcce-b302099a8057')).toContain('time-based UUID');
    expect(at('uuid', '9b2f6c1e-3a4d-4e5f-8a6b-7c8d9e0f1a2b')).toBeNull();
    expect(at('bigint', Math.floor(now.getTime() / 1000))).toContain('Unix s');
    expect(at('bigint', now.getTime())).toContain('Unix ms');
    expect(at('integer', 42)).toBeNull();
    expect(at('time without time zone', '07:51:38')).toContain('time without time zone');
  });
});

describe.each(databaseTargets())(
  'no plaintext, user agent, address or hour in a dump of the %s database',
  (target) => {
    let database: Database;
    let databaseUrl: string | undefined;
    let cleanup: () => Promise<void>;
    let provider: KeyProvider;
    let t: TestApp;
    const tenants: Record<string, string> = {};
    const units: Record<string, string> = {};
    /** What the anonymous submission and the reporter's own message wrote, and when they ran. */
    const reporterWrites: Array<{ step: string; at: Date; before: DumpedTable[]; after: DumpedTable[] }> = [];
    const readBack: Record<string, unknown> = {};
    /** Secrets the API handed out (receipts, tokens, a TOTP secret): stored only hashed or sealed, if at all. */
    const secrets: Array<{ what: string; value: string }> = [];

    type Call = (
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      body?: object | ReturnType<typeof multipart>,
      headers?: Record<string, string>,
    ) => Promise<LightMyRequestResponse>;

    const isMultipart = (body: unknown): body is ReturnType<typeof multipart> =>
      Buffer.isBuffer((body as { payload?: unknown } | undefined)?.payload);

    /** Requests from one browser, all through the proxy (the socket's address is the proxy's). */
    const browser =
      (client: Record<string, string>, cookies?: Record<string, string>): Call =>
      (method, url, body, headers = {}) =>
        t.app.inject({
          method,
          url,
          remoteAddress: PROXY_IP,
          ...(cookies ? { cookies } : {}),
          headers: { ...client, ...(isMultipart(body) ? body.headers : {}), ...headers },
          ...(isMultipart(body) ? { payload: body.payload } : body ? { payload: body } : {}),
        });
    /** The reporter's browser, with their address and user agent. */
    const portal = browser({ 'user-agent': REPORTER_UA, 'x-forwarded-for': REPORTER_IP });
    const staffClient = { 'user-agent': STAFF_UA, 'x-forwarded-for': STAFF_IP };
    const staffRequest = browser(staffClient);

    /** Signs in through the API from the staff's browser; the caller sends the cookie and CSRF token. */
    async function signIn(email: string, password = PASSWORD): Promise<Call> {
      const login = await staffRequest('POST', '/api/v1/auth/login', { tenant: 'acme', email, password });
      expectStatus(login, 200, `login of ${email}`);
      return sessionOf(login, email);
    }

    /** A caller that sends the session cookie and CSRF token a login (or an accepted invitation) gave. */
    function sessionOf(response: LightMyRequestResponse, who: string): Call {
      const cookie = response.cookies.find((c) => c.name === 'tma_session')?.value as string;
      const csrf = response.json().csrfToken as string;
      secrets.push({ what: `the session token of ${who}`, value: cookie });
      secrets.push({ what: `the CSRF token of ${who}`, value: csrf });
      return browser({ ...staffClient, 'x-csrf-token': csrf }, { tma_session: cookie });
    }

    function expectStatus(response: { statusCode: number; body: string }, status: number, what: string) {
      if (response.statusCode === status) return;
      const requestId = /"requestId":"([^"]+)"/.exec(response.body)?.[1];
      const logged = t.logs.filter((line) => requestId && line.requestId === requestId);
      throw new Error(
        `${what}: expected ${status}, got ${response.statusCode} ${response.body}\n${JSON.stringify(logged)}`,
      );
    }

    const proof = async () =>
      solvePortalChallengeInNode((await portal('GET', '/api/v1/portal/acme/challenge')).json());

    /** A text attachment whose name (with a folder of the reporter's machine) and content carry markers. */
    const textFile = (path: string) => ({
      name: `/home/${marker(`${path}-folder`)}/Documents/${marker(`${path}-file-name`)}.txt`,
      type: 'text/plain',
      bytes: Buffer.from(`Notes\n${marker(`${path}-file-content`)}\nEnd of notes\n`, 'utf8'),
    });

    const answers = (path: string) => ({
      immediate_danger: 'no',
      description: `Beobachtung: ${marker(`${path}-description`)}`,
      warning_signs: ['threat'],
      where: marker(`${path}-where`),
      persons: [
        {
          role: 'person_of_concern',
          name: marker(`${path}-person-name`),
          description: marker(`${path}-person-description`),
        },
      ],
      additional: marker(`${path}-additional`),
    });

    const reporter = (path: string) => ({
      name: marker(`${path}-reporter-name`),
      email: `${marker(`${path}-reporter-email`)}@example.org`,
      phone: `+49 30 ${marker(`${path}-reporter-phone`)}`,
    });

    /** Runs `step` between two dumps: what it wrote is checked for times finer than the day. */
    async function reporterStep<T>(step: string, run: () => Promise<T>): Promise<T> {
      const before = await dumpDatabase(database);
      const at = new Date();
      const result = await run();
      reporterWrites.push({ step, at, before, after: await dumpDatabase(database) });
      return result;
    }

    beforeAll(async () => {
      const testDatabase = await openTestDatabase(target);
      ({ database, cleanup } = testDatabase);
      databaseUrl = testDatabase.testDatabase.url;
      provider = await createKeyProvider(
        { kind: 'local', masterKey: randomBytes(32), generatedKeyFile: null },
        pino({ level: 'silent' }),
      );
      const keyring = new Keyring(database, provider);
      /** The link token of the queued mail of `template`, as the mail will carry it: its params are sealed. */
      const queuedLinkToken = async (template: 'user.invitation' | 'user.password_reset') => {
        // A reset is worked off after its answer: wait for it.
        await t.passwordResets.runOnce();
        const keys = await keyring.forTenant(tenants.acme as string);
        const { params } = await withTenant(
          database,
          { tenantId: keys.tenantId, userId: null },
          async (trx) =>
            openQueuedEmail(
              trx,
              keys,
              await trx
                .selectFrom('email_outbox')
                .selectAll()
                .where('template', '=', template)
                .where('status', '=', 'queued')
                .executeTakeFirstOrThrow(),
            ),
        );
        return String(params.path).split('#')[1] as string;
      };
      tenants.acme = (await createTenant(database.db, { slug: 'acme', name: 'ACME' })).id;
      const acme = tenants.acme;
      for (const [slug, name] of [
        ['de', 'Germany'],
        ['fr', 'France'],
      ] as const)
        units[slug] = (await createUnit(database, acme, { slug, name }, { kind: 'operator' })).id;
      for (const [email, role, unit] of [
        ['ada@acme.example', 'admin', null],
        ['tom@acme.example', 'threat_manager', 'de'],
        ['fay@acme.example', 'threat_manager', 'fr'],
      ] as const) {
        await createUser(database, acme, { email, role, password: PASSWORD }, { kind: 'operator' });
        if (unit) await setUserUnits(database, acme, { email }, { slugs: [unit] }, { kind: 'operator' });
      }
      t = await buildTestApp(database, {
        trustProxy: true,
        identity: { keyring, publicUrl: PUBLIC_URL },
        sso: { keyring, publicUrl: PUBLIC_URL },
        reporting: {
          keyring,
          blobStore: createPostgresBlobStore(database),
          attachments: { maxBytes: 1024 * 1024, maxFiles: 3 },
        },
      });

      // --- the admin: settings, form, units, accounts, tokens, single sign-on ----------------------------
      const ada = await signIn('ada@acme.example');
      const settings = await ada('PUT', '/api/v1/report-settings', {
        emergencyNotice: {
          en: `Call 112: ${marker('notice-en', 'emergency_notice')}`,
          de: `Rufen Sie 112: ${marker('notice-de', 'emergency_notice')}`,
        },
        acknowledgeDays: 7,
        feedbackMonths: 3,
      });
      expectStatus(settings, 200, 'report settings');
      const form = (await ada('GET', '/api/v1/report-form')).json();
      const published = await ada('PUT', '/api/v1/report-form', {
        ...form,
        version: '1.1.0',
        title: { en: marker('form-title-en', 'report_form'), de: marker('form-title-de', 'report_form') },
      });
      expectStatus(published, 200, 'report form publish');
      const newUnit = await ada('POST', '/api/v1/units', {
        slug: marker('unit-slug', 'unit_slug'),
        name: marker('unit-name', 'unit_name'),
      });
      expectStatus(newUnit, 201, 'unit create');
      // Germany's new name goes into the e-mail notices of its reports.
      expectStatus(
        await ada('PATCH', `/api/v1/units/${units.de}`, { name: marker('unit-rename', 'unit_name') }),
        200,
        'unit rename',
      );
      const token = await ada('POST', '/api/v1/api-tokens', {
        name: marker('api-token-name', 'api_token_name'),
        scopes: ['reports:read', 'reports:write'],
        expiresInDays: 30,
      });
      expectStatus(token, 201, 'API token');
      secrets.push({ what: 'the API token', value: token.json().token });
      const sso = await ada('PUT', '/api/v1/tenant/sso', {
        enabled: true,
        issuerUrl: `https://${marker('sso-issuer', 'sso_setting')}.example.com/realms/acme`,
        clientId: marker('sso-client-id', 'sso_setting'),
        clientSecret: marker('sso-client-secret'),
        buttonLabel: marker('sso-button', 'sso_setting'),
        roleClaim: marker('sso-role-claim', 'sso_setting'),
        roleMapping: [{ value: marker('sso-role-value', 'sso_setting'), role: 'threat_manager' }],
        defaultRole: null,
        createUsers: false,
        allowedDomains: [`${marker('sso-domain', 'sso_setting')}.example.com`],
      });
      expectStatus(sso, 200, 'SSO settings');
      const invitedEmail = `${marker('invited-email', 'staff_email')}@acme.example`;
      const invited = await ada('POST', '/api/v1/invitations', {
        email: invitedEmail,
        displayName: marker('invited-name', 'staff_name'),
        role: 'threat_manager',
        unitIds: [units.de],
        locale: 'de',
      });
      expectStatus(invited, 201, 'invitation');
      // The invitation link's token, as the e-mail would carry it.
      const invitationToken = await queuedLinkToken('user.invitation');
      secrets.push({ what: 'the invitation link token', value: invitationToken });
      const accepted = await staffRequest('POST', '/api/v1/auth/invitation/accept', {
        token: invitationToken,
        password: `${marker('invited-password')} ${PASSWORD}`,
      });
      expectStatus(accepted, 200, 'invitation accept');
      // The new colleague sets up an authenticator app: its secret and recovery codes are secrets too.
      const invitedSession = sessionOf(accepted, 'the invited user');
      const totp = await invitedSession('POST', '/api/v1/account/totp/setup');
      expectStatus(totp, 200, 'TOTP setup');
      const { secretBase32 } = totp.json();
      const confirmed = await invitedSession('POST', '/api/v1/account/totp/confirm', {
        code: totpCode(secretBase32, new Date()),
      });
      expectStatus(confirmed, 200, 'TOTP confirm');
      secrets.push({ what: 'the TOTP secret', value: secretBase32 });
      for (const code of confirmed.json().recoveryCodes as string[])
        secrets.push({ what: 'a recovery code', value: code });
      // A reset asked for the new colleague's address: its link token waits for the mail.
      expectStatus(
        await staffRequest('POST', '/api/v1/auth/password-reset', {
          tenant: 'acme',
          email: invitedEmail,
          locale: 'de',
        }),
        202,
        'password reset',
      );
      secrets.push({
        what: 'the password reset link token',
        value: await queuedLinkToken('user.password_reset'),
      });
      // Logins that fail, and a reset asked for an address that has no account: nothing of them is kept.
      expectStatus(
        await staffRequest('POST', '/api/v1/auth/login', {
          tenant: 'acme',
          email: `${marker('unknown-login-email')}@acme.example`,
          password: marker('unknown-login-password'),
        }),
        401,
        'login of an unknown user',
      );
      expectStatus(
        await staffRequest('POST', '/api/v1/auth/login', {
          tenant: 'acme',
          email: 'ada@acme.example',
          password: marker('wrong-password'),
        }),
        401,
        'login with a wrong password',
      );
      expectStatus(
        await staffRequest('POST', '/api/v1/auth/password-reset', {
          tenant: 'acme',
          email: `${marker('reset-unknown-email')}@acme.example`,
          locale: 'de',
        }),
        202,
        'password reset for an unknown address',
      );
      const authenticator = new SoftwareAuthenticator(PUBLIC_URL);
      const passkeyOptions = await ada('POST', '/api/v1/account/passkeys/options', { password: PASSWORD });
      expectStatus(passkeyOptions, 200, 'passkey options');
      expectStatus(
        await ada('POST', '/api/v1/account/passkeys', {
          name: marker('passkey-name', 'passkey_name'),
          response: authenticator.register(passkeyOptions.json()),
        }),
        201,
        'passkey enrolment',
      );

      // --- the portal: an anonymous and a named report ---------------------------------------------------
      const submission = (extra: object, files: ReturnType<typeof textFile>[]) => async () =>
        multipart(
          'submission',
          { proof: await proof(), language: 'de', formVersion: '1.1.0', unit: 'de', ...extra },
          files,
        );
      const anonymousBody = submission({ anonymous: true, answers: answers('anonymous') }, [
        textFile('anonymous'),
      ]);
      const anonymous = await reporterStep('the anonymous submission', async () =>
        portal('POST', '/api/v1/portal/acme/reports', await anonymousBody()),
      );
      expectStatus(anonymous, 201, 'anonymous portal submission');
      secrets.push({ what: 'the anonymous receipt', value: anonymous.json().receipt });
      const namedBody = submission(
        { anonymous: false, reporter: reporter('named'), answers: answers('named') },
        [textFile('named')],
      );
      const named = await portal('POST', '/api/v1/portal/acme/reports', await namedBody());
      expectStatus(named, 201, 'named portal submission');
      secrets.push({ what: 'the named reporter receipt', value: named.json().receipt });
      // Refused requests keep nothing either: not the text they carried, nor a log line with it.
      const refused = await portal(
        'POST',
        '/api/v1/portal/acme/reports',
        await submission({ anonymous: true, answers: { description: marker('refused-description') } }, [])(),
      );
      expectStatus(refused, 422, 'a submission without the required answers');
      expectStatus(
        await portal('POST', '/api/v1/portal/acme/receipt-sessions', {
          receipt: marker('wrong-receipt'),
          proof: await proof(),
        }),
        401,
        'a wrong receipt',
      );
      const query = await portal('GET', `/api/v1/portal/acme?q=${marker('portal-query')}`);
      if (query.statusCode >= 500) expectStatus(query, 400, 'a portal request with a query string');

      // --- the inbox: acknowledge, reply, feedback --------------------------------------------------------
      const tom = await signIn('tom@acme.example');
      expectStatus(
        await tom('GET', `/api/v1/reports?after=${marker('inbox-query')}`),
        400,
        'a bad inbox cursor',
      );
      const inbox = (await tom('GET', '/api/v1/reports?view=all')).json().reports as Array<{
        id: string;
        anonymous: boolean;
      }>;
      const anonymousId = inbox.find((r) => r.anonymous)?.id as string;
      const namedId = inbox.find((r) => !r.anonymous)?.id as string;
      for (const [id, path] of [
        [anonymousId, 'anonymous'],
        [namedId, 'named'],
      ] as const) {
        expectStatus(
          await tom('POST', `/api/v1/reports/${id}/acknowledge`, { body: marker(`${path}-acknowledgement`) }),
          200,
          `acknowledge ${path}`,
        );
        expectStatus(
          await tom('POST', `/api/v1/reports/${id}/messages`, { body: marker(`${path}-team-message`) }),
          201,
          `reply to ${path}`,
        );
      }
      expectStatus(
        await tom('POST', `/api/v1/reports/${anonymousId}/messages`, {
          body: marker('anonymous-feedback'),
          kind: 'feedback',
        }),
        201,
        'feedback',
      );

      // --- the reporter's dialogue, with the receipt ------------------------------------------------------
      await reporterStep("the reporter's message", async () => {
        const login = await portal('POST', '/api/v1/portal/acme/receipt-sessions', {
          receipt: anonymous.json().receipt,
          proof: await proof(),
        });
        expectStatus(login, 201, 'receipt login');
        secrets.push({ what: "the reporter's receipt session token", value: login.json().token });
        const auth = { authorization: `Bearer ${login.json().token}` };
        expectStatus(
          await portal('GET', '/api/v1/portal/acme/dialogue', undefined, auth),
          200,
          'dialogue read',
        );
        const message = multipart('message', { body: marker('reporter-message') }, [
          textFile('reporter-message'),
        ]);
        expectStatus(
          await portal('POST', '/api/v1/portal/acme/dialogue/messages', message, auth),
          201,
          "reporter's message",
        );
      });

      // --- triage: a case with a title, an attached report, recorded reports, close, hand-overs -----------
      const opened = await tom('POST', `/api/v1/reports/${anonymousId}/open-case`, {
        title: marker('case-title'),
      });
      expectStatus(opened, 201, 'open case');
      const caseId = opened.json().id as string;
      expectStatus(await tom('POST', `/api/v1/reports/${namedId}/attach-to-case`, { caseId }), 200, 'attach');
      // Documents of the case: title, description, file name and content, and a second version.
      const document = await tom(
        'POST',
        `/api/v1/cases/${caseId}/documents`,
        documentUpload(
          'document',
          {
            title: marker('document-title'),
            description: marker('document-description'),
            keepOriginal: true,
          },
          {
            name: `${marker('document-file-name')}.txt`,
            type: 'text/plain',
            bytes: Buffer.from(`Protokoll\n${marker('document-content')}\n`),
          },
        ),
      );
      expectStatus(document, 201, 'document upload');
      expectStatus(
        await tom(
          'POST',
          `/api/v1/cases/${caseId}/documents/${document.json().id}/versions`,
          documentUpload('version', undefined, {
            name: `${marker('document-version-file-name')}.png`,
            type: 'image/png',
            bytes: await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
              .png()
              .withMetadata({ exif: { IFD0: { ImageDescription: marker('document-image-exif') } } })
              .toBuffer(),
          }),
        ),
        201,
        'document version upload',
      );
      // A data subject request: the name searched, the e-mail and the note, and a restriction's reason.
      const person = await tom('POST', `/api/v1/cases/${caseId}/persons`, {
        role: 'witness',
        name: `Dana ${marker('case-person-name')}`,
      });
      expectStatus(person, 201, 'case person');
      const request = await ada('POST', '/api/v1/data-subject-requests', {
        name: `Dana ${marker('data-subject-name')}`,
        email: `${marker('data-subject-email')}@example.org`,
        note: marker('data-subject-note'),
      });
      expectStatus(request, 201, 'data subject request');
      expectStatus(
        await ada('PUT', `/api/v1/persons/${person.json().id}/processing-restriction`, {
          restricted: true,
          reason: marker('restriction-reason'),
        }),
        200,
        'processing restriction',
      );
      // Assessments: the organisation's own model and instrument are its procedure (plaintext, documented);
      // answers, notes, the judgement and an external result are content.
      const shippedModel = (
        await tom('GET', '/api/v1/assessment-models/tma.core.warning-behaviours/versions/1.0.0')
      ).json().definition;
      expectStatus(
        await tom('POST', '/api/v1/assessment-models', {
          definition: {
            ...shippedModel,
            modelId: 'acme.own',
            title: { en: marker('model-title', 'assessment_model'), de: 'Eigenes Modell' },
          },
          publish: true,
        }),
        201,
        'model import',
      );
      const assessmentSettings = (await ada('GET', '/api/v1/assessment-settings')).json();
      expectStatus(
        await ada('PUT', '/api/v1/assessment-settings', {
          ...assessmentSettings,
          externalInstruments: [
            {
              key: 'licensed',
              name: marker('instrument-name', 'assessment_setting'),
              levelMap: [{ result: 'high', label: 'high', level: 'L3' }],
            },
          ],
        }),
        200,
        'assessment settings',
      );
      const assessment = await tom('POST', `/api/v1/cases/${caseId}/assessments`, {
        modelId: 'tma.core.warning-behaviours',
      });
      expectStatus(assessment, 201, 'assessment start');
      const assessmentUrl = `/api/v1/cases/${caseId}/assessments/${assessment.json().id}`;
      expectStatus(
        await tom('PUT', `${assessmentUrl}/answers`, {
          answers: { pathway: { value: 'present', note: marker('assessment-note') } },
        }),
        200,
        'assessment answers',
      );
      expectStatus(
        await tom('POST', `${assessmentUrl}/finalise`, {
          level: 'L2',
          rationale: marker('assessment-rationale'),
          deviationReason: marker('assessment-deviation'),
          scenarios: [marker('assessment-scenario')],
        }),
        200,
        'assessment judgement',
      );
      expectStatus(
        await tom('POST', `/api/v1/cases/${caseId}/external-assessments`, {
          instrument: 'licensed',
          instrumentVersion: '1',
          assessedOn: new Date().toISOString().slice(0, 10),
          result: 'high',
          assessor: marker('external-assessor'),
          note: marker('external-note'),
        }),
        201,
        'external result',
      );
      // The handbook: the organisation's procedures, in clear for full-text search (documented).
      const page = await ada('POST', '/api/v1/handbook/pages', {
        slug: 'own-procedure',
        en: {
          title: marker('handbook-title', 'handbook_page'),
          body: marker('handbook-body', 'handbook_page'),
        },
        de: { title: 'Ablauf', body: marker('handbook-body-de', 'handbook_page') },
        note: marker('handbook-note', 'handbook_page'),
      });
      expectStatus(page, 201, 'handbook page');
      // Measures: the catalogue is the organisation's procedure (plaintext, documented); what a measure does,
      // its outcome and notes are content.
      expectStatus(
        await ada('POST', '/api/v1/measure-types', {
          key: 'own_measure',
          names: { de: marker('measure-type-name', 'measure_type'), en: 'Own measure' },
          descriptions: { de: 'Eigene', en: 'Own' },
          playbookPageId: null,
          specialty: null,
        }),
        201,
        'measure type',
      );
      const measure = await tom('POST', `/api/v1/cases/${caseId}/measures`, {
        typeKey: 'own_measure',
        description: marker('measure-description'),
      });
      expectStatus(measure, 201, 'measure');
      expectStatus(
        await tom('PATCH', `/api/v1/cases/${caseId}/measures/${measure.json().id}`, {
          status: 'done',
          outcome: marker('measure-outcome'),
          notes: marker('measure-notes'),
          effectiveness: 'effective',
        }),
        200,
        'measure done',
      );
      readBack.measures = (await tom('GET', `/api/v1/cases/${caseId}/measures`)).json();
      const assessmentList = (await tom('GET', `/api/v1/cases/${caseId}/assessments`)).json();
      const readAssessments: unknown[] = [assessmentList];
      for (const listed of assessmentList.assessments as Array<{ id: string }>)
        readAssessments.push((await tom('GET', `/api/v1/cases/${caseId}/assessments/${listed.id}`)).json());
      readBack.assessments = readAssessments;

      const today = new Date().toISOString().slice(0, 10);
      const recorded = await tom(
        'POST',
        '/api/v1/reports',
        multipart(
          'report',
          {
            unitId: units.de,
            channel: 'phone',
            receivedOn: today,
            anonymous: false,
            reporter: reporter('recorded'),
            answers: answers('recorded'),
            issueReceipt: true,
          },
          [textFile('recorded')],
        ),
      );
      expectStatus(recorded, 201, 'recorded report');
      secrets.push({ what: 'the receipt of a recorded report', value: recorded.json().receipt });
      const recordedId = recorded.json().report.id as string;
      expectStatus(
        await tom('POST', `/api/v1/reports/${recordedId}/close`, {
          reason: 'not_relevant',
          note: marker('close-note'),
        }),
        200,
        'close',
      );
      // A report recorded by an integration with the API token, then handed over to France.
      const byToken = await staffRequest(
        'POST',
        '/api/v1/reports',
        {
          unitId: units.de,
          channel: 'email',
          receivedOn: today,
          anonymous: false,
          reporter: reporter('token'),
          answers: answers('token'),
        },
        { authorization: `Bearer ${token.json().token}` },
      );
      expectStatus(byToken, 201, 'report recorded with an API token');
      const byTokenId = byToken.json().report.id as string;
      expectStatus(
        await tom('POST', `/api/v1/reports/${byTokenId}/hand-over`, {
          unitId: units.fr,
          reason: marker('report-hand-over-reason'),
        }),
        200,
        'report hand-over',
      );
      expectStatus(
        await tom('POST', `/api/v1/cases/${caseId}/hand-over`, {
          unitId: units.fr,
          reason: marker('case-hand-over-reason'),
        }),
        200,
        'case hand-over',
      );

      // Read back what the team sees, so a marker missing from the dump was stored and not dropped.
      const fay = await signIn('fay@acme.example');
      readBack.anonymous = (await fay('GET', `/api/v1/reports/${anonymousId}`)).json();
      readBack.named = (await fay('GET', `/api/v1/reports/${namedId}`)).json();
      readBack.recorded = (await tom('GET', `/api/v1/reports/${recordedId}`)).json();
      readBack.byToken = (await fay('GET', `/api/v1/reports/${byTokenId}`)).json();
      readBack.case = (await fay('GET', `/api/v1/cases/${caseId}`)).json();
      readBack.documents = (await fay('GET', `/api/v1/cases/${caseId}/documents`)).json();
      readBack.documentContent = (
        await fay('GET', `/api/v1/cases/${caseId}/documents/${document.json().id}/versions/1/content`)
      ).body;

      // Deleting the closed report needs a second admin's approval here: the request waits with its note.
      expectStatus(
        await ada('PUT', '/api/v1/deletion-settings', { requiresApproval: true }),
        200,
        'deletion settings',
      );
      const deletion = await ada('POST', `/api/v1/reports/${recordedId}/deletion`, {
        reason: 'unfounded',
        note: marker('deletion-note'),
      });
      expectStatus(deletion, 200, 'deletion request');
      readBack.deletions = (await ada('GET', '/api/v1/deletion-requests')).json();
    }, 300_000);

    afterAll(async () => {
      await t?.app.close();
      await provider?.close();
      await cleanup?.();
    });

    it('stored what every write path was given (the team reads the markers back)', () => {
      const seen = JSON.stringify(readBack);
      const expected = [
        'anonymous-description',
        'anonymous-person-name',
        'anonymous-file-name',
        'anonymous-acknowledgement',
        'anonymous-feedback',
        'reporter-message',
        'reporter-message-file-name',
        'named-reporter-email',
        'named-reporter-phone',
        'named-team-message',
        'recorded-reporter-name',
        'recorded-file-name',
        'close-note',
        'token-additional',
        'case-title',
        'document-title',
        'document-description',
        'document-file-name',
        'document-content',
        'document-version-file-name',
        'deletion-note',
        'assessment-note',
        'assessment-rationale',
        'assessment-deviation',
        'assessment-scenario',
        'external-assessor',
        'external-note',
      ].map((path) => `marker-${RUN}-${path}`);
      expect(expected.filter((text) => !seen.includes(text))).toEqual([]);
    });

    it('leaves no marker in clear in any table outside the columns docs/security.md lists', async () => {
      const cells = dumpCells(await dumpDatabase(database));
      // The scan sees plaintext where it is allowed: every kind but `content` shows up without the list.
      const everywhere = markersInClear(cells, {}).join('\n');
      const plaintextKinds = [...new Set(markers.map((m) => m.kind))].filter((kind) => kind !== 'content');
      expect(plaintextKinds.filter((kind) => !everywhere.includes(`(${kind})`))).toEqual([]);
      const leaks = markersInClear(cells);
      expect(
        leaks,
        `markers in clear in the SQL dump of the ${target} database:\n${leaks.join('\n')}`,
      ).toEqual([]);
    });

    it('leaves no marker, user agent or address in a copy of the database (pg_dump, or the embedded data folder)', async () => {
      if (target === 'postgres') {
        const cells = pgDumpCells(await pgDumpDataOnly(databaseUrl as string));
        // The dump really holds the data: the allowed plaintext is in it.
        expect(cells.some((cell) => cell.text.includes(`marker-${RUN}-unit-name`))).toBe(true);
        const leaks = [...markersInClear(cells), ...clientTracesIn(cells)];
        expect(leaks, `pg_dump --data-only holds:\n${leaks.join('\n')}`).toEqual([]);
      } else {
        // Every page and the write-ahead log, old row versions included: a marker that is not plaintext by
        // design must never have been written in clear at all.
        const folder = await embeddedDataFolder(database);
        expect(folder.includes(Buffer.from(`marker-${RUN}-unit-name`))).toBe(true);
        const leaks = [
          ...markers
            .filter((m) => m.kind === 'content' && folder.includes(Buffer.from(m.text)))
            .map((m) => `the data folder holds ${m.text} in clear`),
          ...clientTraces()
            .filter((trace) => folder.includes(trace.raw))
            .map((trace) => `the data folder holds ${trace.what}`),
        ];
        expect([...new Set(leaks)], `the embedded data folder holds:\n${leaks.join('\n')}`).toEqual([]);
      }
    });

    it("leaves no trace of the reporter's or the staff's user agent or address in any table", async () => {
      const leaks = clientTracesIn(dumpCells(await dumpDatabase(database)));
      expect(leaks, leaks.join('\n')).toEqual([]);
    });

    it('writes no marker, user agent or address to the log', () => {
      const cells = t.logs.map((line) => ({
        column: `log line ${JSON.stringify(line).slice(0, 120)}`,
        text: JSON.stringify(line),
      }));
      expect(cells.length).toBeGreaterThan(0);
      const leaks = [...markersInClear(cells, {}), ...clientTracesIn(cells)];
      expect(leaks, leaks.join('\n')).toEqual([]);
    });

    it("dates the anonymous submission and the reporter's message to the day only, in every row they wrote", () => {
      expect(reporterWrites.map((w) => w.step)).toEqual([
        'the anonymous submission',
        "the reporter's message",
      ]);
      const finer: string[] = [];
      for (const { step, at, before, after } of reporterWrites) {
        const written = writtenBetween(before, after);
        expect(written.length, `${step} wrote nothing?`).toBeGreaterThan(0);
        for (const value of written) {
          const why = finerThanDay(value, at);
          if (why) finer.push(`${step}: ${value.column} = ${why} (row ${value.row})`);
        }
      }
      expect(finer, finer.join('\n')).toEqual([]);
    });

    it('keeps no secret the API handed out in clear: receipts, session, API and link tokens, TOTP secrets', async () => {
      expect(secrets.length).toBeGreaterThan(10);
      const cells = [
        ...dumpCells(await dumpDatabase(database)),
        ...(target === 'postgres' ? pgDumpCells(await pgDumpDataOnly(databaseUrl as string)) : []),
        ...t.logs.map((line) => ({ column: 'the log', text: JSON.stringify(line) })),
      ];
      const found = new Set<string>();
      for (const { what, value } of secrets)
        for (const text of new Set([value, value.replaceAll(' ', '')]))
          for (const { form, needle } of forms(text))
            for (const cell of cells)
              if (cell.text.includes(needle)) found.add(`${cell.column} holds ${what} ${form}`);
      expect([...found].sort(), [...found].join('\n')).toEqual([]);
    });

    it('allows plaintext in exactly the columns docs/security.md lists', () => {
      const doc = readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
      const section = doc.split('### What is stored in clear')[1]?.split(/\n#{2,3} /)[0] ?? '';
      const listed = [...section.matchAll(/^\| `([a-z_]+\.[a-z_]+)` \|/gm)].map((m) => m[1]).sort();
      expect(listed).toEqual(Object.keys(ALLOWED_IN_CLEAR).sort());
    });
  },
);
