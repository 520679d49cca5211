// The benchmark's data: one tenant with three units, an admin and a threat manager, and N cases made the
// way TMA makes them — through its own services, never by SQL — so every case has its own data key, a
// sealed title, the report it was opened from, notices and audit events.
//
//   phone (default): the threat manager records a report received by phone (StaffReportService.record, no
//     receipt) and opens a case from it (TriageService.openCase).
//   portal: a reporter submits through the portal (PortalService.submit: proof of work checked
//     and spent, keyed receipt index, sealed answers), and a threat manager triages the inbox
//     (InboxService.list) and opens a case from each new report (TriageService.openCase). The same cases,
//     plus a receipt on each report.
// Either way a tenant's cases (and reports) are numbered from one counter row, locked until each
// opening transaction commits: lanes beyond a few wait on it (bench/README.md).
//
// Then the threat manager fills each new case (`caseContent`, one service call per item, in the lane that
// opened it): the person of concern taken over from the report (CasePersonsService.add with the report's
// id), an affected person whose name comes from a word list (so names repeat across cases, as real ones
// do: each surname in about 1 of 50 cases), a journal note and a call with that person
// (CaseFileService.writeJournal), and a team comment (CaseCollaborationService.comment). Each seals its
// text, keeps its blind-index entries (what search finds) and records its audit event (a person also a
// journal entry) as the server does. Documents (issue 14) are not generated here: the document scenarios
// upload their own through the API (scenarios.ts), a generator of them would go into `caseContent`.
import { randomUUID } from 'node:crypto';
import { SingleBar } from 'cli-progress';
import { sql } from 'kysely';
import type { TenantKeys } from '../server/crypto/keyring.ts';
import { withTenant } from '../server/db/tenant-transaction.ts';
import { linkAuditEvents } from '../server/modules/audit/link.ts';
import { CaseFileService } from '../server/modules/cases/case-file-service.ts';
import { SEARCH_FIELDS } from '../server/modules/cases/case-list-filters.ts';
import type { CaseSearch } from '../server/modules/cases/case-list-store.ts';
import { CaseCollaborationService } from '../server/modules/cases/collaboration-service.ts';
import { CasePersonsService } from '../server/modules/cases/persons-service.ts';
import { type AuthContext, createUser, IdentityService } from '../server/modules/identity/service.ts';
import { createPortalChallenge, loadPortalSecret } from '../server/modules/proof-of-work/proof-of-work.ts';
import { defaultReportForm } from '../server/modules/reports/answers.ts';
import { InboxService } from '../server/modules/reports/inbox-service.ts';
import { PortalService } from '../server/modules/reports/portal-service.ts';
import { StaffReportService } from '../server/modules/reports/staff-report-service.ts';
import { TriageService } from '../server/modules/reports/triage-service.ts';
import { createTenant } from '../server/modules/tenants/service.ts';
import { findTenantBySlug } from '../server/modules/tenants/store.ts';
import { createUnit, setUserUnits } from '../server/modules/units/service.ts';
import { solvePortalChallengeInNode } from '../test/support/proof-of-work.ts';
import type { OpenBench } from './bench-database.ts';

export const BENCH_TENANT = { slug: 'bench', name: 'Bench Organisation' } as const;
export const BENCH_PASSWORD = 'Copper-Lantern 47 measured quietly';
export const THREAT_MANAGER_EMAIL = 'tm@bench.example';
export const ADMIN_EMAIL = 'admin@bench.example';
const UNITS = [
  { slug: 'de', name: 'Germany' },
  { slug: 'fr', name: 'France' },
  { slug: 'us', name: 'United States' },
] as const;

export type GenerationSource = 'portal' | 'phone';

/** The case just opened, for the generators that fill it. */
export interface CaseContentContext {
  /** The threat manager who opened the case (its owner). */
  auth: AuthContext;
  caseId: string;
  /** The report the case was opened from. */
  reportId: string;
  /** The case's number in this generation, from 0: what the generated words and names derive from. */
  index: number;
}

/** What one generated case gets besides its report and title: one kind of content, one service call. */
export type CaseContentGenerator = (context: CaseContentContext) => Promise<void>;

type ServiceDeps = ConstructorParameters<typeof CaseFileService>[0];

