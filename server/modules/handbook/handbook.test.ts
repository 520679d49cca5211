// The handbook through the HTTP API on both databases: threat managers and admins write pages in German and
// English, every save is a new version (a stale one is refused with 409), a restore brings old content back
// as the newest version with the history intact, two versions are compared line by line, search ranks the
// current versions and shows a passage; experts read only, auditors and reporters never, and another
// organisation's page is not there at all. Every write is audited with ids and codes only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { openReportingApp, PASSWORD, type ReportingApp } from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { createUser } from '../identity/service.ts';
import { BUILT_IN_MEASURE_TYPES } from '../measures/catalogue.ts';
import { PLAYBOOK_PAGES } from './playbook-pages.ts';
import { STARTER_PAGES } from './starter-pages.ts';

const evacuation = {
  slug: 'evacuation',
  de: {
    title: 'Räumung des Gebäudes',
    body: '# Räumung\n\nBei einer **Bombendrohung** entscheidet die Einsatzleitung.\n\n| Rolle | Aufgabe |\n| --- | --- |\n| Werkschutz | Sperrt ab |\n',
  },
  en: {
    title: 'Evacuating the building',
    body: '# Evacuation\n\nOn a **bomb threat** the incident lead decides.\n',
  },
  note: 'First draft',
};

