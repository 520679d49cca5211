// The inbox's filters, search and sort orders through the HTTP API, on both databases (issue 19): each
// filter alone, search over the clear columns only, every order paged across pages with a filter kept, a
// cursor refused by another order, and bad query strings answered 400 with a code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  reportAnswers as answers,
  openReportingApp,
  type ReportingApp,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { setUserUnits } from '../units/service.ts';

const dayBefore = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

type Item = { id: string; reference: string; status: string; dangerIndicated: boolean };

describe.each(databaseTargets())('inbox filters and orders on %s', (target) => {
  let reporting: ReportingApp;
  let tessa: SignedInCall;
  /** Report ids by letter, in the order they arrived (A first). */
  const ids: Record<string, string> = {};
  const letterOf = new Map<string, string>();

  async function record(letter: string, input: Record<string, unknown>) {
    const response = await tessa('POST', '/api/v1/reports', {
      anonymous: false,
      reporter: { name: 'Petra Meier', phone: '+49 30 1234' },
      answers: { ...answers, description: `Bericht ${letter}` },
      issueReceipt: false,
      ...input,
    });
    expect(response.statusCode, response.body).toBe(201);
    ids[letter] = response.json().report.id;
    letterOf.set(response.json().report.id, letter);
  }

  /** The letters of one page of the inbox. */
  async function letters(query: string): Promise<string[]> {
    const response = await tessa('GET', `/api/v1/reports?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().reports.map((report: Item) => letterOf.get(report.id) ?? '?');
  }

  /** Every page, `limit` at a time, following `nextCursor`: the letters in order. */
  async function pagedLetters(query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const url = `/api/v1/reports?${query}&limit=${limit}${after ? `&after=${after}` : ''}`;
      const response = await tessa('GET', url);
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      expect(page.reports.length).toBeLessThanOrEqual(limit);
      seen.push(...page.reports.map((report: Item) => letterOf.get(report.id) ?? '?'));
      after = page.nextCursor;
      if (!after) return seen;
    }
    throw new Error('more than 20 pages');
  }

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    const { database, tenants, units, session, submit } = reporting;
    // Tessa works for both units of ACME here.
    await setUserUnits(
      database,
      tenants.acme as string,
      { email: 'tessa@acme.example' },
      { slugs: ['de', 'fr'] },
      { kind: 'operator' },
    );
    tessa = await session('acme', 'tessa@acme.example');
    const de = units['acme/de'];
    const fr = units['acme/fr'];
    await record('A', { unitId: de, channel: 'phone', receivedOn: dayBefore(10) });
    await record('B', {
      unitId: de,
      channel: 'email',
      receivedOn: dayBefore(2),
      answers: { ...answers, immediate_danger: 'yes', description: 'Bericht B' },
    });
    await record('C', { unitId: fr, channel: 'letter', receivedOn: dayBefore(5) });
    await record('D', { unitId: de, channel: 'phone', receivedOn: dayBefore(1) });
    const portal = await submit({ anonymous: true, unit: 'de', answers });
    expect(portal.statusCode, portal.body).toBe(201);
    await record('F', { unitId: fr, channel: 'in_person', receivedOn: dayBefore(20) });
    // E came through the portal between D and F: the newest report of Germany's before F.
    const all = (await tessa('GET', '/api/v1/reports?view=all&sort=newest')).json().reports as Item[];
    const portalReport = all.find((report) => !letterOf.has(report.id)) as Item;
    ids.E = portalReport.id;
    letterOf.set(portalReport.id, 'E');

    const acknowledged = await tessa('POST', `/api/v1/reports/${ids.A}/acknowledge`, {
      body: 'Danke, wir haben Ihre Meldung erhalten.',
    });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    // Tom opens D's case: he owns it. Tessa may open cases too, but the owner filter needs two people.
    const tom = await session('acme', 'tom@acme.example');
    const opened = await tom('POST', `/api/v1/reports/${ids.D}/open-case`, { title: 'Lager' });
    expect(opened.statusCode, opened.body).toBe(201);
    const closed = await tessa('POST', `/api/v1/reports/${ids.F}/close`, {
      reason: 'not_relevant',
      note: 'Kein Bezug',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    // The reporter of E wrote after the team's last message (the dialogue itself: reporting.test.ts).
    await database.db
      .updateTable('reports')
      .set({ awaiting_reply: true })
      .where('id', '=', ids.E as string)
      .execute();
  }, 240_000);

  afterAll(async () => {
    await reporting?.close();
  });

  it('keeps its default: open reports, danger first, then newest', async () => {
    expect(await letters('')).toEqual(['B', 'E', 'C', 'A']);
    expect(await letters('view=all')).toEqual(['B', 'F', 'E', 'D', 'C', 'A']);
  });

  it('narrows by unit, channel, status, danger, awaiting reply and assignee', async () => {
    const { units } = reporting;
    expect(await letters(`view=all&unit=${units['acme/fr']}`)).toEqual(['F', 'C']);
    expect(await letters('view=all&channel=phone')).toEqual(['D', 'A']);
    expect(await letters('view=all&channel=portal')).toEqual(['E']);
    expect(await letters('view=all&status=acknowledged')).toEqual(['A']);
    expect(await letters('view=all&status=closed')).toEqual(['F']);
    expect(await letters('view=all&status=case_opened')).toEqual(['D']);
    // A status outside the view finds nothing: the view still holds.
    expect(await letters('view=open&status=closed')).toEqual([]);
    expect(await letters('view=all&danger=true')).toEqual(['B']);
    expect(await letters('view=all&danger=false')).toEqual(['F', 'E', 'D', 'C', 'A']);
    expect(await letters('view=all&awaitingReply=true')).toEqual(['E']);
    const tomId = (await reporting.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'tom@acme.example')
      .executeTakeFirstOrThrow()) as { id: string };
    expect(await letters(`view=all&assignee=${tomId.id}`)).toEqual(['D']);
    expect(await letters(`view=all&assignee=${tomId.id.toUpperCase()}`)).toEqual(['D']);
    expect(await letters('view=all&assignee=me')).toEqual([]);
    expect(await letters('view=all&assignee=none')).toEqual(['B', 'F', 'E', 'C', 'A']);
    // Filters combine.
    expect(await letters(`view=all&unit=${units['acme/de']}&channel=phone&status=new`)).toEqual([]);
    expect(await letters(`view=all&unit=${units['acme/de']}&danger=false&channel=phone`)).toEqual(['D', 'A']);
  });

  it('searches the reference and the unit name, never the sealed content', async () => {
    const all = (await tessa('GET', '/api/v1/reports?view=all')).json().reports as Item[];
    const c = all.find((report) => report.id === ids.C) as Item;
    expect(await letters(`view=all&q=${encodeURIComponent(c.reference)}`)).toEqual(['C']);
    expect(await letters(`view=all&q=${c.reference.slice(-4)}`)).toEqual(['C']);
    expect(await letters(`view=all&q=${c.reference.toLowerCase()}`)).toEqual(['C']);
    expect(await letters('view=all&q=fRaNcE')).toEqual(['F', 'C']);
    // The description is sealed: a word of it finds nothing.
    expect(await letters('view=all&q=Bericht')).toEqual([]);
    // LIKE's wildcards are taken as they are written.
    expect(await letters('view=all&q=%25')).toEqual([]);
    expect(await letters('view=all&q=_')).toEqual([]);
    // Blank search is no search.
    expect(await letters('view=all&q=%20%20')).toEqual(['B', 'F', 'E', 'D', 'C', 'A']);
  });

  it('searches only the reports the user may see: not another unit’s, not another tenant’s', async () => {
    const { units, session } = reporting;
    const all = (await tessa('GET', '/api/v1/reports?view=all')).json().reports as Item[];
    const c = all.find((report) => report.id === ids.C) as Item;
    // Tom works for Germany only: France's report C is not found by its reference, its unit or its id.
    const tom = await session('acme', 'tom@acme.example');
    for (const query of [`q=${c.reference}`, 'q=France', `unit=${units['acme/fr']}`]) {
      const response = await tom('GET', `/api/v1/reports?view=all&${query}`);
      expect(response.statusCode, query).toBe(200);
      expect(response.json().reports, query).toEqual([]);
    }
    // Another tenant's threat manager finds none of ACME's reports, whatever the search.
    const gil = await session('globex', 'gil@globex.example');
    for (const query of [`q=${c.reference}`, `q=${c.reference.slice(-4)}`, 'q=R-', 'q=Germany']) {
      const response = await gil('GET', `/api/v1/reports?view=all&${query}`);
      expect(response.statusCode, query).toBe(200);
      expect(response.json().reports, query).toEqual([]);
    }
  });

  it('sorts by arrival either way and by the nearest open deadline', async () => {
    expect(await letters('view=all&sort=danger')).toEqual(['B', 'F', 'E', 'D', 'C', 'A']);
    expect(await letters('view=all&sort=newest')).toEqual(['F', 'E', 'D', 'C', 'B', 'A']);
    expect(await letters('view=all&sort=oldest')).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    // B indicates danger and nobody acknowledged it: due within hours, first. Then acknowledge within 7
    // days: C (received 5 days ago), D (1, a case now but not acknowledged), E (today); A was acknowledged,
    // its feedback is due in 3 months; F is closed: last.
    expect(await letters('view=all&sort=deadline')).toEqual(['B', 'C', 'D', 'E', 'A', 'F']);
    expect(await letters('sort=deadline')).toEqual(['B', 'C', 'E', 'A']);
  });

  it('pages every order across pages with a filter kept, each row once', async () => {
    const { units } = reporting;
    const germany = `view=all&unit=${units['acme/de']}`;
    for (const sort of ['danger', 'newest', 'oldest', 'deadline']) {
      const whole = await letters(`${germany}&sort=${sort}`);
      expect(whole).toHaveLength(4);
      expect(await pagedLetters(`${germany}&sort=${sort}`, 1), sort).toEqual(whole);
      expect(await pagedLetters(`${germany}&sort=${sort}`, 3), sort).toEqual(whole);
    }
    expect(await pagedLetters('view=all&sort=deadline', 2)).toEqual(['B', 'C', 'D', 'E', 'A', 'F']);
    expect(await pagedLetters('view=all&danger=false&sort=oldest', 2)).toEqual(['A', 'C', 'D', 'E', 'F']);
  });

  it('refuses a cursor of another order and query strings that do not fit', async () => {
    const first = (await tessa('GET', '/api/v1/reports?view=all&sort=newest&limit=1')).json();
    expect(first.nextCursor).toEqual(expect.any(String));
    const other = await tessa(
      'GET',
      `/api/v1/reports?view=all&sort=oldest&limit=1&after=${first.nextCursor}`,
    );
    expect(other.statusCode).toBe(400);
    expect(other.json().error.code).toBe('cursor_invalid');
    for (const query of [
      'status=handed_over',
      'channel=fax',
      'danger=yes',
      'sort=random',
      'unit=germany',
      'assignee=someone',
      'awaitingReply=false',
      `q=${'x'.repeat(101)}`,
      'q=',
      'colour=red',
    ]) {
      const response = await tessa('GET', `/api/v1/reports?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    }
  });
});
