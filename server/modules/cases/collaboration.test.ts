// Comments and tasks of a case through the HTTP API on both databases: mentions tell only people who may
// read the case, managers-only comments and tasks never reach an expert on the team (API and database
// alike), tasks go through their lifecycle with journal entries, and the reminder job reminds each due
// task once a day however often it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { runTaskReminders } from '../../jobs/task-reminders.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { createUser } from '../identity/service.ts';

const SECRET_COMMENT = 'Quelle ist die Schwester-5521';
const SECRET_TASK = 'Schutzplan mit Polizei abstimmen-7730';

describe.each(databaseTargets())('case comments and tasks on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let tenantId: string;
  let caseId: string;
  const ids: Record<string, string> = {};
  const sessions = new Map<string, SignedInCall>();

  const as = async (name: string): Promise<SignedInCall> => {
    let call = sessions.get(name);
    if (!call) {
      const tenant = name === 'gil' ? 'globex' : 'acme';
      call = await reporting.session(tenant, `${name}@${tenant}.example`);
      sessions.set(name, call);
    }
    return call;
  };
  const userId = async (email: string) =>
    (await database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow())
      .id;
  const events = async () => {
    await linkAuditEvents(database, { tenantId, wait: true });
    return withTenant(database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'reason', 'object_id', 'object_ids', 'outcome'])
        .orderBy('seq')
        .execute(),
    );
  };
  const notices = async (name: string, kind: string) =>
    (await (await as(name))('GET', '/api/v1/notifications?limit=200'))
      .json()
      .notifications.filter((notice: { kind: string }) => notice.kind === kind);

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    ({ database } = reporting);
    tenantId = reporting.tenants.acme as string;
    await createUser(
      database,
      tenantId,
      { email: 'max@acme.example', role: 'expert', password: PASSWORD, specialty: 'labour_law' },
      { kind: 'operator' },
    );
    for (const name of ['tom', 'tessa', 'eve', 'max', 'ada', 'fay'])
      ids[name] = await userId(`${name}@acme.example`);
    ids.gil = await userId('gil@globex.example');
    const tom = await as('tom');
    const [report] = (await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins'])) as [
      string,
    ];
    const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Drohung Lager' });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    // Eve, an expert, joins the team; Tessa reads the case as a threat manager of its unit.
    const added = await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: ids.eve });
    expect(added.statusCode, added.body).toBe(200);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('writes comments whose mentions tell only people who may read them, never with the text', async () => {
    const tom = await as('tom');
    const eve = await as('eve');
    // Eve works in English (the web app records it); Tessa never said, so hers comes in German.
    const english = await eve('PUT', '/api/v1/account/language', { language: 'en' });
    expect(english.statusCode, english.body).toBe(204);
    expect((await eve('PUT', '/api/v1/account/language', { language: 'fr' })).statusCode).toBe(400);
    const first = await tom('POST', `/api/v1/cases/${caseId}/comments`, {
      text: 'Bitte Gespräch mit HR vorbereiten',
      mentions: [ids.eve, ids.tessa, ids.tom],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect((await notices('eve', 'case.mentioned'))[0]).toMatchObject({ case: { id: caseId } });
    expect(await notices('tessa', 'case.mentioned')).toHaveLength(1);
    // The author knows what they wrote.
    expect(await notices('tom', 'case.mentioned')).toHaveLength(0);
    const mails = (await reporting.openedOutbox()).filter((mail) => mail.template === 'case.mentioned');
    expect(mails.map((mail) => [mail.to, mail.locale]).sort()).toEqual([
      ['eve@acme.example', 'en'],
      ['tessa@acme.example', 'de'],
    ]);
    for (const mail of mails) expect(mail.params).toEqual({ path: `/cases/${caseId}` });

    // Only people who read the case can be named: not an expert off the team, not another unit's threat
    // manager, not someone of another organisation.
    for (const [index, outsider] of [ids.max, ids.fay, ids.gil].entries()) {
      const refused = await tom('POST', `/api/v1/cases/${caseId}/comments`, {
        text: 'x',
        mentions: [ids.eve, outsider],
      });
      expect(refused.statusCode, `outsider ${index}`).toBe(422);
      expect(refused.json().error).toMatchObject({
        code: 'mention_not_allowed',
        fields: [{ path: 'mentions.1', message: expect.any(String) }],
      });
    }
    // A managers-only comment names only people who may read managers-only content.
    const toExpert = await tom('POST', `/api/v1/cases/${caseId}/comments`, {
      text: SECRET_COMMENT,
      managersOnly: true,
      mentions: [ids.eve],
    });
    expect(toExpert.statusCode).toBe(422);
    expect(toExpert.json().error.fields).toEqual([{ path: 'mentions.0', message: expect.any(String) }]);
    const secret = await tom('POST', `/api/v1/cases/${caseId}/comments`, {
      text: SECRET_COMMENT,
      managersOnly: true,
      mentions: [ids.tessa],
    });
    expect(secret.statusCode, secret.body).toBe(201);
    const byEve = await eve('POST', `/api/v1/cases/${caseId}/comments`, { text: 'Erledige ich' });
    expect(byEve.statusCode, byEve.body).toBe(201);
    const eveSecret = await eve('POST', `/api/v1/cases/${caseId}/comments`, {
      text: 'x',
      managersOnly: true,
    });
    expect(eveSecret.statusCode).toBe(403);
    expect(eveSecret.json().error.code).toBe('managers_only_not_allowed');

    // Tom reads the whole thread, oldest first, in pages.
    const thread = (await tom('GET', `/api/v1/cases/${caseId}/comments`)).json();
    expect(thread.comments.map((c: { text: string }) => c.text)).toEqual([
      'Bitte Gespräch mit HR vorbereiten',
      SECRET_COMMENT,
      'Erledige ich',
    ]);
    expect(thread.comments[0]).toMatchObject({
      author: { id: ids.tom, name: expect.any(String) },
      mentions: [
        { id: ids.eve, name: expect.any(String) },
        { id: ids.tessa, name: expect.any(String) },
        { id: ids.tom, name: expect.any(String) },
      ],
      managersOnly: false,
      createdAt: expect.any(String),
    });
    const page1 = (await tom('GET', `/api/v1/cases/${caseId}/comments?limit=2`)).json();
    expect(page1.comments).toHaveLength(2);
    const page2 = (
      await tom('GET', `/api/v1/cases/${caseId}/comments?limit=2&after=${page1.nextCursor}`)
    ).json();
    expect(page2).toMatchObject({ comments: [{ text: 'Erledige ich' }], nextCursor: null });

    // Eve never receives the managers-only comment, neither through the API nor from the database.
    const eveThread = await eve('GET', `/api/v1/cases/${caseId}/comments`);
    expect(eveThread.statusCode).toBe(200);
    expect(eveThread.body).not.toContain(SECRET_COMMENT);
    expect(eveThread.json().comments).toHaveLength(2);
    const eveRows = await withTenant(database, { tenantId, userId: ids.eve as string }, (trx) =>
      trx.selectFrom('case_comments').select(['id', 'managers_only']).execute(),
    );
    expect(eveRows).toHaveLength(2);
    expect(eveRows.every((row) => !row.managers_only)).toBe(true);
    const tomRows = await withTenant(database, { tenantId, userId: ids.tom as string }, (trx) =>
      trx.selectFrom('case_comments').select(['managers_only']).execute(),
    );
    expect(tomRows.filter((row) => row.managers_only)).toHaveLength(1);

    // Sealed, indexed for search, and never in the audit log.
    const stored = await database.db
      .selectFrom('case_comments')
      .select(['body_sealed', 'search_index'])
      .where('id', '=', secret.json().id)
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.body_sealed as Buffer).toString('latin1')).not.toContain('Schwester');
    expect(stored.search_index.length).toBeGreaterThan(0);
    const audit = await events();
    expect(audit.filter((e) => e.action === 'case.comment').map((e) => e.reason)).toEqual([
      'mentions=3',
      'mentions=1',
      'mentions=0',
    ]);
    const reads = audit.filter((e) => e.action === 'case.comment_read' && e.outcome === 'success');
    expect(reads[0]?.object_ids).toEqual(thread.comments.map((c: { id: string }) => c.id));
    expect(JSON.stringify(audit)).not.toContain('Schwester');
  });

  it('refuses bad comments with codes', async () => {
    const tom = await as('tom');
    const url = `/api/v1/cases/${caseId}/comments`;
    for (const body of [
      {},
      { text: '' },
      { text: 'x'.repeat(10001) },
      { text: 'x', mentions: ['not-a-uuid'] },
      { text: 'x', mentions: Array.from({ length: 21 }, () => ids.eve) },
      { text: 'x', color: 'red' },
    ]) {
      const refused = await tom('POST', url, body);
      expect(refused.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(refused.json().error.code).toBe('validation_failed');
    }
    const blank = await tom('POST', url, { text: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().error.code).toBe('text_required');
    const cursor = await tom('GET', `${url}?after=bm90LWEtY3Vyc29y`);
    expect(cursor.statusCode).toBe(400);
    expect(cursor.json().error.code).toBe('cursor_invalid');
  });

  it('runs tasks from creation to done, with journal entries; managers-only tasks stay with managers', async () => {
    const tom = await as('tom');
    const eve = await as('eve');
    const tasksUrl = `/api/v1/cases/${caseId}/tasks`;
    const forEve = await tom('POST', tasksUrl, {
      title: 'Gespräch mit HR führen',
      assigneeId: ids.eve,
      dueOn: '2099-06-01',
    });
    expect(forEve.statusCode, forEve.body).toBe(201);
    expect((await notices('eve', 'case.task_assigned'))[0]).toMatchObject({ case: { id: caseId } });
    const mail = (await reporting.openedOutbox()).find((m) => m.template === 'case.task_assigned');
    expect(mail).toMatchObject({ to: 'eve@acme.example', params: { path: `/cases/${caseId}` } });
    const own = await tom('POST', tasksUrl, {
      title: 'Akte sichten',
      assigneeId: ids.tom,
      dueOn: '2099-01-01',
    });
    expect(own.statusCode).toBe(201);
    expect(await notices('tom', 'case.task_assigned')).toHaveLength(0);
    const unassigned = await tom('POST', tasksUrl, { title: 'Irgendwann' });
    expect(unassigned.statusCode).toBe(201);
    const refusedExpert = await tom('POST', tasksUrl, {
      title: SECRET_TASK,
      assigneeId: ids.eve,
      managersOnly: true,
    });
    expect(refusedExpert.statusCode).toBe(422);
    expect(refusedExpert.json().error).toMatchObject({
      code: 'assignee_not_allowed',
      fields: [{ path: 'assigneeId', message: expect.any(String) }],
    });
    const secret = await tom('POST', tasksUrl, {
      title: SECRET_TASK,
      assigneeId: ids.tessa,
      managersOnly: true,
      dueOn: '2099-03-01',
    });
    expect(secret.statusCode, secret.body).toBe(201);
    for (const outsider of [ids.max, ids.fay, ids.gil]) {
      const refused = await tom('POST', tasksUrl, { title: 'x', assigneeId: outsider });
      expect(refused.json().error.code).toBe('assignee_not_allowed');
    }
    const eveManagersOnly = await eve('POST', tasksUrl, { title: 'x', managersOnly: true });
    expect(eveManagersOnly.statusCode).toBe(403);
    expect(eveManagersOnly.json().error.code).toBe('managers_only_not_allowed');

    // Open tasks by due day, undated last.
    const all = (await tom('GET', tasksUrl)).json().tasks;
    expect(all.map((t: { title: string }) => t.title)).toEqual([
      'Akte sichten',
      SECRET_TASK,
      'Gespräch mit HR führen',
      'Irgendwann',
    ]);
    expect(all[2]).toMatchObject({
      assignee: { id: ids.eve, name: expect.any(String) },
      dueOn: '2099-06-01',
      status: 'open',
      managersOnly: false,
      createdBy: { id: ids.tom },
      doneAt: null,
      doneBy: null,
    });
    const eveTasks = await eve('GET', tasksUrl);
    expect(eveTasks.statusCode).toBe(200);
    expect(eveTasks.body).not.toContain(SECRET_TASK);
    expect(eveTasks.json().tasks).toHaveLength(3);
    const eveRows = await withTenant(database, { tenantId, userId: ids.eve as string }, (trx) =>
      trx.selectFrom('case_tasks').select(['managers_only']).execute(),
    );
    expect(eveRows).toHaveLength(3);
    expect(eveRows.every((row) => !row.managers_only)).toBe(true);
    const hidden = await eve('PATCH', `${tasksUrl}/${secret.json().id}`, { status: 'done' });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('task_not_found');

    // Eve finishes her task; it moves behind the open ones, and the journal records both steps.
    const done = await eve('PATCH', `${tasksUrl}/${forEve.json().id}`, { status: 'done' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'done',
      doneBy: { id: ids.eve },
      doneAt: expect.any(String),
      title: 'Gespräch mit HR führen',
    });
    const changed = await tom('PATCH', `${tasksUrl}/${unassigned.json().id}`, {
      title: 'Bald',
      assigneeId: ids.eve,
      dueOn: '2099-02-01',
    });
    expect(changed.json()).toMatchObject({ title: 'Bald', assignee: { id: ids.eve }, dueOn: '2099-02-01' });
    expect(await notices('eve', 'case.task_assigned')).toHaveLength(2);
    const reopened = await tom('PATCH', `${tasksUrl}/${forEve.json().id}`, { status: 'open' });
    expect(reopened.json()).toMatchObject({ status: 'open', doneAt: null, doneBy: null });
    expect((await tom('PATCH', `${tasksUrl}/${forEve.json().id}`, { status: 'done' })).statusCode).toBe(200);
    const order = (await tom('GET', tasksUrl)).json().tasks.map((t: { title: string }) => t.title);
    expect(order).toEqual(['Akte sichten', 'Bald', SECRET_TASK, 'Gespräch mit HR führen']);
    const journal = (
      await tom('GET', `/api/v1/cases/${caseId}/journal?kind=task_created&kind=task_done`)
    ).json().entries;
    expect(journal.filter((e: { kind: string }) => e.kind === 'task_created')).toHaveLength(4);
    expect(journal.filter((e: { kind: string }) => e.kind === 'task_done')).toEqual([
      expect.objectContaining({
        facts: { taskId: forEve.json().id },
        author: expect.objectContaining({ id: ids.tom }),
        task: { id: forEve.json().id, title: 'Gespräch mit HR führen' },
      }),
      expect.objectContaining({
        facts: { taskId: forEve.json().id },
        author: expect.objectContaining({ id: ids.eve }),
        task: { id: forEve.json().id, title: 'Gespräch mit HR führen' },
      }),
    ]);
    expect(
      journal.find((e: { facts: { taskId: string } }) => e.facts.taskId === secret.json().id),
    ).toMatchObject({
      managersOnly: true,
      user: { id: ids.tessa },
    });
    const eveJournal = (await eve('GET', `/api/v1/cases/${caseId}/journal?kind=task_created`)).json().entries;
    expect(eveJournal).toHaveLength(3);
    expect(JSON.stringify(eveJournal)).not.toContain(SECRET_TASK);

    // Bad changes.
    for (const body of [
      {},
      { dueOn: 'tomorrow' },
      { status: 'later' },
      { title: '' },
      { managersOnly: true },
    ]) {
      const refused = await tom('PATCH', `${tasksUrl}/${forEve.json().id}`, body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(400);
      expect(refused.json().error.code).toBe('validation_failed');
    }
    const toOutsider = await tom('PATCH', `${tasksUrl}/${forEve.json().id}`, { assigneeId: ids.max });
    expect(toOutsider.json().error.code).toBe('assignee_not_allowed');
    const missing = await tom('PATCH', `${tasksUrl}/${ids.tom}`, { status: 'done' });
    expect(missing.statusCode).toBe(404);
    expect((await tom('POST', tasksUrl, { title: 'x', dueOn: '2099-13-45' })).statusCode).toBe(400);

    const audit = await events();
    expect(audit.filter((e) => e.action === 'case.task_create').map((e) => e.reason)).toEqual([
      null,
      null,
      null,
      'managers_only',
    ]);
    expect(audit.filter((e) => e.action === 'case.task_update').map((e) => e.reason)).toEqual([
      'fields:status:done',
      'fields:title.assignee.dueon',
      'fields:status',
      'fields:status:done',
    ]);
    expect(JSON.stringify(audit)).not.toContain('Polizei');
  });

  it('reminds each due task once a day, however often the job runs, and never someone off the team', async () => {
    const tom = await as('tom');
    const keyring = new Keyring(database, reporting.provider);
    const tasksUrl = `/api/v1/cases/${caseId}/tasks`;
    const create = async (body: object) => {
      const created = await tom('POST', tasksUrl, body);
      expect(created.statusCode, created.body).toBe(201);
      return created.json().id as string;
    };
    await create({ title: 'Bericht schreiben', assigneeId: ids.eve, dueOn: '2030-01-10' });
    await create({ title: 'Überfällig', assigneeId: ids.tessa, dueOn: '2030-01-05', managersOnly: true });
    await create({ title: 'Niemandem', dueOn: '2030-01-05' });
    await create({ title: 'Später', assigneeId: ids.eve, dueOn: '2030-01-11' });
    const finished = await create({ title: 'Fertig', assigneeId: ids.eve, dueOn: '2030-01-01' });
    expect((await tom('PATCH', `${tasksUrl}/${finished}`, { status: 'done' })).statusCode).toBe(200);
    // Max was given a task, then taken off the team: he is not reminded of a case he no longer reads.
    expect((await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: ids.max })).statusCode).toBe(200);
    await create({ title: 'Für Max', assigneeId: ids.max, dueOn: '2030-01-02' });
    expect((await tom('DELETE', `/api/v1/cases/${caseId}/team/${ids.max}`)).statusCode).toBe(200);

    const dueNotices = (userId: string) =>
      withTenant(database, { tenantId, userId: null }, (trx) =>
        trx
          .selectFrom('notifications')
          .select('created_on')
          .where('kind', '=', 'case.task_due')
          .where('user_id', '=', userId)
          .orderBy('created_on')
          .execute(),
      );
    const dueMails = async () =>
      (await reporting.openedOutbox()).filter((m) => m.template === 'case.task_due').map((m) => m.to);

    expect(await runTaskReminders(database, new Date('2030-01-10T06:00:00Z'), keyring)).toBe(2);
    // Again the same day, as another instance would: nothing more.
    expect(await runTaskReminders(database, new Date('2030-01-10T06:00:00Z'), keyring)).toBe(0);
    expect(await runTaskReminders(database, new Date('2030-01-10T23:59:00Z'), keyring)).toBe(0);
    expect((await dueNotices(ids.eve as string)).map((n) => n.created_on)).toEqual(['2030-01-10']);
    expect((await dueNotices(ids.tessa as string)).map((n) => n.created_on)).toEqual(['2030-01-10']);
    expect(await dueNotices(ids.max as string)).toEqual([]);
    expect((await dueMails()).sort()).toEqual(['eve@acme.example', 'tessa@acme.example']);
    const mail = (await reporting.openedOutbox()).find((m) => m.template === 'case.task_due');
    expect(mail?.params).toEqual({ path: `/cases/${caseId}` });

    // The next day: both again, and the task due that day as well; two instances at once share them out.
    const nextDay = new Date('2030-01-11T05:00:00Z');
    const [one, other] = await Promise.all([
      runTaskReminders(database, nextDay, keyring),
      runTaskReminders(database, nextDay, keyring),
    ]);
    expect(one + other).toBe(3);
    expect(await runTaskReminders(database, nextDay, keyring)).toBe(0);
    expect((await dueNotices(ids.eve as string)).map((n) => n.created_on)).toEqual([
      '2030-01-10',
      '2030-01-11',
      '2030-01-11',
    ]);
    expect(await dueMails()).toHaveLength(5);
    expect((await notices('eve', 'case.task_due'))[0]).toMatchObject({ case: { id: caseId } });
  });

  it('answers 404 to another organisation and to an expert off the team, 403 to an admin who only sees it', async () => {
    const tasks = `/api/v1/cases/${caseId}/tasks`;
    const comments = `/api/v1/cases/${caseId}/comments`;
    for (const name of ['gil', 'max', 'fay']) {
      const call = await as(name);
      for (const [method, url, body] of [
        ['GET', comments, undefined],
        ['POST', comments, { text: 'x' }],
        ['GET', tasks, undefined],
        ['POST', tasks, { title: 'x' }],
        ['PATCH', `${tasks}/${ids.tom}`, { status: 'done' }],
      ] as const) {
        const refused = await call(method, url, body);
        expect(refused.statusCode, `${name} ${method} ${url}`).toBe(404);
        expect(refused.json().error.code).toBe('case_not_found');
      }
    }
    const ada = await as('ada');
    const adminRead = await ada('GET', comments);
    expect(adminRead.statusCode).toBe(403);
    expect(adminRead.json().error.code).toBe('case_action_not_allowed');
    const denied = (await events()).filter((e) => e.action === 'case.comment_read' && e.outcome === 'denied');
    expect(denied.length).toBeGreaterThanOrEqual(2);
    expect(denied.every((e) => e.reason === 'not_visible')).toBe(true);
  });
});