/** The generators every new case runs through, in order (no documents: see the top of this file). */
function caseContent(deps: ServiceDeps): CaseContentGenerator[] {
  const persons = new CasePersonsService(deps);
  const caseFile = new CaseFileService(deps);
  const collaboration = new CaseCollaborationService(deps);

  /** The person the report names (answersFor), taken over from it as the case page offers. */
  const personOfConcern: CaseContentGenerator = async ({ auth, caseId, reportId, index }) => {
    await persons.add(
      auth,
      caseId,
      {
        role: 'person_of_concern',
        name: `Person ${index}`,
        details: { description: words(index + 7, 6) },
        fromReportId: reportId,
      },
      randomUUID(),
    );
  };

  const affectedPerson: CaseContentGenerator = async ({ auth, caseId, index }) => {
    await persons.add(auth, caseId, { role: 'affected_person', name: affectedName(index) }, randomUUID());
  };

  const journalNote: CaseContentGenerator = async ({ auth, caseId, index }) => {
    await caseFile.writeJournal(auth, caseId, { kind: 'note', text: words(index + 11, 12) }, randomUUID());
  };

  /** A call with the affected person: their name is in the entry's participants (and its search index). */
  const call: CaseContentGenerator = async ({ auth, caseId, index }) => {
    await caseFile.writeJournal(
      auth,
      caseId,
      { kind: 'call', text: `Rückruf: ${words(index + 13, 8)}`, participants: affectedName(index) },
      randomUUID(),
    );
  };

  /** A comment to the team, mentioning nobody (a mention would queue notices and e-mail). */
  const comment: CaseContentGenerator = async ({ auth, caseId, index }) => {
    await collaboration.comment(auth, caseId, { text: words(index + 17, 8) }, randomUUID());
  };

  return [personOfConcern, affectedPerson, journalNote, call, comment];
}

/** Creates the tenant, its units, an admin and a threat manager of every unit (operator commands' path). */
export async function seedTenant(bench: OpenBench): Promise<{ tenantId: string }> {
  const { database } = bench;
  const operator = { kind: 'operator' } as const;
  const tenant = await createTenant(database.db, BENCH_TENANT);
  for (const unit of UNITS) await createUnit(database, tenant.id, unit, operator);
  await createUser(
    database,
    tenant.id,
    { email: ADMIN_EMAIL, role: 'admin', password: BENCH_PASSWORD, displayName: 'Bench Admin' },
    operator,
  );
  await createUser(
    database,
    tenant.id,
    {
      email: THREAT_MANAGER_EMAIL,
      role: 'threat_manager',
      password: BENCH_PASSWORD,
      displayName: 'Bench Threat Manager',
    },
    operator,
  );
  // Scoped by units (not tenant-wide), so reads and lists go through the unit scope.
  await setUserUnits(
    database,
    tenant.id,
    { email: THREAT_MANAGER_EMAIL },
    { slugs: UNITS.map((unit) => unit.slug) },
    operator,
  );
  return { tenantId: tenant.id };
}

export async function findBenchTenant(bench: OpenBench): Promise<{ tenantId: string } | undefined> {
  const tenant = await findTenantBySlug(bench.database.db, BENCH_TENANT.slug);
  return tenant ? { tenantId: tenant.id } : undefined;
}

const WORDS = (
  'Kantine Lager Spätschicht Parkhaus Drohung Nachricht Vorgesetzter Kollegin Besucher Schreiben Anruf ' +
  'Werkstatt Empfang Fixierung Waffe Grenzüberschreitung Eskalation Abmahnung Kündigung Beschwerde'
).split(' ');

function words(index: number, count: number): string {
  const out: string[] = [];
  let state = (index * 2654435761) >>> 0;
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out.push(WORDS[state % WORDS.length] as string);
  }
  return out.join(' ');
}

// Names of affected persons: a first name and a surname, each picked evenly by the case's index, so each
// surname names the affected person of about 1 case in 50 (2 000 of 100 000). None is also one of WORDS.
const FIRST_NAMES = (
  'Anna Ben Clara David Elif Felix Greta Hannes Ines Jonas Karin Lukas Marie Noah Olga Paul Rita Sven ' +
  'Tanja Uwe Vera Yusuf Zoe Jean Camille Louis Emma Michael Sarah James'
).split(' ');
const SURNAMES = (
  'Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf ' +
  'Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Schmitt Werner Krause Meier ' +
  'Lehmann Schmid Schulze Maier Köhler Herrmann König Walter Mayer Huber Kaiser Fuchs Peters Martin ' +
  'Bernard Dubois Durand Lefebvre Moreau Smith Johnson Williams Brown'
).split(' ');

