// The case file through the HTTP API on both databases: status changes with sealed reasons, details, the
// journal with managers-only entries that no expert receives (API and database alike), corrections that
// leave the corrected entry as it was, and the team with time-limited memberships that end by themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { runTeamExpiry } from '../../jobs/team-expiry.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { createUser } from '../identity/service.ts';

const SOURCE_MARKER = 'VertraulicheQuelle-8841';

describe.each(databaseTargets())('case file on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let tenantId: string;
  let caseId: string;
  const ids: Record<string, string> = {};
  let session: ReportingApp['session'];

  const userId = async (email: string) =>
    (await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())
      .id;
  const actions = async () => {
    await linkAuditEvents(database, { tenantId, wait: true });
    return withTenant(database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'reason', 'object_id']).orderBy('seq').execute(),
    );
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    ({ database, session } = reporting);
    tenantId = reporting.tenants.acme as string;
    await createUser(
      database,
      tenantId,
      { email: 'max@acme.example', role: 'expert', password: PASSWORD, specialty: 'labour_law' },
      { kind: 'operator' },
    );
    for (const email of ['tom', 'tessa', 'eve', 'max', 'ada', 'fay'])
      ids[email] = await userId(`${email}@acme.example`);
    const tom = await session('acme', 'tom@acme.example');
    const [report] = (await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins'])) as [
      string,
    ];
    const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Drohung Lager' });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('changes the status with a reason kept in the journal, sealed; closes and reopens; all audited', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const journal = async () => (await tom('GET', `/api/v1/cases/${caseId}/journal`)).json().entries;
    expect((await journal()).map((entry: { kind: string }) => entry.kind)).toEqual(['case_opened']);
    expect((await journal())[0].report).toMatchObject({ reference: expect.stringMatching(/^R-/) });

    const moved = await tom('POST', `/api/v1/cases/${caseId}/status`, {
      status: 'assessment',
      reason: 'Bewertung beginnt',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ status: 'assessment', closedAt: null });
    const same = await tom('POST', `/api/v1/cases/${caseId}/status`, { status: 'assessment', reason: 'x' });
    expect(same.statusCode).toBe(409);
    expect(same.json().error.code).toBe('status_unchanged');
    const blank = await tom('POST', `/api/v1/cases/${caseId}/status`, { status: 'management', reason: '  ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().error.code).toBe('reason_required');
    const unknown = await tom('POST', `/api/v1/cases/${caseId}/status`, { status: 'solved', reason: 'x' });
    expect(unknown.statusCode).toBe(400);

    const closed = await tom('POST', `/api/v1/cases/${caseId}/status`, {
      status: 'closed',
      reason: 'Erledigt',
    });
    expect(closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String) });
    const reopened = await tom('POST', `/api/v1/cases/${caseId}/status`, {
      status: 'management',
      reason: 'Neue Drohung',
    });
    expect(reopened.json()).toMatchObject({ status: 'management', closedAt: null });
    const [last] = await journal();
    expect(last).toMatchObject({
      kind: 'status_changed',
      text: 'Neue Drohung',
      facts: { statusFrom: 'closed', statusTo: 'management' },
      author: { id: ids.tom },
      managersOnly: false,
    });
    // The reason is sealed: not in the row as text, not in the audit log.
    const stored = await database.db
      .selectFrom('case_journal')
      .select('body_sealed')
      .where('id', '=', last.id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.body_sealed as Buffer).toString('latin1')).not.toContain('Neue Drohung');
    const events = await actions();
    expect(events.filter((e) => e.action === 'case.status_change').map((e) => e.reason)).toEqual([
      'status:assessment',
      'status:closed',
    ]);
    expect(events.filter((e) => e.action === 'case.reopen').map((e) => e.reason)).toEqual([
      'status:management',
    ]);
    expect(JSON.stringify(events)).not.toContain('Neue Drohung');
  });

  it('changes details and the owner; refuses unknown categories and owners who are not threat managers', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const changed = await tom('PATCH', `/api/v1/cases/${caseId}`, {
      summary: 'Herr K. droht per E-Mail.',
      category: 'threat_email',
      tags: ['Lager', 'lager', 'Spätschicht'],
      dueOn: '2027-01-15',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      summary: 'Herr K. droht per E-Mail.',
      category: 'threat_email',
      tags: ['lager', 'spätschicht'],
      dueOn: '2027-01-15',
      level: null,
      can: { manage: true, manage_team: true, read_managers_only: true },
    });
    const badCategory = await tom('PATCH', `/api/v1/cases/${caseId}`, { category: 'gossip' });
    expect(badCategory.statusCode).toBe(422);
    expect(badCategory.json().error.code).toBe('category_unknown');
    const expertOwner = await tom('PATCH', `/api/v1/cases/${caseId}`, { ownerId: ids.eve });
    expect(expertOwner.statusCode).toBe(422);
    expect(expertOwner.json().error.code).toBe('owner_not_eligible');
    expect((await tom('PATCH', `/api/v1/cases/${caseId}`, {})).statusCode).toBe(400);

    const handed = await tom('PATCH', `/api/v1/cases/${caseId}`, { ownerId: ids.tessa });
    expect(handed.json().owner).toMatchObject({ id: ids.tessa });
    const team = (await tom('GET', `/api/v1/cases/${caseId}/team`)).json().members;
    expect(team.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
      [ids.tessa, 'owner'],
      [ids.tom, 'member'],
    ]);
    const events = await actions();
    expect(events.filter((e) => e.action === 'case.update').map((e) => e.reason)).toEqual([
      'fields:summary.category.tags.dueon',
      'fields:owner',
    ]);
    expect(JSON.stringify(events)).not.toContain('droht');
  });

  it('lets the owner add an expert for two weeks; the expert reads the case but never a managers-only entry', async () => {
    const tessa = await session('acme', 'tessa@acme.example');
    const eve = await session('acme', 'eve@acme.example');
    expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    const until = new Date(Date.now() + 14 * 24 * 60 * 60_000).toISOString();
    const added = await tessa('POST', `/api/v1/cases/${caseId}/team`, { userId: ids.eve, expiresAt: until });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().members).toContainEqual(
      expect.objectContaining({
        user: expect.objectContaining({ id: ids.eve, specialty: 'hr' }),
        expiresAt: until,
      }),
    );
    const twice = await tessa('POST', `/api/v1/cases/${caseId}/team`, { userId: ids.eve });
    expect(twice.statusCode).toBe(409);
    const past = await tessa('POST', `/api/v1/cases/${caseId}/team`, {
      userId: ids.max,
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.json().error.code).toBe('expiry_in_past');
    // The new member hears of it in the app, and by e-mail with a link only.
    const notices = (await eve('GET', '/api/v1/notifications')).json().notifications;
    expect(notices[0]).toMatchObject({ kind: 'case.team_added', case: { id: caseId } });
    const mail = (await reporting.openedOutbox()).find((m) => m.template === 'case.team_added');
    expect(mail).toMatchObject({ params: { path: `/cases/${caseId}` } });

    const notes = [
      { kind: 'note', text: `Die Hinweisgeberin ist ${SOURCE_MARKER}`, managersOnly: true },
      {
        kind: 'call',
        text: 'Telefonat mit der Führungskraft',
        participants: 'Frau L., Tessa',
        occurredAt: '2026-12-01T09:30:00Z',
      },
    ];
    for (const note of notes) {
      const written = await tessa('POST', `/api/v1/cases/${caseId}/journal`, note);
      expect(written.statusCode, written.body).toBe(201);
    }
    const eveCase = (await eve('GET', `/api/v1/cases/${caseId}`)).json();
    expect(eveCase.can).toMatchObject({ read: true, write: true, read_managers_only: false, manage: false });
    const eveJournal = await eve('GET', `/api/v1/cases/${caseId}/journal?limit=200`);
    expect(eveJournal.statusCode).toBe(200);
    expect(eveJournal.body).not.toContain(SOURCE_MARKER);
    expect(eveJournal.json().entries.some((e: { managersOnly: boolean }) => e.managersOnly)).toBe(false);
    const call = eveJournal.json().entries.find((e: { kind: string }) => e.kind === 'call');
    expect(call).toMatchObject({ participants: 'Frau L., Tessa', occurredAt: '2026-12-01T09:30:00.000Z' });
    const calls = await eve('GET', `/api/v1/cases/${caseId}/journal?kind=call&kind=meeting`);
    expect(calls.json().entries.map((e: { kind: string }) => e.kind)).toEqual(['call']);
    // The database itself holds the entry back from her, whatever the route.
    const eveRows = await withTenant(database, { tenantId, userId: ids.eve as string }, (trx) =>
      trx.selectFrom('case_journal').select(['managers_only']).execute(),
    );
    expect(eveRows.length).toBeGreaterThan(0);
    expect(eveRows.every((row) => !row.managers_only)).toBe(true);
    const tessaRows = await withTenant(database, { tenantId, userId: ids.tessa as string }, (trx) =>
      trx.selectFrom('case_journal').select(['managers_only']).execute(),
    );
    expect(tessaRows.some((row) => row.managers_only)).toBe(true);

    // An expert writes, but neither managers-only entries nor changes to the case or its team.
    const secret = await eve('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: 'x',
      managersOnly: true,
    });
    expect(secret.statusCode).toBe(403);
    expect(secret.json().error.code).toBe('managers_only_not_allowed');
    for (const [method, url, body] of [
      ['POST', `/api/v1/cases/${caseId}/status`, { status: 'monitoring', reason: 'x' }],
      ['PATCH', `/api/v1/cases/${caseId}`, { summary: 'x' }],
      ['POST', `/api/v1/cases/${caseId}/team`, { userId: ids.max }],
    ] as const) {
      const refused = await eve(method, url, body);
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().error.code).toBe('case_action_not_allowed');
    }
    const own = await eve('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: 'Gespräch mit HR geplant',
    });
    expect(own.statusCode).toBe(201);

    // Corrections: a new entry naming the old one, which stays; experts correct only their own.
    const tessaNote = (await tessa('GET', `/api/v1/cases/${caseId}/journal?kind=call`)).json().entries[0];
    const notTheirs = await eve('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: 'korrigiert',
      correctsId: tessaNote.id,
    });
    expect(notTheirs.statusCode).toBe(403);
    const correction = await eve('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: 'Gespräch mit HR am Montag',
      correctsId: own.json().id,
    });
    expect(correction.statusCode, correction.body).toBe(201);
    const hidden = (await tessa('GET', `/api/v1/cases/${caseId}/journal?kind=note`))
      .json()
      .entries.find((e: { managersOnly: boolean }) => e.managersOnly);
    const guessed = await eve('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: 'x',
      correctsId: hidden.id,
    });
    expect(guessed.statusCode).toBe(404);
    const entries = (await eve('GET', `/api/v1/cases/${caseId}/journal`)).json().entries;
    const original = entries.find((e: { id: string }) => e.id === own.json().id);
    expect(original).toMatchObject({ text: 'Gespräch mit HR geplant', correctedBy: [correction.json().id] });
    expect(entries.find((e: { id: string }) => e.id === correction.json().id)).toMatchObject({
      kind: 'correction',
      corrects: own.json().id,
    });

    // Someone not on the team, and another tenant, find nothing.
    const max = await session('acme', 'max@acme.example');
    expect((await max('GET', `/api/v1/cases/${caseId}/journal`)).statusCode).toBe(404);
    const gil = await session('globex', 'gil@globex.example');
    expect((await gil('GET', `/api/v1/cases/${caseId}/team`)).statusCode).toBe(404);
  });

  it('ends a time-limited membership by itself, then records it and tells the owner; removal ends access at once', async () => {
    const tessa = await session('acme', 'tessa@acme.example');
    const eve = await session('acme', 'eve@acme.example');
    expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    // The membership's end passes: access ends with it, before any job has run.
    await database.db
      .updateTable('case_members')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', ids.eve as string)
      .execute();
    expect((await eve('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await tessa('GET', `/api/v1/cases/${caseId}/team`)).json().members).not.toContainEqual(
      expect.objectContaining({ user: expect.objectContaining({ id: ids.eve }) }),
    );
    // The job records it once, however often it runs.
    expect(await runTeamExpiry(database)).toBe(1);
    expect(await runTeamExpiry(database)).toBe(0);
    const expired = (await tessa('GET', `/api/v1/cases/${caseId}/journal?kind=team_member_expired`)).json()
      .entries;
    expect(expired).toEqual([
      expect.objectContaining({ author: null, user: { id: ids.eve, name: expect.any(String) } }),
    ]);
    const notices = (await tessa('GET', '/api/v1/notifications')).json().notifications;
    expect(notices[0]).toMatchObject({ kind: 'case.team_expired', case: { id: caseId } });

    // An admin, who sees the case's metadata only, lets someone in while the owner is away; and cannot read it.
    const ada = await session('acme', 'ada@acme.example');
    const candidates = (await ada('GET', `/api/v1/cases/${caseId}/team/candidates`)).json().candidates;
    const names = candidates.map((c: { id: string }) => c.id);
    expect(names).toContain(ids.max);
    expect(names).toContain(ids.eve);
    expect(names).not.toContain(ids.tessa);
    expect(JSON.stringify(candidates)).not.toContain('@acme.example');
    expect(candidates.find((c: { id: string }) => c.id === ids.fay)).toMatchObject({ mayOwn: true });
    const narrowed = (await ada('GET', `/api/v1/cases/${caseId}/team/candidates?q=MAX`)).json().candidates;
    expect(narrowed.map((c: { id: string }) => c.id)).toEqual([ids.max]);
    // A specialty narrows in the query, to experts of it (Eve is in HR, Max in labour law).
    const specialists = async (query: string) => {
      const answer = await ada('GET', `/api/v1/cases/${caseId}/team/candidates?${query}`);
      expect(answer.statusCode, answer.body).toBe(200);
      return answer.json().candidates.map((c: { id: string }) => c.id);
    };
    expect(await specialists('specialty=labour_law')).toEqual([ids.max]);
    const hr = await specialists('specialty=hr');
    expect(hr).toContain(ids.eve);
    expect(hr).not.toContain(ids.max);
    expect(hr).not.toContain(ids.fay);
    expect(await specialists('specialty=hr&q=max')).toEqual([]);
    expect(await specialists('specialty=psychology')).toEqual([]);
    const unknown = await ada('GET', `/api/v1/cases/${caseId}/team/candidates?specialty=astrology`);
    expect(unknown.statusCode).toBe(400);
    expect((await eve('GET', `/api/v1/cases/${caseId}/team/candidates`)).statusCode).toBe(404);
    const byAdmin = await ada('POST', `/api/v1/cases/${caseId}/team`, { userId: ids.max });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await ada('GET', `/api/v1/cases/${caseId}/journal`)).statusCode).toBe(403);
    const max = await session('acme', 'max@acme.example');
    expect((await max('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(200);
    const owner = await tessa('DELETE', `/api/v1/cases/${caseId}/team/${ids.tessa}`);
    expect(owner.statusCode).toBe(409);
    const removed = await tessa('DELETE', `/api/v1/cases/${caseId}/team/${ids.max}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await max('GET', `/api/v1/cases/${caseId}`)).statusCode).toBe(404);
    expect((await tessa('DELETE', `/api/v1/cases/${caseId}/team/${ids.max}`)).statusCode).toBe(404);
    expect((await max('GET', '/api/v1/notifications')).json().notifications[0]).toMatchObject({
      kind: 'case.team_removed',
      // Removed from the team, the case is out of sight: the notice does not name it.
      case: null,
    });
    const events = await actions();
    for (const action of [
      'case.team_add',
      'case.team_expire',
      'case.team_remove',
      'case.journal_write',
      'case.journal_read',
    ])
      expect(
        events.some((e) => e.action === action),
        action,
      ).toBe(true);
    expect(events.find((e) => e.action === 'case.team_add')?.reason).toMatch(/^until=\d{4}-\d{2}-\d{2}$/);
  });
});
