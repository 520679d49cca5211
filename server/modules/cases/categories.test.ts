// Case categories per organisation through the HTTP API on both databases: admins add their own, named in
// German and English, rename them and switch any category off; a switched-off one is no longer accepted for a
// case while the cases that have it keep it; nobody else configures them, and no organisation sees
// another's. Audited by id and reason code, never by name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';

const own = {
  key: 'threat_against_manager',
  names: { de: 'Drohung gegen Führungskraft', en: 'Threat against a manager' },
};

describe.each(databaseTargets())('case categories on %s', (target) => {
  let reporting: ReportingApp;
  let caseId: string;

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    const tom = await reporting.session('acme', 'tom@acme.example');
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

  it('lists the built-in categories, all offered, and lets only admins configure', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const listed = await tom('GET', '/api/v1/case-categories');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().can).toEqual({ configure: false });
    expect(listed.json().categories.map((c: { key: string }) => c.key)).toEqual([
      'threat_email',
      'stalking',
      'violence',
      'self_harm',
      'extremism',
      'bullying',
      'other',
    ]);
    expect(listed.json().categories[0]).toEqual({
      key: 'threat_email',
      builtIn: true,
      active: true,
      names: null,
    });
    for (const [method, url, body] of [
      ['POST', '/api/v1/case-categories', own],
      ['PATCH', '/api/v1/case-categories/stalking', { active: false }],
    ] as const) {
      const refused = await tom(method, url, body);
      expect(refused.statusCode, refused.body).toBe(403);
      expect(refused.json().error.code).toBe('forbidden');
    }
    const ada = await reporting.session('acme', 'ada@acme.example');
    expect((await ada('GET', '/api/v1/case-categories')).json().can).toEqual({ configure: true });
  });

  it('adds an own category that a case can then have, and refuses a second one with the same key', async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    const created = await ada('POST', '/api/v1/case-categories', own);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ key: own.key, builtIn: false, active: true, names: own.names });
    for (const key of [own.key, 'stalking']) {
      const again = await ada('POST', '/api/v1/case-categories', { ...own, key });
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.code).toBe('category_exists');
    }
    const blank = await ada('POST', '/api/v1/case-categories', {
      key: 'blank',
      names: { de: ' ', en: 'Blank' },
    });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().error.code).toBe('category_name_required');
    const badKey = await ada('POST', '/api/v1/case-categories', { ...own, key: 'Not A Key' });
    expect(badKey.statusCode).toBe(400);

    const tom = await reporting.session('acme', 'tom@acme.example');
    const set = await tom('PATCH', `/api/v1/cases/${caseId}`, { category: own.key });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().category).toBe(own.key);
    const unknown = await tom('PATCH', `/api/v1/cases/${caseId}`, { category: 'no_such_category' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('category_unknown');
  });

  it('renames an own category; a built-in one keeps the names the app gives it', async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    const names = { de: 'Drohung gegen Vorgesetzte', en: 'Threat against a superior' };
    const renamed = await ada('PATCH', `/api/v1/case-categories/${own.key}`, { names });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json().names).toEqual(names);
    const builtIn = await ada('PATCH', '/api/v1/case-categories/stalking', { names });
    expect(builtIn.statusCode).toBe(422);
    expect(builtIn.json().error.code).toBe('category_built_in');
    const missing = await ada('PATCH', '/api/v1/case-categories/no_such_category', { active: false });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('category_not_found');
  });

  it('switches categories off: no longer accepted, kept by the cases that have them, and on again', async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    const tom = await reporting.session('acme', 'tom@acme.example');
    for (const key of [own.key, 'stalking']) {
      const off = await ada('PATCH', `/api/v1/case-categories/${key}`, { active: false });
      expect(off.statusCode, off.body).toBe(200);
      expect(off.json().active).toBe(false);
    }
    const listed = (await tom('GET', '/api/v1/case-categories')).json().categories;
    expect(listed.filter((c: { active: boolean }) => !c.active).map((c: { key: string }) => c.key)).toEqual([
      'stalking',
      own.key,
    ]);
    const refused = await tom('PATCH', `/api/v1/cases/${caseId}`, { category: 'stalking' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('category_switched_off');
    // The case keeps its switched-off category through other changes.
    const kept = await tom('PATCH', `/api/v1/cases/${caseId}`, {
      category: own.key,
      title: 'Drohung Halle 2',
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.json().category).toBe(own.key);
    expect((await ada('PATCH', '/api/v1/case-categories/stalking', { active: true })).json().active).toBe(
      true,
    );
    expect((await tom('PATCH', `/api/v1/cases/${caseId}`, { category: 'stalking' })).statusCode).toBe(200);
  });

  it('keeps each organisation’s categories to itself', async () => {
    const gil = await reporting.session('globex', 'gil@globex.example');
    const listed = (await gil('GET', '/api/v1/case-categories')).json().categories;
    expect(listed.map((c: { key: string }) => c.key)).not.toContain(own.key);
    expect(listed.every((c: { active: boolean }) => c.active)).toBe(true);
  });

  it('audits each change by the category’s id and a reason code, never its names', async () => {
    const tenantId = reporting.tenants.acme as string;
    await linkAuditEvents(reporting.database, { tenantId, wait: true });
    const events = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'object_type', 'object_id', 'reason'])
        .where('object_type', '=', 'case_category')
        .orderBy('seq')
        .execute(),
    );
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['case_category.create', null],
      ['case_category.update', 'renamed'],
      ['case_category.update', 'switched_off'],
      ['case_category.update', 'switched_off'],
      ['case_category.update', 'switched_on'],
    ]);
    expect(events.every((e) => /^[0-9a-f-]{36}$/.test(e.object_id ?? ''))).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/Drohung|Threat|threat_against/);
  });
});
