// The case list's filters, sorts and search through the HTTP API on both databases. Search matches whole
// words of titles, summaries, persons' names, journal and comments by blind index only; it finds nothing a
// user may not see: not another unit's cases, not a case an expert is not on, and not a managers-only entry
// for an expert on the team.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';

describe.each(databaseTargets())('case list filters and search on %s', (target) => {
  let reporting: ReportingApp;
  const ids: Record<string, string> = {};
  const cases: Record<'kantine' | 'parkhaus' | 'closed', string> = { kantine: '', parkhaus: '', closed: '' };

  const listed = async (call: Awaited<ReturnType<ReportingApp['session']>>, query: string) => {
    const response = await call('GET', `/api/v1/cases?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().cases.map((c: { id: string }) => c.id);
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    for (const email of ['tom', 'eve'])
      ids[email] = (
        await reporting.database.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', `${email}@acme.example`)
          .executeTakeFirstOrThrow()
      ).id;
    const tom = await reporting.session('acme', 'tom@acme.example');
    const reports = await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['a', 'b', 'c']);
    const titles = ['Drohung in der Kantine', 'Nachstellung im Parkhaus', 'Erledigter Vorfall'];
    const keys = ['kantine', 'parkhaus', 'closed'] as const;
    for (const [index, report] of reports.entries()) {
      const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: titles[index] });
      expect(opened.statusCode, opened.body).toBe(201);
      cases[keys[index] as keyof typeof cases] = opened.json().id;
    }
    const patch = async (id: string, body: object) =>
      expect((await tom('PATCH', `/api/v1/cases/${id}`, body)).statusCode).toBe(200);
    await patch(cases.kantine, { category: 'violence', tags: ['Kantine'], dueOn: '2020-01-01' });
    await patch(cases.parkhaus, { category: 'stalking', summary: 'Herr Brandt folgt ihr zum Auto.' });
    await tom('POST', `/api/v1/cases/${cases.kantine}/persons`, {
      role: 'affected_person',
      name: 'Anna Zwetschge',
    });
    await tom('POST', `/api/v1/cases/${cases.parkhaus}/journal`, {
      kind: 'note',
      text: 'Die Quelle heißt Geheimwort',
      managersOnly: true,
    });
    await tom('POST', `/api/v1/cases/${cases.parkhaus}/journal`, {
      kind: 'call',
      text: 'Rückruf Werkschutz',
    });
    await tom('POST', `/api/v1/cases/${cases.parkhaus}/team`, { userId: ids.eve });
    await tom('POST', `/api/v1/cases/${cases.closed}/status`, { status: 'closed', reason: 'Erledigt' });
    await reporting.database.db
      .updateTable('cases')
      .set({ level: 3 })
      .where('id', '=', cases.parkhaus)
      .execute();
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('searches titles, summaries, persons and the journal by whole words, for who may see them', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const eve = await reporting.session('acme', 'eve@acme.example');
    const fay = await reporting.session('acme', 'fay@acme.example');
    expect(await listed(tom, 'q=KANTINE')).toEqual([cases.kantine]);
    expect(await listed(tom, 'q=brandt%20auto')).toEqual([cases.parkhaus]);
    expect(await listed(tom, 'q=zwetschge')).toEqual([cases.kantine]);
    expect(await listed(tom, 'q=werkschutz')).toEqual([cases.parkhaus]);
    expect(await listed(tom, 'q=geheimwort')).toEqual([cases.parkhaus]);
    // Whole words: a part of one finds nothing; every word must occur.
    expect(await listed(tom, 'q=kant')).toEqual([]);
    expect(await listed(tom, 'q=kantine%20brandt')).toEqual([]);
    // The expert on the team finds the case by what she may read, never by the managers-only entry.
    expect(await listed(eve, 'q=werkschutz')).toEqual([cases.parkhaus]);
    expect(await listed(eve, 'q=geheimwort')).toEqual([]);
    expect(await listed(eve, 'q=kantine')).toEqual([]);
    // Another unit's threat manager finds nothing.
    for (const q of ['kantine', 'brandt', 'zwetschge', 'werkschutz'])
      expect(await listed(fay, `q=${q}`)).toEqual([]);
    const empty = await tom('GET', '/api/v1/cases?q=%21%21%21');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('search_empty');
  });

  it('filters by status, level, category, tag, owner, "mine" and "overdue", and sorts', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const eve = await reporting.session('acme', 'eve@acme.example');
    expect(await listed(tom, '')).toEqual([cases.parkhaus, cases.kantine]);
    expect(await listed(tom, 'status=closed')).toEqual([cases.closed]);
    expect(await listed(tom, 'status=closed&status=intake')).toEqual([
      cases.closed,
      cases.parkhaus,
      cases.kantine,
    ]);
    expect(await listed(tom, 'level=3')).toEqual([cases.parkhaus]);
    expect(await listed(tom, 'level=1&level=2')).toEqual([]);
    expect(await listed(tom, 'category=violence')).toEqual([cases.kantine]);
    expect(await listed(tom, 'tag=kantine')).toEqual([cases.kantine]);
    expect(await listed(tom, `owner=${ids.tom}`)).toEqual([cases.parkhaus, cases.kantine]);
    expect(await listed(tom, 'overdue=true')).toEqual([cases.kantine]);
    expect(await listed(eve, 'mine=true')).toEqual([cases.parkhaus]);
    expect(await listed(tom, 'sort=oldest')).toEqual([cases.kantine, cases.parkhaus]);
    expect(await listed(tom, 'sort=updated&status=closed&status=intake')).toHaveLength(3);
    const page = (await tom('GET', '/api/v1/cases?limit=1')).json();
    expect(page.cases[0]).toMatchObject({ level: 3, category: 'stalking', owner: { id: ids.tom } });
    const mixed = await tom('GET', `/api/v1/cases?sort=oldest&after=${page.nextCursor}`);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().error.code).toBe('cursor_invalid');
    const next = await listed(tom, `after=${page.nextCursor}&limit=1`);
    expect(next).toEqual([cases.kantine]);
    for (const bad of ['status=solved', 'level=5', 'mine=yes', 'sort=random', 'owner=nobody'])
      expect((await tom('GET', `/api/v1/cases?${bad}`)).statusCode, bad).toBe(400);
  });

  it('names who can own a case, to filter by, for those who see cases by unit only', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const owners = await tom('GET', '/api/v1/case-owners');
    expect(owners.statusCode, owners.body).toBe(200);
    const listed = owners.json().owners as Array<{ id: string; name: string }>;
    expect(listed.map((owner) => owner.id)).toContain(ids.tom);
    // Threat managers of any unit (an owner may be handed a case from elsewhere); never an expert or admin.
    expect(listed.map((owner) => owner.id)).not.toContain(ids.eve);
    expect(listed).toHaveLength(3);
    const eve = await reporting.session('acme', 'eve@acme.example');
    const refused = await eve('GET', '/api/v1/case-owners');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
  });
});