/** Fibonacci hashing: `index` spread evenly over `items`, a different spread for each `salt`. */
const spread = <T>(items: readonly T[], index: number, salt: number): T =>
  items[Math.floor(((Math.imul(index + salt, 2654435761) >>> 0) / 2 ** 32) * items.length)] as T;

const affectedName = (index: number) => `${spread(FIRST_NAMES, index, 1)} ${spread(SURNAMES, index, 7)}`;

/**
 * The words the search scenario looks for: surnames of affected persons, each in about 2 % of the cases
 * (in the person's name and in the participants of the call), in none of the titles.
 */
export const SEARCH_WORDS = ['Müller', 'Weber', 'Dubois', 'Smith'] as const;

/**
 * The blind-index entries TMA computes for `word` in each searched field (case-list-filters.ts), with the
 * tenant's own key: what the bare search endpoint is given, since it holds no keys.
 */
export async function searchEntries(bench: OpenBench, tenantId: string, word: string): Promise<CaseSearch> {
  const keys = await bench.keyring.forTenant(tenantId);
  return withTenant(bench.database, { tenantId, userId: null }, async (trx) => {
    const index = await keys.blindIndex(trx);
    return { words: [Object.values(SEARCH_FIELDS).flatMap((field) => index.entries(field, word))] };
  });
}

const answersFor = (index: number) => ({
  immediate_danger: 'no',
  description: `Bench report ${index}: ${words(index, 40)}.`,
  warning_signs: ['threat'],
  persons: [{ role: 'person_of_concern', name: `Person ${index}`, description: words(index + 7, 6) }],
});

const titleFor = (index: number) => `Case ${index}: ${words(index + 3, 5)}`;

/** Runs `task(i)` for i in [0, count) with at most `lanes` at once; the first failure stops the rest. */
async function inLanes(count: number, lanes: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  await Promise.all(
    Array.from({ length: Math.min(lanes, count) }, async () => {
      while (failed === undefined && next < count) {
        const index = next++;
        try {
          await task(index);
        } catch (error) {
          failed ??= error;
        }
      }
    }),
  );
  if (failed !== undefined) throw failed;
}

