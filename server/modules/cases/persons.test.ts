// The persons of a case through the HTTP API on both databases: taken over from the report that named them
// (no retyping), pseudonyms, names sealed and found again in another case by blind index only, linked as
// the same real person, and need-to-know for experts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';

const NAME_MARKER = 'Zwetschgenbaum';

describe.each(databaseTargets())('case persons on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let session: ReportingApp['session'];
  const cases: string[] = [];
  let reportId: string;

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    ({ database, session } = reporting);
    const tom = await session('acme', 'tom@acme.example');
    const reports = await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins', 'Zwei']);
    reportId = reports[0] as string;
    for (const [index, report] of reports.entries()) {
      const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: `Fall ${index + 1}` });
      expect(opened.statusCode, opened.body).toBe(201);
      cases.push(opened.json().id);
    }
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('takes over the persons a report names, pseudonymises them, and keeps names sealed', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const [first] = cases as [string];
    const suggested = (await tom('GET', `/api/v1/cases/${first}/person-suggestions`)).json().suggestions;
    expect(suggested).toEqual([
      expect.objectContaining({
        reportId,
        role: 'person_of_concern',
        name: 'K.',
        description: 'Lager, Spätschicht',
      }),
    ]);
    const taken = await tom('POST', `/api/v1/cases/${first}/persons`, {
      role: 'person_of_concern',
      name: 'K.',
      details: { description: 'Lager, Spätschicht', contact: '  ' },
      fromReportId: reportId,
    });
    expect(taken.statusCode, taken.body).toBe(201);
    expect((await tom('GET', `/api/v1/cases/${first}/person-suggestions`)).json().suggestions).toEqual([]);
    const otherReport = await tom('POST', `/api/v1/cases/${first}/persons`, {
      role: 'witness',
      name: 'X',
      fromReportId: '00000000-0000-4000-8000-000000000000',
    });
    expect(otherReport.statusCode).toBe(422);
    expect(otherReport.json().error.code).toBe('report_not_linked');
    const added = await tom('POST', `/api/v1/cases/${first}/persons`, {
      role: 'affected_person',
      name: `Anna ${NAME_MARKER}-Müller`,
      details: { organisation: 'Lager', jobTitle: 'Schichtleiterin' },
    });
    expect(added.statusCode, added.body).toBe(201);
    const bad = await tom('POST', `/api/v1/cases/${first}/persons`, { role: 'boss', name: 'X' });
    expect(bad.statusCode).toBe(400);

    const persons = (await tom('GET', `/api/v1/cases/${first}/persons`)).json().persons;
    expect(persons).toEqual([
      expect.objectContaining({
        pseudonym: 'Person A',
        role: 'person_of_concern',
        name: 'K.',
        details: { description: 'Lager, Spätschicht' },
        fromReport: reportId,
      }),
      expect.objectContaining({
        pseudonym: 'Person B',
        name: `Anna ${NAME_MARKER}-Müller`,
        details: { organisation: 'Lager', jobTitle: 'Schichtleiterin' },
        linked: [],
      }),
    ]);
    const stored = await database.db
      .selectFrom('case_persons')
      .select(['name_sealed', 'name_index'])
      .execute();
    for (const row of stored) {
      expect(Buffer.from(row.name_sealed).toString('latin1')).not.toContain(NAME_MARKER);
      expect(row.name_index.join(' ')).not.toContain(NAME_MARKER.toLowerCase());
    }
    const kinds = (await tom('GET', `/api/v1/cases/${first}/journal?kind=person_added`)).json().entries;
    expect(kinds).toHaveLength(2);
    // The journal names each by pseudonym and role, never by name.
    expect(kinds.map((entry: { person: unknown }) => entry.person)).toEqual([
      { id: persons[1].id, pseudonym: 'Person B', role: 'affected_person' },
      { id: persons[0].id, pseudonym: 'Person A', role: 'person_of_concern' },
    ]);
    expect(JSON.stringify(kinds)).not.toContain(NAME_MARKER);
  });

  it('finds the same name in another case by blind index, links the two, and unlinks them', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const [first, second] = cases as [string, string];
    // The same person written differently: case, umlaut folded, word order.
    const added = await tom('POST', `/api/v1/cases/${second}/persons`, {
      role: 'affected_person',
      name: `mueller anna ${NAME_MARKER.toUpperCase()}`,
    });
    expect(added.statusCode).toBe(201);
    const anna = (await tom('GET', `/api/v1/cases/${first}/persons`)).json().persons[1];
    const found = await tom('GET', `/api/v1/cases/${first}/persons/${anna.id}/matches`);
    expect(found.statusCode, found.body).toBe(200);
    const matches = found.json().matches;
    expect(matches).toEqual([
      expect.objectContaining({
        personId: added.json().id,
        caseId: second,
        pseudonym: 'Person A',
        role: 'affected_person',
      }),
    ]);
    expect(matches[0].name).toBe(`mueller anna ${NAME_MARKER.toUpperCase()}`);
    const linked = await tom('PUT', `/api/v1/cases/${first}/persons/${anna.id}/link`, {
      personId: added.json().id,
    });
    expect(linked.statusCode, linked.body).toBe(204);
    const again = await tom('PUT', `/api/v1/cases/${first}/persons/${anna.id}/link`, {
      personId: added.json().id,
    });
    expect(again.statusCode).toBe(409);
    const afterLink = (await tom('GET', `/api/v1/cases/${second}/persons`)).json().persons[0];
    expect(afterLink.linked).toEqual([expect.objectContaining({ caseId: first, pseudonym: 'Person B' })]);
    expect((await tom('GET', `/api/v1/cases/${first}/persons/${anna.id}/matches`)).json().matches).toEqual(
      [],
    );
    const self = await tom('PUT', `/api/v1/cases/${first}/persons/${anna.id}/link`, { personId: anna.id });
    expect(self.json().error.code).toBe('person_not_linkable');
    expect(
      (await tom('PUT', `/api/v1/cases/${first}/persons/${anna.id}/link`, { personId: null })).statusCode,
    ).toBe(204);
    expect((await tom('GET', `/api/v1/cases/${second}/persons`)).json().persons[0].linked).toEqual([]);
  });

  it('shows persons to the team only; experts add and change them but do not remove or link', async () => {
    const tom = await session('acme', 'tom@acme.example');
    const eve = await session('acme', 'eve@acme.example');
    const fay = await session('acme', 'fay@acme.example');
    const [first] = cases as [string];
    expect((await eve('GET', `/api/v1/cases/${first}/persons`)).statusCode).toBe(404);
    expect((await fay('GET', `/api/v1/cases/${first}/persons`)).statusCode).toBe(404);
    const eveId = (
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'eve@acme.example')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await tom('POST', `/api/v1/cases/${first}/team`, { userId: eveId })).statusCode).toBe(200);
    const persons = (await eve('GET', `/api/v1/cases/${first}/persons`)).json().persons;
    expect(persons).toHaveLength(2);
    const witness = await eve('POST', `/api/v1/cases/${first}/persons`, { role: 'witness', name: 'Herr P.' });
    expect(witness.statusCode).toBe(201);
    const changed = await eve('PATCH', `/api/v1/cases/${first}/persons/${witness.json().id}`, {
      role: 'other',
    });
    expect(changed.statusCode).toBe(204);
    const removed = await eve('DELETE', `/api/v1/cases/${first}/persons/${witness.json().id}`);
    expect(removed.statusCode).toBe(403);
    expect((await eve('GET', `/api/v1/cases/${first}/persons/${persons[0].id}/matches`)).statusCode).toBe(
      403,
    );
    expect((await tom('DELETE', `/api/v1/cases/${first}/persons/${witness.json().id}`)).statusCode).toBe(204);
    expect((await tom('DELETE', `/api/v1/cases/${first}/persons/${witness.json().id}`)).statusCode).toBe(404);
    // Pseudonyms are never reused: the next person is Person D, not C again.
    const next = await tom('POST', `/api/v1/cases/${first}/persons`, { role: 'other', name: 'Frau Q.' });
    const all = (await tom('GET', `/api/v1/cases/${first}/persons`)).json().persons;
    expect(all.find((p: { id: string }) => p.id === next.json().id).pseudonym).toBe('Person D');

    const tenantId = reporting.tenants.acme as string;
    await linkAuditEvents(database, { tenantId, wait: true });
    const events = await withTenant(database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('audit_events').select(['action', 'reason']).execute(),
    );
    for (const action of [
      'case.persons_read',
      'case.person_added',
      'case.person_changed',
      'case.person_removed',
      'case.person_matches',
    ])
      expect(
        events.some((e) => e.action === action),
        action,
      ).toBe(true);
    expect(JSON.stringify(events)).not.toContain(NAME_MARKER);
  });
});