describe("TMA's playbooks", () => {
  it('give each of TMA’s measure types one page, in both languages, at an address of its own', () => {
    expect(PLAYBOOK_PAGES.map((playbook) => playbook.measureType).sort()).toEqual(
      Object.keys(BUILT_IN_MEASURE_TYPES).sort(),
    );
    const slugs = [...STARTER_PAGES, ...PLAYBOOK_PAGES].map((page) => page.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const playbook of PLAYBOOK_PAGES) {
      expect(playbook.slug).toMatch(/^playbook-[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const text of [playbook.de, playbook.en]) {
        expect(text.title.length).toBeLessThanOrEqual(200);
        expect(text.body).toContain('## ');
      }
    }
  });
});

describe.each(databaseTargets())('the handbook on %s', (target) => {
  let reporting: ReportingApp;
  let tom: SignedInCall;
  let tessa: SignedInCall;
  let eve: SignedInCall;
  let ada: SignedInCall;
  let gil: SignedInCall;
  let audrey: SignedInCall;
  let pageId: string;

  const auditEvents = async () => {
    const tenantId = reporting.tenants.acme as string;
    await linkAuditEvents(reporting.database, { tenantId, wait: true });
    return withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'object_type', 'object_id', 'reason', 'outcome'])
        .where('action', 'like', 'handbook_page.%')
        .orderBy('seq')
        .execute(),
    );
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    await createUser(
      reporting.database,
      reporting.tenants.acme as string,
      { email: 'audrey@acme.example', role: 'auditor', password: PASSWORD, specialty: null },
      { kind: 'operator' },
    );
    tom = await reporting.session('acme', 'tom@acme.example');
    tessa = await reporting.session('acme', 'tessa@acme.example');
    eve = await reporting.session('acme', 'eve@acme.example');
    ada = await reporting.session('acme', 'ada@acme.example');
    gil = await reporting.session('globex', 'gil@globex.example');
    audrey = await reporting.session('acme', 'audrey@acme.example');
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('lets a threat manager write a page in both languages, and every team member read it', async () => {
    const created = await tom('POST', '/api/v1/handbook/pages', evacuation);
    expect(created.statusCode, created.body).toBe(201);
    const page = created.json();
    pageId = page.id;
    expect(page).toMatchObject({
      slug: 'evacuation',
      version: 1,
      de: evacuation.de,
      en: evacuation.en,
      note: 'First draft',
      restoredFrom: null,
      updatedBy: { name: expect.any(String) },
      can: { edit: true, restore: true, archive: true },
    });
    const byId = (await eve('GET', `/api/v1/handbook/pages/${pageId}`)).json();
    expect(byId).toMatchObject({
      slug: 'evacuation',
      de: evacuation.de,
      can: { edit: false, restore: false },
    });
    expect((await ada('GET', '/api/v1/handbook/pages/evacuation')).json().can.edit).toBe(true);
    const list = (await eve('GET', '/api/v1/handbook/pages')).json();
    expect(list).toMatchObject({
      pages: [{ id: pageId, slug: 'evacuation', version: 1, titles: { de: 'Räumung des Gebäudes' } }],
      nextCursor: null,
      can: { create: false },
    });
    expect((await tom('GET', '/api/v1/handbook/pages')).json().can).toEqual({ create: true });
  });

  it('refuses what is not a page: no language, an empty title, a taken or reserved slug, a body too long', async () => {
    const refused = async (payload: object) => {
      const response = await tom('POST', '/api/v1/handbook/pages', payload);
      return [response.statusCode, response.json().error.code];
    };
    expect(await refused({ slug: 'empty', en: null, de: null })).toEqual([422, 'handbook_language_required']);
    expect(await refused({ slug: 'blank', en: { title: '   ', body: '' }, de: null })).toEqual([
      422,
      'handbook_title_required',
    ]);
    expect(await refused({ ...evacuation })).toEqual([409, 'handbook_slug_taken']);
    expect(await refused({ slug: 'new', en: evacuation.en, de: null })).toEqual([
      422,
      'handbook_slug_invalid',
    ]);
    expect(await refused({ slug: 'Not A Slug', en: evacuation.en, de: null })).toEqual([
      400,
      'validation_failed',
    ]);
    expect(
      await refused({ slug: 'huge', en: { title: 'Huge', body: 'x'.repeat(200_001) }, de: null }),
    ).toEqual([400, 'validation_failed']);
    // The limit itself fits, in both languages, umlauts included.
    const largest = await tom('POST', '/api/v1/handbook/pages', {
      slug: 'largest',
      en: { title: 'Largest', body: 'ü'.repeat(200_000) },
      de: { title: 'Größte', body: '"\n'.repeat(100_000) },
    });
    expect(largest.statusCode, largest.body.slice(0, 300)).toBe(201);
    expect((await tom('DELETE', '/api/v1/handbook/pages/largest')).statusCode).toBe(204);
  });

  it('saves each change as a new version and refuses a change made on a stale version', async () => {
    const change = (call: SignedInCall, baseVersion: number, body: string, note?: string) =>
      call('PUT', `/api/v1/handbook/pages/${pageId}`, {
        baseVersion,
        de: evacuation.de,
        en: { ...evacuation.en, body },
        ...(note ? { note } : {}),
      });
    const second = await change(tom, 1, `${evacuation.en.body}\nCall the police on 110.\n`, 'Police number');
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json()).toMatchObject({ version: 2, note: 'Police number' });
    // Tessa edited version 1 as well: her save would overwrite Tom's.
    const stale = await change(tessa, 1, 'Something else');
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'handbook_version_conflict']);
    const unchanged = await change(tessa, 2, `${evacuation.en.body}\nCall the police on 110.\n`);
    expect([unchanged.statusCode, unchanged.json().error.code]).toEqual([422, 'handbook_unchanged']);
    // An English page no longer: only German left.
    const third = await ada('PUT', `/api/v1/handbook/pages/evacuation`, {
      baseVersion: 2,
      de: { ...evacuation.de, title: 'Räumung des Gebäudes (Werk Nord)' },
      en: null,
    });
    expect(third.json()).toMatchObject({ version: 3, en: null, restoredFrom: null });
  });

  it('lists the versions, shows one, and compares two line by line per language', async () => {
    const history = (await eve('GET', `/api/v1/handbook/pages/${pageId}/versions`)).json();
    expect(history).toMatchObject({ pageId, slug: 'evacuation', current: 3, nextCursor: null });
    expect(
      history.versions.map((v: { version: number; note: string | null; languages: string[] }) => [
        v.version,
        v.note,
        v.languages,
      ]),
    ).toEqual([
      [3, null, ['de']],
      [2, 'Police number', ['de', 'en']],
      [1, 'First draft', ['de', 'en']],
    ]);
    const paged = (await eve('GET', `/api/v1/handbook/pages/${pageId}/versions?limit=2`)).json();
    expect(paged.versions).toHaveLength(2);
    const rest = (
      await eve('GET', `/api/v1/handbook/pages/${pageId}/versions?limit=2&after=${paged.nextCursor}`)
    ).json();
    expect(rest.versions.map((v: { version: number }) => v.version)).toEqual([1]);

    const first = (await eve('GET', `/api/v1/handbook/pages/${pageId}/versions/1`)).json();
    expect(first).toMatchObject({ version: 1, current: false, en: evacuation.en, de: evacuation.de });
    expect((await eve('GET', `/api/v1/handbook/pages/${pageId}/versions/9`)).json().error.code).toBe(
      'handbook_version_not_found',
    );

    const diff = (await eve('GET', `/api/v1/handbook/pages/${pageId}/diff?from=1&to=2`)).json();
    expect(diff.from.version).toBe(1);
    expect(diff.to.version).toBe(2);
    expect(diff.en.compared).toBe(true);
    expect(diff.en.body.filter((part: { kind: string }) => part.kind !== 'same')).toEqual([
      { kind: 'added', text: '\nCall the police on 110.\n' },
    ]);
    expect(diff.de.body.every((part: { kind: string }) => part.kind === 'same')).toBe(true);
    const dropped = (await eve('GET', `/api/v1/handbook/pages/${pageId}/diff?from=2&to=3`)).json();
    expect(dropped.en).toMatchObject({ inFrom: true, inTo: false });
    expect(dropped.en.body.map((part: { kind: string }) => part.kind)).toEqual(['removed']);
    expect(dropped.de.title).toEqual([
      { kind: 'same', text: 'Räumung des Gebäudes' },
      { kind: 'added', text: ' (Werk Nord)' },
    ]);
  });

  it('restores an old version as the newest one and keeps every version', async () => {
    const restored = await tom('POST', `/api/v1/handbook/pages/${pageId}/versions/1/restore`, {
      baseVersion: 3,
      note: 'Back to the first draft',
    });
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json()).toMatchObject({
      version: 4,
      restoredFrom: 1,
      en: evacuation.en,
      de: evacuation.de,
      note: 'Back to the first draft',
    });
    const page = (await eve('GET', '/api/v1/handbook/pages/evacuation')).json();
    expect(page).toMatchObject({ version: 4, en: evacuation.en, de: evacuation.de });
    const versions = (await eve('GET', `/api/v1/handbook/pages/${pageId}/versions`)).json().versions;
    expect(
      versions.map((v: { version: number; restoredFrom: number | null }) => [v.version, v.restoredFrom]),
    ).toEqual([
      [4, 1],
      [3, null],
      [2, null],
      [1, null],
    ]);
    const current = await tom('POST', `/api/v1/handbook/pages/${pageId}/versions/4/restore`, {});
    expect([current.statusCode, current.json().error.code]).toEqual([422, 'handbook_version_is_current']);
    const stale = await tom('POST', `/api/v1/handbook/pages/${pageId}/versions/2/restore`, {
      baseVersion: 3,
    });
    expect([stale.statusCode, stale.json().error.code]).toEqual([409, 'handbook_version_conflict']);
    expect((await eve('POST', `/api/v1/handbook/pages/${pageId}/versions/2/restore`, {})).statusCode).toBe(
      403,
    );
  });

  it('finds current versions by word prefixes in either language, ranked, with a passage', async () => {
    await tom('POST', '/api/v1/handbook/pages', {
      slug: 'house-ban',
      de: {
        title: 'Hausverbot aussprechen',
        body: 'Ein Hausverbot wird schriftlich erteilt. Der Werkschutz erhält ein Foto. Bei Verstoß: Polizei.',
      },
      en: { title: 'Issuing a house ban', body: 'A house ban is given in writing. Security gets a photo.' },
    });
    const search = async (q: string) =>
      (await eve('GET', `/api/v1/handbook/search?q=${encodeURIComponent(q)}`)).json().results;
    const bans = await search('haus');
    expect(bans.map((result: { slug: string }) => result.slug)).toEqual(['house-ban']);
    expect(bans[0].snippet.language).toBe('de');
    expect(bans[0].snippet.segments).toContainEqual({ text: 'Hausverbot', match: true });
    expect(bans[0].titles).toEqual({ de: 'Hausverbot aussprechen', en: 'Issuing a house ban' });
    // English only: the passage is the English one.
    const english = await search('photo security');
    expect(english.map((r: { slug: string }) => r.slug)).toEqual(['house-ban']);
    expect(english[0].snippet.language).toBe('en');
    // Both name the works security; a title word weighs more than one in the body.
    expect((await search('Werkschutz')).map((r: { slug: string }) => r.slug).sort()).toEqual([
      'evacuation',
      'house-ban',
    ]);
    await tom('POST', '/api/v1/handbook/pages', {
      slug: 'visitors',
      de: { title: 'Besucher', body: 'Kein Zutritt für Personen mit Hausverbot.' },
      en: null,
    });
    expect((await search('hausverbot')).map((r: { slug: string }) => r.slug)).toEqual([
      'house-ban',
      'visitors',
    ]);
    expect((await search('bomb threat')).map((r: { slug: string }) => r.slug)).toEqual(['evacuation']);
    // Words are letters and digits: tsquery syntax is not passed on.
    expect(await search("!&|:*()'")).toEqual([]);
    expect(await search('nichtvorhanden')).toEqual([]);
    // Only the current version is searched: version 3's "Werk Nord" was restored away.
    expect(await search('Nord')).toEqual([]);
  });

  it('pages the list with keyset cursors', async () => {
    const first = (await eve('GET', '/api/v1/handbook/pages?limit=1')).json();
    expect(first.pages.map((p: { slug: string }) => p.slug)).toEqual(['evacuation']);
    const second = (await eve('GET', `/api/v1/handbook/pages?limit=1&after=${first.nextCursor}`)).json();
    expect(second.pages.map((p: { slug: string }) => p.slug)).toEqual(['house-ban']);
    const third = (await eve('GET', `/api/v1/handbook/pages?limit=5&after=${second.nextCursor}`)).json();
    expect(third.pages.map((p: { slug: string }) => p.slug)).toEqual(['visitors']);
    expect(third.nextCursor).toBeNull();
    const bad = await eve('GET', '/api/v1/handbook/pages?after=bm90LWEtY3Vyc29y');
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'cursor_invalid']);
  });

  it('lets experts read only, auditors not at all, and reporters never', async () => {
    const writes: Array<[string, string, object]> = [
      ['POST', '/api/v1/handbook/pages', { slug: 'by-eve', en: evacuation.en, de: null }],
      ['PUT', `/api/v1/handbook/pages/${pageId}`, { baseVersion: 4, en: evacuation.en, de: null }],
      ['POST', `/api/v1/handbook/pages/${pageId}/versions/2/restore`, {}],
      ['DELETE', `/api/v1/handbook/pages/${pageId}`, {}],
    ];
    for (const [method, url, payload] of writes) {
      const refused = await eve(method as 'POST', url, method === 'DELETE' ? undefined : payload);
      expect([refused.statusCode, refused.json().error.code], `${method} ${url}`).toEqual([
        403,
        'handbook_not_allowed',
      ]);
    }
    const reads = [
      '/api/v1/handbook/pages',
      '/api/v1/handbook/search?q=haus',
      `/api/v1/handbook/pages/${pageId}`,
      `/api/v1/handbook/pages/${pageId}/versions`,
      `/api/v1/handbook/pages/${pageId}/versions/1`,
      `/api/v1/handbook/pages/${pageId}/diff?from=1&to=2`,
    ];
    for (const url of reads) {
      const refused = await audrey('GET', url);
      expect([refused.statusCode, refused.json().error.code], url).toEqual([403, 'handbook_not_allowed']);
      // Without an account (a reporter has a receipt, no session) there is nothing.
      expect((await reporting.t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });

  it("does not show another organisation's page, by id or by slug", async () => {
    for (const url of [`/api/v1/handbook/pages/${pageId}`, '/api/v1/handbook/pages/evacuation']) {
      const answer = await gil('GET', url);
      expect([answer.statusCode, answer.json().error.code], url).toEqual([404, 'handbook_page_not_found']);
    }
    const change = await gil('PUT', `/api/v1/handbook/pages/${pageId}`, {
      baseVersion: 4,
      en: evacuation.en,
      de: null,
    });
    expect(change.statusCode).toBe(404);
    expect((await gil('GET', `/api/v1/handbook/pages/${pageId}/versions/1`)).statusCode).toBe(404);
    expect((await gil('GET', '/api/v1/handbook/pages')).json().pages).toEqual([]);
    expect((await gil('GET', '/api/v1/handbook/search?q=haus')).json().results).toEqual([]);
  });

  it('archives a page: it leaves the handbook and its slug can be used again', async () => {
    expect((await tom('DELETE', '/api/v1/handbook/pages/house-ban')).statusCode).toBe(204);
    expect((await eve('GET', '/api/v1/handbook/pages/house-ban')).statusCode).toBe(404);
    const found = (await eve('GET', '/api/v1/handbook/search?q=hausverbot')).json().results;
    expect(found.map((r: { slug: string }) => r.slug)).toEqual(['visitors']);
    const again = await tom('POST', '/api/v1/handbook/pages', {
      slug: 'house-ban',
      en: { title: 'House ban (new)', body: '' },
      de: null,
    });
    expect(again.json()).toMatchObject({ version: 1, en: { title: 'House ban (new)' } });
  });

  it('audits every write with the page id and codes, never text', async () => {
    const events = await auditEvents();
    expect(events.map((event) => [event.action, event.reason])).toEqual([
      ['handbook_page.create', 'version=1'],
      ['handbook_page.create', 'version=1'],
      ['handbook_page.archive', 'version=1'],
      ['handbook_page.update', 'version=2'],
      ['handbook_page.update', 'version=3'],
      ['handbook_page.restore', 'version=4:from=1'],
      ['handbook_page.create', 'version=1'],
      ['handbook_page.create', 'version=1'],
      ['handbook_page.archive', 'version=1'],
      ['handbook_page.create', 'version=1'],
    ]);
    expect(
      events.every((event) => event.object_type === 'handbook_page' && event.outcome === 'success'),
    ).toBe(true);
    expect(events[3]?.object_id).toBe(pageId);
  });

  it("copies TMA's starter pages into an empty handbook once, for editors only", async () => {
    expect((await eve('POST', '/api/v1/handbook/starter-pages', {})).statusCode).toBe(403);
    const added = await gil('POST', '/api/v1/handbook/starter-pages', {});
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().created).toEqual([
      'first-hours-after-a-report',
      'emergency-contacts',
      'case-conference',
      ...PLAYBOOK_PAGES.map((playbook) => playbook.slug),
    ]);
    expect(added.json().linkedMeasureTypes).toEqual(Object.keys(BUILT_IN_MEASURE_TYPES));
    expect((await gil('POST', '/api/v1/handbook/starter-pages', {})).json()).toEqual({
      created: [],
      linkedMeasureTypes: [],
    });
    const page = (await gil('GET', '/api/v1/handbook/pages/emergency-contacts')).json();
    expect(page).toMatchObject({
      version: 1,
      de: { title: 'Notfallkontakte' },
      en: { title: 'Emergency contacts' },
    });
    const found = (await gil('GET', '/api/v1/handbook/search?q=fallkonferenz')).json().results;
    expect(found.map((r: { slug: string }) => r.slug)).toEqual(['case-conference']);
    // Another organisation's handbook is untouched.
    expect((await eve('GET', '/api/v1/handbook/pages/emergency-contacts')).statusCode).toBe(404);
  });

  it("makes each playbook added its measure type's playbook, readable by the team", async () => {
    const { types } = (await gil('GET', '/api/v1/measure-types')).json();
    for (const key of Object.keys(BUILT_IN_MEASURE_TYPES)) {
      const type = types.find((one: { key: string }) => one.key === key);
      expect(type?.playbookPageId, key).toMatch(/^[0-9a-f-]{36}$/);
      const page = await gil('GET', `/api/v1/handbook/pages/${type.playbookPageId}`);
      expect(page.statusCode, key).toBe(200);
      expect(page.json().slug).toBe(`playbook-${key.replaceAll('_', '-')}`);
      expect(PLAYBOOK_PAGES.find((playbook) => playbook.slug === page.json().slug)?.measureType).toBe(key);
    }
    // Another organisation does not see the page, not even by its id.
    const monitoring = types.find((one: { key: string }) => one.key === 'monitoring');
    expect((await eve('GET', `/api/v1/handbook/pages/${monitoring.playbookPageId}`)).statusCode).toBe(404);
  });

  it('keeps a playbook the organisation linked itself, links the others once, and audits each link', async () => {
    const own = await tom('POST', '/api/v1/handbook/pages', {
      slug: 'how-we-monitor',
      de: { title: 'So beobachten wir', body: 'Unser eigener Ablauf.' },
      en: null,
    });
    expect(own.statusCode, own.body).toBe(201);
    const before = (await ada('GET', '/api/v1/measure-types')).json().types;
    const definitionOf = (key: string) => {
      const {
        key: _key,
        builtIn,
        customised,
        active,
        ...definition
      } = before.find((type: { key: string }) => type.key === key);
      return definition;
    };
    const linked = await ada('PATCH', '/api/v1/measure-types/monitoring', {
      definition: { ...definitionOf('monitoring'), playbookPageId: own.json().id },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect((await ada('PATCH', '/api/v1/measure-types/involve_police', { active: false })).statusCode).toBe(
      200,
    );

    const added = await ada('POST', '/api/v1/handbook/starter-pages', {});
    expect(added.statusCode, added.body).toBe(200);
    const others = Object.keys(BUILT_IN_MEASURE_TYPES).filter((key) => key !== 'monitoring');
    expect(added.json().linkedMeasureTypes).toEqual(others);
    const types = (await ada('GET', '/api/v1/measure-types')).json().types;
    const byKey = new Map(types.map((type: { key: string }) => [type.key, type]));
    expect(byKey.get('monitoring')).toMatchObject({ playbookPageId: own.json().id });
    // Switched off stays switched off; only the link is new, and a link is not a change to TMA's text.
    expect(byKey.get('involve_police')).toMatchObject({ active: false, customised: false });
    expect(byKey.get('monitoring')).toMatchObject({ customised: false });
    for (const key of others) {
      const page = (
        await tom(
          'GET',
          `/api/v1/handbook/pages/${(byKey.get(key) as { playbookPageId: string }).playbookPageId}`,
        )
      ).json();
      expect(page.slug).toBe(`playbook-${key.replaceAll('_', '-')}`);
    }
    // The playbook TMA offers for monitoring is in the handbook all the same, just not linked.
    expect((await tom('GET', '/api/v1/handbook/pages/playbook-monitoring')).statusCode).toBe(200);

    const again = await ada('POST', '/api/v1/handbook/starter-pages', {});
    expect(again.json()).toEqual({ created: [], linkedMeasureTypes: [] });
    expect((await ada('GET', '/api/v1/measure-types')).json().types).toEqual(types);

    const tenantId = reporting.tenants.acme as string;
    await linkAuditEvents(reporting.database, { tenantId, wait: true });
    const events = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['object_id', 'reason', 'outcome', 'object_type'])
        .where('action', '=', 'measure_type.update')
        .orderBy('seq')
        .execute(),
    );
    expect(events.map((event) => [event.object_id, event.reason])).toEqual([
      ['monitoring', 'changed'],
      ['involve_police', 'switched_off'],
      ...others.map((key) => [key, 'playbook_linked']),
    ]);
    expect(events.every((e) => e.object_type === 'measure_type' && e.outcome === 'success')).toBe(true);
    const pages = (await auditEvents()).filter((event) => event.reason === 'version=1:starter');
    expect(pages).toHaveLength(3 + PLAYBOOK_PAGES.length);
    // Back to TMA's text keeps the organisation's playbook.
    const reset = await ada('PATCH', '/api/v1/measure-types/monitoring', { reset: true });
    expect(reset.json()).toMatchObject({ customised: false, playbookPageId: own.json().id });
  });

  it('lets only one of two saves made on the same version through, also when they arrive together', async () => {
    const page = (await gil('GET', '/api/v1/handbook/pages/case-conference')).json();
    const save = (title: string) =>
      gil('PUT', '/api/v1/handbook/pages/case-conference', {
        baseVersion: page.version,
        de: page.de,
        en: { ...page.en, title },
      });
    const answers = await Promise.all([save('Case conference (A)'), save('Case conference (B)')]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 409]);
    const versions = (await gil('GET', '/api/v1/handbook/pages/case-conference/versions')).json();
    expect(versions.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });
});