function progressBar(total: number, label: string): SingleBar & { tick(): void } {
  const started = performance.now();
  let done = 0;
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | {elapsed} s`,
    barsize: 30,
    etaBuffer: 500,
    noTTYOutput: true,
    notTTYSchedule: 15_000,
  });
  bar.start(total, 0, { rate: '0', elapsed: '0' });
  return Object.assign(bar, {
    tick() {
      done++;
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { rate: (done / seconds).toFixed(1), elapsed: seconds.toFixed(0) });
    },
  });
}

export interface GenerationResult {
  cases: number;
  seconds: number;
  linkSeconds: number;
  auditEventsLinked: number;
}

/**
 * Makes `count` cases in the bench tenant through TMA's services, `lanes` at a time (each lane is one
 * request's worth of work holding one pooled connection at a time), then links the audit events they
 * recorded into the tenant's hash chain, as the server's linker would.
 */
export async function generateCases(
  bench: OpenBench,
  tenantId: string,
  options: { count: number; lanes: number; source: GenerationSource },
): Promise<GenerationResult> {
  const { database, keyring, blobStore } = bench;
  const deps = {
    database,
    keyring,
    blobStore,
    now: () => new Date(),
    attachments: { maxBytes: 1_048_576, maxFiles: 1 },
  };
  const portal = new PortalService(deps);
  const inbox = new InboxService(deps);
  const triage = new TriageService(deps);
  const staffReports = new StaffReportService(deps, portal);
  const identity = new IdentityService(database, { idleMinutes: 24 * 60, maxHours: 24 });
  const login = await identity.login(
    { tenant: BENCH_TENANT.slug, email: THREAT_MANAGER_EMAIL, password: BENCH_PASSWORD },
    { requestId: randomUUID(), address: '127.0.0.1', userAgent: 'tma-bench-generator' },
  );
  if (login.kind !== 'session')
    throw new Error('the bench threat manager unexpectedly needs a second factor');
  const auth = await identity.authenticate(login.token);
  if (!auth) throw new Error('the bench threat manager’s session did not authenticate');

  const content = caseContent(deps);

  const started = performance.now();
  const bar = progressBar(options.count, `cases (${options.source})`);
  const afterOpen = async (caseId: string, reportId: string, index: number) => {
    for (const generate of content) await generate({ auth, caseId, reportId, index });
    bar.tick();
  };
  try {
    if (options.source === 'phone') {
      const units = await withTenant(database, { tenantId, userId: null }, (trx) =>
        trx.selectFrom('org_units').select('id').orderBy('slug').execute(),
      );
      await inLanes(options.count, options.lanes, async (index) => {
        const { report } = await staffReports.record(
          auth,
          {
            unitId: (units[index % units.length] as { id: string }).id,
            channel: 'phone',
            receivedOn: new Date().toISOString().slice(0, 10),
            anonymous: true,
            answers: answersFor(index),
            language: 'de',
          },
          [],
          randomUUID(),
        );
        const opened = await triage.openCase(auth, report.id, { title: titleFor(index) }, randomUUID());
        await afterOpen(opened.id, report.id, index);
      });
    } else {
      await portalThenTriage({ bench, tenantId, portal, inbox, triage, auth, options, afterOpen });
    }
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const linkStarted = performance.now();
  // Statistics first, as autoanalyze would have taken them meanwhile: the chain head's guard looks the event
  // up by (tenant, seq), and a plan cached while audit_events was nearly empty reads every event of the
  // tenant instead. With autovacuum off (as on the CI machine) linking 180 000 events took 666 s; a scratch
  // test on 2026-12-07 linked its fourth 5 000 in 20.5 s without statistics, in 1.6 s with them.
  await sql`ANALYZE audit_events`.execute(database.db);
  const auditEventsLinked = await linkAuditEvents(database, { tenantId, wait: true });
  return {
    cases: options.count,
    seconds,
    linkSeconds: (performance.now() - linkStarted) / 1000,
    auditEventsLinked,
  };
}

/**
 * Reporters submit through the portal while one threat manager works the inbox: lists the open reports
 * (newest first) and opens a case from each, until every submission has become a case.
 */
async function portalThenTriage(context: {
  bench: OpenBench;
  tenantId: string;
  portal: PortalService;
  inbox: InboxService;
  triage: TriageService;
  auth: NonNullable<Awaited<ReturnType<IdentityService['authenticate']>>>;
  options: { count: number; lanes: number };
  afterOpen: (caseId: string, reportId: string, index: number) => Promise<void>;
}): Promise<void> {
  const { bench, tenantId, portal, inbox, triage, auth, options, afterOpen } = context;
  const keys: TenantKeys = await bench.keyring.forTenant(tenantId);
  const secret = await withTenant(bench.database, { tenantId, userId: null }, (trx) =>
    loadPortalSecret(trx, keys),
  );
  // The proof of work is the reporter's cost, not the server's: the generator asks for the smallest
  // challenge TMA's own function makes (the server verifies and spends it like any other).
  const proof = async () => solvePortalChallengeInNode(await createPortalChallenge(secret, { maxNumber: 2 }));
  // Half the lanes submit, half triage.
  const submitLanes = Math.max(1, Math.ceil(options.lanes / 2));
  const triageLanes = Math.max(1, options.lanes - submitLanes);
  let submitting = true;
  let opened = 0;
  const submissions = inLanes(options.count, submitLanes, async (index) => {
    await portal.submit(
      BENCH_TENANT.slug,
      {
        proof: await proof(),
        language: 'de',
        unit: UNITS[index % UNITS.length]?.slug,
        anonymous: true,
        formVersion: defaultReportForm.version,
        answers: answersFor(index),
      },
      [],
    );
  }).finally(() => {
    submitting = false;
  });
  const triaging = (async () => {
    for (;;) {
      const page = await inbox.list(auth, { view: 'open', limit: '100' });
      if (page.reports.length === 0) {
        if (!submitting) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      await inLanes(page.reports.length, triageLanes, async (i) => {
        const report = page.reports[i] as { id: string };
        const index = opened++;
        const detail = await triage.openCase(auth, report.id, { title: titleFor(index) }, randomUUID());
        // `index` counts openings, not submissions: the person of concern is named after the case's
        // index, which may differ from the index its report's answers were made with.
        await afterOpen(detail.id, report.id, index);
      });
    }
  })();
  await Promise.all([submissions, triaging]);
}
