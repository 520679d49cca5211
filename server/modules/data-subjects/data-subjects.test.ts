// Data subject requests through the HTTP API on both databases (issue 17): a person who appears in two
// cases is found by blind index, the officer confirms the matches, and the ZIP holds both cases and nothing
// of a third about someone else, with no reporter's or witness's name in any file; restriction of
// processing blocks edits and keeps the data; the audit log never holds the name searched.
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { documentUpload } from '../../../test/support/multipart.ts';
import { openReportingApp, PASSWORD, type ReportingApp } from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';
import { createUser } from '../identity/service.ts';

const SUBJECT = 'Xaver Quellmann';
// Names and details of other people that must appear in no file of a redacted export.
const OTHERS = [
  'Rapporteur',
  'Rosalinde',
  'rosalinde@example.org',
  '+49 30 5550123',
  'Wendelin',
  'Zeugmann',
  'wendelin.z@example.org',
  'Renate',
  'Ruferin',
  'Wilma',
  'Wachsam',
  'Agathe',
  'Opferlein',
  'Gutachterin',
];
// What only the third case holds.
const THIRD = ['Yvonne', 'Ypsilon', 'Rudolf', 'Rufmann', 'Kantinenstreit'];

describe.each(databaseTargets())('data subject requests on %s', (target) => {
  let reporting: ReportingApp;
  let tenantId: string;
  let tom: SignedInCall;
  let dora: SignedInCall;
  let ada: SignedInCall;
  const cases: Array<{ id: string; reference: string }> = [];
  const subjectPersons: string[] = [];
  let witnessId: string;

  const record = async (reporter: Record<string, string>, description: string, persons: object[]) => {
    const response = await tom('POST', '/api/v1/reports', {
      unitId: reporting.units['acme/de'],
      channel: 'phone',
      receivedOn: new Date().toISOString().slice(0, 10),
      anonymous: false,
      reporter,
      answers: { immediate_danger: 'no', description, warning_signs: ['threat'], persons },
      issueReceipt: false,
    });
    expect(response.statusCode, response.body).toBe(201);
    const reportId = response.json().report.id as string;
    const opened = await tom('POST', `/api/v1/reports/${reportId}/open-case`, {
      title: `Fall ${description.slice(0, 12)}`,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const caseId = opened.json().id as string;
    const detail = (await tom('GET', `/api/v1/cases/${caseId}`)).json();
    cases.push({ id: caseId, reference: detail.reference });
    return { reportId, caseId };
  };
  const addPerson = async (caseId: string, body: object) => {
    const response = await tom('POST', `/api/v1/cases/${caseId}/persons`, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json().id as string;
  };
  const note = async (caseId: string, text: string) => {
    const response = await tom('POST', `/api/v1/cases/${caseId}/journal`, { kind: 'note', text });
    expect(response.statusCode, response.body).toBe(201);
  };
  const upload = async (caseId: string, title: string, name: string, text: string) => {
    const body = documentUpload(
      'document',
      { title },
      { name, type: 'text/plain', bytes: Buffer.from(text) },
    );
    const response = await tom('POST', `/api/v1/cases/${caseId}/documents`, body.payload, body.headers);
    expect(response.statusCode, response.body).toBe(201);
  };
  const auditEvents = async () => {
    await linkAuditEvents(reporting.database, { tenantId, wait: true });
    return withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('audit_events').selectAll().where('action', 'like', 'data_subject.%').execute(),
    );
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    tenantId = reporting.tenants.acme as string;
    await createUser(
      reporting.database,
      tenantId,
      { email: 'dora@acme.example', role: 'expert', password: PASSWORD, specialty: 'data_protection' },
      { kind: 'operator' },
    );
    tom = await reporting.session('acme', 'tom@acme.example');
    dora = await reporting.session('acme', 'dora@acme.example');
    ada = await reporting.session('acme', 'ada@acme.example');

    // Case 1: the subject, a witness, an affected person and the reporter, named everywhere.
    const first = await record(
      { name: 'Rosalinde Rapporteur', email: 'rosalinde@example.org', phone: '+49 30 5550123' },
      'Xaver Quellmann hat Wendelin Zeugmann gedroht; Rosalinde Rapporteur hat es gehört.',
      [
        { role: 'person_of_concern', name: SUBJECT, description: 'Lager' },
        { role: 'witness', name: 'Wendelin Zeugmann', description: 'Kollege' },
      ],
    );
    subjectPersons.push(
      await addPerson(first.caseId, {
        role: 'person_of_concern',
        name: SUBJECT,
        details: { organisation: 'Lager' },
      }),
    );
    witnessId = await addPerson(first.caseId, {
      role: 'witness',
      name: 'Wendelin Zeugmann',
      details: { contact: 'wendelin.z@example.org' },
    });
    await addPerson(first.caseId, { role: 'affected_person', name: 'Agathe Opferlein' });
    await addPerson(first.caseId, {
      role: 'reporter',
      name: 'Rosalinde Rapporteur',
      fromReportId: first.reportId,
    });
    await note(first.caseId, 'Gespräch mit Wendelin Zeugmann und Rosalinde Rapporteur über Xaver Quellmann.');
    await note(first.caseId, 'Agathe Opferlein braucht Schutz (ohne Bezug zum Betroffenen).');
    await upload(
      first.caseId,
      'Abmahnung Xaver Quellmann',
      'abmahnung.txt',
      'Abmahnung für Herrn Quellmann.',
    );
    await upload(first.caseId, 'Aussage des Zeugen', 'aussage.txt', 'Wendelin Zeugmann sagt aus.');
    // The assessments and measures of a case judge and concern its person of concern.
    const started = await tom('POST', `/api/v1/cases/${first.caseId}/assessments`, {
      modelId: 'tma.core.warning-behaviours',
    });
    expect(started.statusCode, started.body).toBe(201);
    const answered = await tom(
      'PUT',
      `/api/v1/cases/${first.caseId}/assessments/${started.json().id}/answers`,
      {
        answers: {
          pathway: { value: 'present', note: 'Xaver Quellmann fragte Wendelin Zeugmann nach Dienstplänen.' },
        },
      },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    const settings = (await ada('GET', '/api/v1/assessment-settings')).json();
    const instruments = await ada('PUT', '/api/v1/assessment-settings', {
      ...settings,
      externalInstruments: [
        { key: 'dyrias', name: 'DyRiAS', levelMap: [{ result: '2', label: 'mittel', level: 'L2' }] },
      ],
    });
    expect(instruments.statusCode, instruments.body).toBe(200);
    const external = await tom('POST', `/api/v1/cases/${first.caseId}/external-assessments`, {
      instrument: 'dyrias',
      instrumentVersion: '2.1',
      assessedOn: new Date().toISOString().slice(0, 10),
      result: '2',
      assessor: 'Dr. Hilde Gutachterin',
      note: 'Angaben von Agathe Opferlein berücksichtigt.',
    });
    expect(external.statusCode, external.body).toBe(201);
    const measure = await tom('POST', `/api/v1/cases/${first.caseId}/measures`, {
      typeKey: 'talk_person_of_concern',
      description: 'Gespräch mit Xaver Quellmann, ohne Rosalinde Rapporteur zu nennen.',
    });
    expect(measure.statusCode, measure.body).toBe(201);

    // Case 2: the subject written differently, another reporter and witness.
    const second = await record(
      { name: 'Renate Ruferin' },
      'QUELLMANN, Xaver schreibt Wilma Wachsam Drohmails.',
      [{ role: 'person_of_concern', name: 'quellmann xaver', description: '' }],
    );
    subjectPersons.push(
      await addPerson(second.caseId, { role: 'person_of_concern', name: 'QUELLMANN, Xaver' }),
    );
    await addPerson(second.caseId, { role: 'witness', name: 'Wilma Wachsam' });

    // Case 3: someone else, with a person who shares only the first name.
    const third = await record(
      { name: 'Rudolf Rufmann' },
      'Kantinenstreit zwischen Yvonne Ypsilon und Xaver Anders.',
      [{ role: 'person_of_concern', name: 'Yvonne Ypsilon', description: '' }],
    );
    await addPerson(third.caseId, { role: 'person_of_concern', name: 'Yvonne Ypsilon' });
    await addPerson(third.caseId, { role: 'witness', name: 'Xaver Anders' });
    const thirdMeasure = await tom('POST', `/api/v1/cases/${third.caseId}/measures`, {
      typeKey: 'talk_person_of_concern',
      description: 'Kantinenstreit schlichten.',
    });
    expect(thirdMeasure.statusCode, thirdMeasure.body).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await reporting?.close();
  });

  it('exports both cases of the data subject, nothing of a third case, and no other person’s name', async () => {
    expect((await tom('POST', '/api/v1/data-subject-requests', { name: SUBJECT })).statusCode).toBe(403);

    const created = await dora('POST', '/api/v1/data-subject-requests', { name: 'xaver QUELLMANN' });
    expect(created.statusCode, created.body).toBe(201);
    const request = created.json();
    expect(request).toMatchObject({ status: 'received', confirmedCount: 0, can: { export_names: true } });
    const [first, second, third] = cases as [(typeof cases)[0], (typeof cases)[0], (typeof cases)[0]];
    const persons = request.matches.filter((match: { kind: string }) => match.kind === 'person');
    expect(persons.map((match: { id: string }) => match.id).sort()).toEqual([...subjectPersons].sort());
    expect(persons.map((match: { caseReference: string }) => match.caseReference).sort()).toEqual(
      [first.reference, second.reference].sort(),
    );
    const reports = request.matches.filter((match: { kind: string }) => match.kind === 'report');
    expect(reports.map((match: { caseReference: string }) => match.caseReference).sort()).toEqual(
      [first.reference, second.reference].sort(),
    );
    expect(JSON.stringify(request.matches)).not.toContain(third.reference);

    // Nothing is exported before the officer confirms; only matches of the search can be confirmed.
    const early = await dora('POST', `/api/v1/data-subject-requests/${request.id}/export`, {});
    expect(early.statusCode).toBe(422);
    expect(early.json().error.code).toBe('nothing_confirmed');
    const stray = await dora('PUT', `/api/v1/data-subject-requests/${request.id}/confirmed`, {
      personIds: [witnessId],
      reportIds: [],
    });
    expect(stray.statusCode).toBe(422);
    const confirmed = await dora('PUT', `/api/v1/data-subject-requests/${request.id}/confirmed`, {
      personIds: subjectPersons,
      reportIds: reports.map((match: { id: string }) => match.id),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json().confirmedCount).toBe(4);

    // An admin runs the redacted export too.
    const exported = await ada('POST', `/api/v1/data-subject-requests/${request.id}/export`, {});
    expect(exported.statusCode, exported.body).toBe(200);
    expect(exported.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(exported.rawPayload));
    const names = Object.keys(files).sort();
    expect(names).toEqual(
      [
        'manifest.json',
        `cases/${first.reference}/case.json`,
        `cases/${first.reference}/documents/1-abmahnung.txt`,
        `cases/${second.reference}/case.json`,
        ...reports.map(
          (match: { reportReference: string }) => `reports/${match.reportReference}/report.json`,
        ),
      ].sort(),
    );
    const text = (name: string) => Buffer.from(files[name] as Uint8Array).toString('utf8');
    for (const name of names) {
      for (const other of [...OTHERS, ...THIRD, third.reference])
        expect(text(name), `${other} in ${name}`).not.toContain(other);
    }
    expect(text(`cases/${first.reference}/documents/1-abmahnung.txt`)).toBe('Abmahnung für Herrn Quellmann.');
    const case1 = JSON.parse(text(`cases/${first.reference}/case.json`));
    expect(case1.dataSubject).toEqual([
      { role: 'person_of_concern', pseudonym: 'Person A', name: SUBJECT, details: { organisation: 'Lager' } },
    ]);
    expect(case1.otherPersons).toEqual([
      { label: 'Witness A', role: 'witness' },
      { label: 'Affected person A', role: 'affected_person' },
      { label: 'Reporter A', role: 'reporter' },
    ]);
    expect(case1.journal.map((entry: { text: string | null }) => entry.text)).toContain(
      'Gespräch mit [Witness A] und [Reporter A] über Xaver Quellmann.',
    );
    expect(case1.documentsNotIncluded).toBe(1);
    expect(case1.assessments).toMatchObject([
      {
        kind: 'model',
        status: 'draft',
        model: { id: 'tma.core.warning-behaviours', version: '1.0.0' },
        answers: {
          pathway: { value: 'present', note: 'Xaver Quellmann fragte [Witness A] nach Dienstplänen.' },
        },
      },
      {
        kind: 'external',
        status: 'final',
        finalLevel: 'L2',
        external: {
          instrument: 'DyRiAS',
          result: '2',
          assessor: '[Assessor]',
          note: 'Angaben von [Affected person A] berücksichtigt.',
        },
      },
    ]);
    expect(case1.measures).toMatchObject([
      {
        type: 'talk_person_of_concern',
        status: 'planned',
        description: 'Gespräch mit Xaver Quellmann, ohne [Reporter A] zu nennen.',
      },
    ]);
    const manifest = JSON.parse(text('manifest.json'));
    expect(manifest).toMatchObject({
      language: 'en',
      redacted: true,
      dataSubject: { name: 'xaver QUELLMANN' },
    });

    // In German: the same archive with German role labels and review notes.
    const german = await ada('POST', `/api/v1/data-subject-requests/${request.id}/export`, {
      language: 'de',
    });
    expect(german.statusCode, german.body).toBe(200);
    const germanFiles = unzipSync(new Uint8Array(german.rawPayload));
    const germanText = (name: string) => Buffer.from(germanFiles[name] as Uint8Array).toString('utf8');
    const germanCase = JSON.parse(germanText(`cases/${first.reference}/case.json`));
    expect(germanCase.journal.map((entry: { text: string | null }) => entry.text)).toContain(
      'Gespräch mit [Zeuge/Zeugin A] und [Hinweisgeber/in A] über Xaver Quellmann.',
    );
    expect(germanCase.assessments[1].external.assessor).toBe('[Gutachter/in]');
    expect(JSON.parse(germanText('manifest.json')).review[2]).toMatch(/NICHT geschwärzt/);
    for (const name of Object.keys(germanFiles))
      for (const other of OTHERS) expect(germanText(name), `${other} in ${name}`).not.toContain(other);
    const unknown = await ada('POST', `/api/v1/data-subject-requests/${request.id}/export`, {
      language: 'fr',
    });
    expect(unknown.statusCode).toBe(400);

    // Names only for the data protection officer, with a reason: then the same archive holds them.
    const adminNames = await ada('POST', `/api/v1/data-subject-requests/${request.id}/export`, {
      includeNames: true,
      namesReason: 'consent_given',
    });
    expect(adminNames.statusCode).toBe(403);
    expect(adminNames.json().error.code).toBe('data_subject_names_not_allowed');
    const noReason = await dora('POST', `/api/v1/data-subject-requests/${request.id}/export`, {
      includeNames: true,
    });
    expect(noReason.statusCode).toBe(422);
    const named = await dora('POST', `/api/v1/data-subject-requests/${request.id}/export`, {
      includeNames: true,
      namesReason: 'consent_given',
    });
    expect(named.statusCode).toBe(200);
    const namedFiles = unzipSync(new Uint8Array(named.rawPayload));
    const all = Object.values(namedFiles)
      .map((bytes) => Buffer.from(bytes).toString('utf8'))
      .join('\n');
    expect(all).toContain('Zeugmann');
    expect(all).toContain('Rapporteur');
    expect(all).not.toContain('Ypsilon');

    const released = await dora('POST', `/api/v1/data-subject-requests/${request.id}/release`);
    expect(released.json()).toMatchObject({ status: 'released' });

    // The audit log: every step, by ids and codes, never the name searched.
    const events = await auditEvents();
    expect(events.map((event) => event.action)).toEqual(
      expect.arrayContaining([
        'data_subject.search',
        'data_subject.confirm',
        'data_subject.export',
        'data_subject.release',
      ]),
    );
    expect(
      events.filter((event) => event.action === 'data_subject.export').map((event) => event.reason),
    ).toEqual(['redacted', 'redacted', 'names_included:consent_given']);
    const dump = JSON.stringify(events).toLowerCase();
    for (const word of ['xaver', 'quellmann']) expect(dump).not.toContain(word);
    const stored = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('data_subject_requests').select('subject_sealed').execute(),
    );
    expect(Buffer.from(stored[0]?.subject_sealed as Uint8Array).toString('latin1')).not.toContain(
      'Quellmann',
    );
  });

  it('lists the requests newest first, a page at a time', async () => {
    for (const name of ['Erika Erste', 'Zacharias Zweiter', 'Dora Dritte'])
      expect((await dora('POST', '/api/v1/data-subject-requests', { name })).statusCode).toBe(201);
    const all = (await dora('GET', '/api/v1/data-subject-requests')).json();
    expect(all.nextCursor).toBeNull();
    const names = all.requests.map((request: { name: string }) => request.name);
    expect(names.slice(0, 3)).toEqual(['Dora Dritte', 'Zacharias Zweiter', 'Erika Erste']);
    const paged: string[] = [];
    let after: string | null = null;
    do {
      const query: string = after ? `?limit=2&after=${after}` : '?limit=2';
      const page = await dora('GET', `/api/v1/data-subject-requests${query}`);
      expect(page.statusCode, page.body).toBe(200);
      expect(page.json().requests.length).toBeLessThanOrEqual(2);
      paged.push(...page.json().requests.map((request: { name: string }) => request.name));
      after = page.json().nextCursor;
    } while (after);
    expect(paged).toEqual(names);
    const bad = await dora('GET', '/api/v1/data-subject-requests?after=bm90LWEtY3Vyc29y');
    expect(bad.statusCode).toBe(400);
  });

  it('restricts processing of a person: edits refused, the data kept and read, lifted again', async () => {
    const [first] = cases as [(typeof cases)[0]];
    const url = `/api/v1/persons/${witnessId}/processing-restriction`;
    expect((await tom('PUT', url, { restricted: true, reason: 'x' })).statusCode).toBe(403);
    expect((await dora('PUT', url, { restricted: true })).statusCode).toBe(422);
    const set = await dora('PUT', url, {
      restricted: true,
      reason: 'Bestreitet die Richtigkeit (Art. 18 (1) a)',
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().processingRestrictedAt).toEqual(expect.any(String));

    const change = await tom('PATCH', `/api/v1/cases/${first.id}/persons/${witnessId}`, {
      name: 'Anderer Name',
    });
    expect(change.statusCode).toBe(409);
    expect(change.json().error.code).toBe('processing_restricted');
    expect((await tom('DELETE', `/api/v1/cases/${first.id}/persons/${witnessId}`)).statusCode).toBe(409);
    const read = (await tom('GET', `/api/v1/cases/${first.id}/persons`)).json().persons;
    const witness = read.find((person: { id: string }) => person.id === witnessId);
    expect(witness).toMatchObject({ name: 'Wendelin Zeugmann', processingRestrictedAt: expect.any(String) });
    // Other persons of the case are not restricted.
    const other = read.find((person: { id: string; role: string }) => person.role === 'affected_person');
    expect(other.processingRestrictedAt).toBeNull();
    expect(
      (
        await tom('PATCH', `/api/v1/cases/${first.id}/persons/${other.id}`, {
          details: { jobTitle: 'Lager' },
        })
      ).statusCode,
    ).toBe(204);

    const lifted = await ada('PUT', url, { restricted: false });
    expect(lifted.json()).toEqual({ processingRestrictedAt: null });
    const after = await tom('PATCH', `/api/v1/cases/${first.id}/persons/${witnessId}`, { role: 'other' });
    expect(after.statusCode, after.body).toBe(204);

    const events = (await auditEvents()).filter((event) => event.object_id === witnessId);
    expect(events.map((event) => event.action)).toEqual([
      'data_subject.restrict',
      'data_subject.restriction_lifted',
    ]);
    expect(JSON.stringify(events)).not.toContain('Richtigkeit');

    // The case team sees both in the journal, by the person's pseudonym and role, without the reason.
    const journal = (await tom('GET', `/api/v1/cases/${first.id}/journal`)).json().entries;
    const privacy = journal.filter((entry: { kind: string }) => entry.kind.startsWith('processing_'));
    expect(privacy.map((entry: { kind: string }) => entry.kind)).toEqual([
      'processing_restriction_lifted',
      'processing_restricted',
    ]);
    expect(privacy[1]).toMatchObject({
      text: null,
      facts: { personId: witnessId, personRole: 'witness' },
      person: { id: witnessId, role: 'witness' },
    });
    expect(JSON.stringify(privacy)).not.toContain('Richtigkeit');
  });
});
