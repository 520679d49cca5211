// Assessment models and assessments through the HTTP API on both databases: the shipped models are in every
// organisation's registry; a published version never changes (409, and the database refuses it too); a new
// minor version with a changed rule is checked against its fixtures and the semantic-version rules before it
// is published; an assessment is pinned to its version, suggests live with the rule that fired, takes a final
// judgement that must explain a departure, becomes immutable and sets the case's level; re-assessing under a
// newer version supersedes it; a retired version's assessments still render; answers, notes and rationales
// are sealed; only threat managers and experts of the listed specialties take part (row-level security too).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { runAssessmentReviewReminders } from '../../jobs/assessment-reviews.ts';
import { createUser } from '../identity/service.ts';
import { setUserUnits } from '../units/service.ts';

const WB = 'tma.core.warning-behaviours';
const NOTE_MARKER = 'NoteMarker-4471 asked about the badge of the finance floor';
const RATIONALE_MARKER = 'RationaleMarker-8812 preparation without means';
const DEVIATION_MARKER = 'DeviationMarker-3390 the colleague is back in therapy';

describe.each(databaseTargets())('assessments on %s', (target) => {
  let reporting: ReportingApp;
  let tom: SignedInCall;
  let tessa: SignedInCall;
  let eve: SignedInCall;
  let paula: SignedInCall;
  let caseId: string;

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    const tenantId = reporting.tenants.acme as string;
    await createUser(
      reporting.database,
      tenantId,
      { email: 'paula@acme.example', role: 'expert', password: PASSWORD, specialty: 'psychology' },
      { kind: 'operator' },
    );
    await setUserUnits(
      reporting.database,
      tenantId,
      { email: 'paula@acme.example' },
      { slugs: ['de'] },
      { kind: 'operator' },
    );
    tom = await reporting.session('acme', 'tom@acme.example');
    tessa = await reporting.session('acme', 'tessa@acme.example');
    eve = await reporting.session('acme', 'eve@acme.example');
    paula = await reporting.session('acme', 'paula@acme.example');
    const [report] = await recordPhoneReports(tom, reporting.units['acme/de'] as string, [
      'Drohung in der Kantine',
    ]);
    const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Kantine' });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    const users = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('users').select(['id', 'email']).execute(),
    );
    for (const email of ['eve@acme.example', 'paula@acme.example']) {
      const userId = users.find((user) => user.email === email)?.id;
      const added = await tom('POST', `/api/v1/cases/${caseId}/team`, { userId });
      expect(added.statusCode, added.body).toBe(200);
    }
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('gives every organisation the shipped models, active, and lets only threat managers and admins change them', async () => {
    const list = await tom('GET', '/api/v1/assessment-models');
    expect(list.statusCode, list.body).toBe(200);
    const models = list.json().models as Array<{ modelId: string; activeVersion: string }>;
    expect(models.map((model) => model.modelId)).toEqual(
      expect.arrayContaining([WB, 'tma.core.structured-inquiry']),
    );
    expect(models.find((model) => model.modelId === WB)?.activeVersion).toBe('1.0.0');
    expect(list.json().can).toEqual({ read: true, manage: true });
    expect((await eve('GET', '/api/v1/assessment-models')).json().can).toEqual({ read: true, manage: false });
    // A new model of the organisation, started from a shipped one.
    const copied = await tom('POST', `/api/v1/assessment-models/${WB}/versions/1.0.0/copy`, {
      modelId: 'acme.workplace',
      title: { en: 'Our workplace checklist', de: 'Unsere Checkliste' },
    });
    expect(copied.statusCode, copied.body).toBe(201);
    expect(copied.json()).toMatchObject({
      modelId: 'acme.workplace',
      version: '1.0.0',
      status: 'draft',
      origin: 'organisation',
      definition: { supersedes: null, changelog: [{ version: '1.0.0', bump: 'major' }] },
      check: { problems: [], publishable: true },
    });
    const again = await tom('POST', `/api/v1/assessment-models/${WB}/versions/1.0.0/copy`, {
      modelId: 'acme.workplace',
      title: { en: 'Twice', de: 'Zweimal' },
    });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'model_exists']);
    expect((await tom('DELETE', '/api/v1/assessment-models/acme.workplace/versions/1.0.0')).statusCode).toBe(
      204,
    );
    const refused = await eve('POST', `/api/v1/assessment-models/${WB}/drafts`, {
      from: '1.0.0',
      version: '1.1.0',
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'models_not_allowed']);
  });

  it('never changes a published version: 409 through the API, and the database refuses it as well', async () => {
    const active = (await tom('GET', `/api/v1/assessment-models/${WB}/versions/1.0.0`)).json();
    expect(active.status).toBe('active');
    expect(active.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    const changed = { ...active.definition, title: { en: 'Changed', de: 'Geändert' } };
    const put = await tom('PUT', `/api/v1/assessment-models/${WB}/versions/1.0.0`, { definition: changed });
    expect([put.statusCode, put.json().error.code]).toEqual([409, 'model_version_published']);
    const tenantId = reporting.tenants.acme as string;
    await expect(
      withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
        sql`UPDATE assessment_models SET definition = '{}' WHERE model_id = ${WB} AND version = '1.0.0'`.execute(
          trx,
        ),
      ),
    ).rejects.toThrow(/frozen/);
  });

  it('refuses a model with an operator outside the whitelist, naming where it is', async () => {
    const active = (await tom('GET', `/api/v1/assessment-models/${WB}/versions/1.0.0`)).json().definition;
    const evil = {
      ...active,
      modelId: 'acme.evil',
      rules: [
        { ...active.rules[0], when: { and: [true, { method: ['answers', 'constructor'] }] } },
        ...active.rules.slice(1),
      ],
    };
    const imported = await tom('POST', '/api/v1/assessment-models', { definition: evil });
    expect(imported.statusCode).toBe(422);
    expect(imported.json().error.code).toBe('model_invalid');
    expect(imported.json().error.fields).toContainEqual({
      path: 'rules.0.when.and.1.method',
      message: expect.stringContaining('may not use'),
    });
  });

  it('blocks the export of a proprietary model and exports the shipped ones as JSON and FHIR', async () => {
    const active = (await tom('GET', `/api/v1/assessment-models/${WB}/versions/1.0.0`)).json().definition;
    const licensed = {
      ...active,
      modelId: 'acme.licensed',
      finalJudgement: { ...active.finalJudgement, overrideRequiresSecondReviewer: true },
      license: { type: 'proprietary', holder: 'ACME', redistributable: false, exportAllowed: false },
    };
    const imported = await tom('POST', '/api/v1/assessment-models', { definition: licensed, publish: true });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ status: 'active', origin: 'organisation', exportAllowed: false });
    const blocked = await tom('GET', '/api/v1/assessment-models/acme.licensed/versions/1.0.0/export');
    expect([blocked.statusCode, blocked.json().error.code]).toEqual([403, 'model_export_blocked']);
    const json = await tom('GET', `/api/v1/assessment-models/${WB}/versions/1.0.0/export`);
    expect(json.statusCode).toBe(200);
    expect(JSON.parse(json.body)).toMatchObject({ modelId: WB, version: '1.0.0' });
    const fhir = await tom(
      'GET',
      `/api/v1/assessment-models/${WB}/versions/1.0.0/export?format=fhir&language=de`,
    );
    expect(JSON.parse(fhir.body)).toMatchObject({ resourceType: 'Questionnaire', version: '1.0.0' });
    // The other organisation sees none of it.
    const gil = await reporting.session('globex', 'gil@globex.example');
    const theirs = (await gil('GET', '/api/v1/assessment-models'))
      .json()
      .models.map((m: { modelId: string }) => m.modelId);
    expect(theirs).not.toContain('acme.licensed');
  });

  it('pins an assessment to its version, suggests live, and takes a judgement that explains a departure', async () => {
    const started = await tom('POST', `/api/v1/cases/${caseId}/assessments`, { modelId: WB });
    expect(started.statusCode, started.body).toBe(201);
    const assessment = started.json();
    expect(assessment.model).toMatchObject({
      modelId: WB,
      version: '1.0.0',
      contentHash: expect.stringMatching(/^sha256:/),
    });
    // Nothing answered yet: too little information, never L1.
    expect(assessment.computed.flags).toContain('INSUFFICIENT_INFO');
    expect(assessment.suggestedLevel).toBe('L2');

    const url = `/api/v1/cases/${caseId}/assessments/${assessment.id}`;
    const allAbsent = Object.fromEntries(
      assessment.definition.sections.flatMap((section: { items: Array<{ itemId: string; scale: string }> }) =>
        section.items.map((item) => [
          item.itemId,
          { value: item.scale === 'protective' ? 'none' : 'absent' },
        ]),
      ),
    );
    const answered = await paula('PUT', `${url}/answers`, {
      answers: { ...allAbsent, pathway: { value: 'present', trend: 'new', note: NOTE_MARKER } },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().suggestedLevel).toBe('L3');
    expect(answered.json().computed.fired.map((rule: { id: string }) => rule.id)).toContain('R3-proximal');

    const bad = await tom('PUT', `${url}/answers`, { answers: { pathway: { value: 'maybe' } } });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'assessment_answers_invalid']);

    // Experts answer; the case's threat managers decide.
    const byExpert = await paula('POST', `${url}/finalise`, { level: 'L3', rationale: 'x', scenarios: [] });
    expect(byExpert.statusCode).toBe(403);
    const unexplained = await tom('POST', `${url}/finalise`, {
      level: 'L2',
      rationale: RATIONALE_MARKER,
      scenarios: [],
    });
    expect([unexplained.statusCode, unexplained.json().error.code]).toEqual([
      422,
      'judgement_deviation_unexplained',
    ]);
    const final = await tom('POST', `${url}/finalise`, {
      level: 'L2',
      rationale: RATIONALE_MARKER,
      deviationReason: DEVIATION_MARKER,
      scenarios: ['Confrontation at the team meeting'],
    });
    expect(final.statusCode, final.body).toBe(200);
    expect(final.json()).toMatchObject({
      status: 'final',
      finalLevel: 'L2',
      suggestedLevel: 'L3',
      agreesWithSuggestion: false,
    });
    expect(final.json().nextReviewOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).json().level).toBe(2);
    const kinds = (await tom('GET', `/api/v1/cases/${caseId}/journal`))
      .json()
      .entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['assessment_started', 'assessment_finalised']));

    const again = await tom('PUT', `${url}/answers`, { answers: allAbsent });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'assessment_final']);
  });

  it('publishes a new minor version with a changed rule only when its fixtures and version rules hold, then re-assesses', async () => {
    const draft = await tom('POST', `/api/v1/assessment-models/${WB}/drafts`, {
      from: '1.0.0',
      version: '1.1.0',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    const definition = draft.json().definition;
    // Two distal factors no longer suffice for L2: three are needed.
    const rules = definition.rules.map((rule: { id: string; when: unknown }) =>
      rule.id === 'R2-context'
        ? {
            ...rule,
            when: JSON.parse(JSON.stringify(rule.when).replace('"distalPositive"},2', '"distalPositive"},3')),
          }
        : rule,
    );
    const put = await tom('PUT', `/api/v1/assessment-models/${WB}/versions/1.1.0`, {
      definition: { ...definition, rules },
    });
    expect(put.statusCode, put.body).toBe(200);
    const check = put.json().check;
    expect(check.diff.required).toBe('minor');
    expect(check.diff.changes).toContainEqual(
      expect.objectContaining({ op: 'changeRule', target: 'R2-context' }),
    );
    // affectsSuggestion is still false in the drafted changelog entry, and a fixture expecting L2 for two
    // distal factors now fails: not publishable.
    const refused = await tom('POST', `/api/v1/assessment-models/${WB}/versions/1.1.0/publish`);
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'model_not_publishable']);
    const paths = refused.json().error.fields.map((field: { path: string }) => field.path);
    expect(paths).toContain('changelog.0.affectsSuggestion');

    const fixtures = definition.fixtures.map(
      (fixture: { expect: { suggestedLevel: string }; id: string }) => {
        const outcome = check.fixtures.find((result: { id: string }) => result.id === fixture.id);
        return outcome.passed
          ? fixture
          : {
              ...fixture,
              expect: { suggestedLevel: outcome.actual, flags: outcome.flags },
            };
      },
    );
    const changelog = [
      {
        ...definition.changelog[0],
        affectsSuggestion: true,
        summary: { en: 'R2 needs three context factors.', de: 'R2 braucht drei Kontextfaktoren.' },
        changes: [{ op: 'changeRule', ruleId: 'R2-context' }],
      },
      ...definition.changelog.slice(1),
    ];
    const fixed = await tom('PUT', `/api/v1/assessment-models/${WB}/versions/1.1.0`, {
      definition: { ...definition, rules, fixtures, changelog },
    });
    expect(fixed.json().check.problems).toEqual([]);
    const published = await tom('POST', `/api/v1/assessment-models/${WB}/versions/1.1.0/publish`);
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({
      status: 'active',
      contentHash: expect.stringMatching(/^sha256:/),
    });
    const old = (await tom('GET', `/api/v1/assessment-models/${WB}/versions/1.0.0`)).json();
    expect(old.status).toBe('retired');

    const list = (await tom('GET', `/api/v1/cases/${caseId}/assessments`)).json();
    const previous = list.assessments.find((a: { status: string }) => a.status === 'final');
    const reassessed = await tom('POST', `/api/v1/cases/${caseId}/assessments`, {
      modelId: WB,
      supersedes: previous.id,
    });
    expect(reassessed.statusCode, reassessed.body).toBe(201);
    expect(reassessed.json()).toMatchObject({ model: { version: '1.1.0' }, supersedesId: previous.id });
    expect(reassessed.json().answers.pathway).toMatchObject({ value: 'present', note: NOTE_MARKER });

    // Compared: item by item, with the old answers re-scored under 1.1.0's rules (derived, not stored).
    const compared = await tom(
      'GET',
      `/api/v1/cases/${caseId}/assessments/compare?a=${reassessed.json().id}&b=${previous.id}`,
    );
    expect(compared.statusCode, compared.body).toBe(200);
    expect(compared.json()).toMatchObject({
      older: { id: previous.id, finalLevel: 'L2' },
      newer: { id: reassessed.json().id, status: 'draft' },
      basis: 'items',
      rescored: { version: '1.1.0', suggestedLevel: 'L3' },
    });
    expect(compared.json().items.find((item: { key: string }) => item.key === 'pathway')).toMatchObject({
      older: { value: 'present' },
      newer: { value: 'present' },
      comparable: true,
      changed: false,
    });

    // Decided under 1.1.0 with the review due today: on the due list, and the owner is reminded once a day.
    const today = new Date().toISOString().slice(0, 10);
    const decided = await tom(
      'POST',
      `/api/v1/cases/${caseId}/assessments/${reassessed.json().id}/finalise`,
      {
        level: 'L3',
        rationale: 'Preparation is present.',
        scenarios: [],
        nextReviewOn: today,
      },
    );
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'final',
      agreesWithSuggestion: true,
      nextReviewOn: today,
    });
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).json().level).toBe(3);
    const due = (await tom('GET', '/api/v1/assessments/due')).json().reviews;
    expect(due).toEqual([
      expect.objectContaining({
        caseId,
        dueOn: today,
        overdue: false,
        level: 3,
        assessmentId: reassessed.json().id,
      }),
    ]);
    expect((await eve('GET', '/api/v1/assessments/due')).json().reviews).toEqual([]);
    expect((await tom('GET', '/api/v1/assessments/due?within=7')).json().reviews).toHaveLength(1);
    expect((await tom('GET', '/api/v1/assessments/due?within=91')).statusCode).toBe(400);
    expect(await runAssessmentReviewReminders(reporting.database, new Date())).toBe(1);
    expect(await runAssessmentReviewReminders(reporting.database, new Date())).toBe(0);
    const notices = (await tom('GET', '/api/v1/notifications')).json();
    expect(JSON.stringify(notices)).toContain('case.assessment_due');

    // The retired version's assessment still renders with its own definition.
    const rendered = (await tom('GET', `/api/v1/cases/${caseId}/assessments/${previous.id}`)).json();
    expect(rendered).toMatchObject({
      model: { version: '1.0.0' },
      status: 'final',
      supersededById: reassessed.json().id,
    });
    expect(rendered.definition.version).toBe('1.0.0');
    expect(rendered.judgement).toMatchObject({
      rationale: RATIONALE_MARKER,
      deviationReason: DEVIATION_MARKER,
    });
  });

  it('waits for a second threat manager where the organisation wants four eyes for the level', async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    const settings = (await ada('GET', '/api/v1/assessment-settings')).json();
    expect(settings.signOffLevels).toEqual([]);
    await ada('PUT', '/api/v1/assessment-settings', { ...settings, signOffLevels: ['L4'] });
    const list = (await tom('GET', `/api/v1/cases/${caseId}/assessments`)).json();
    const latest = list.assessments.find((a: { status: string }) => a.status === 'final');
    const started = (
      await tom('POST', `/api/v1/cases/${caseId}/assessments`, { modelId: WB, supersedes: latest.id })
    ).json();
    const url = `/api/v1/cases/${caseId}/assessments/${started.id}`;
    // The model wants every positive warning behaviour supported by a note or evidence.
    const unsupported = { ...started.answers, leakage: { value: 'partial' } };
    expect((await tom('PUT', `${url}/answers`, { answers: unsupported })).statusCode).toBe(200);
    const refused = await tom('POST', `${url}/finalise`, {
      level: 'L4',
      rationale: 'A date was named.',
      deviationReason: 'The reporter named the day of the meeting.',
      scenarios: [],
    });
    expect([refused.statusCode, refused.json().error.code]).toEqual([422, 'assessment_evidence_missing']);
    expect(refused.json().error.fields).toEqual([{ path: 'answers.leakage', message: expect.any(String) }]);
    const supported = { ...unsupported, leakage: { value: 'partial', note: 'Told a colleague at lunch.' } };
    expect((await tom('PUT', `${url}/answers`, { answers: supported })).statusCode).toBe(200);
    const decided = await tom('POST', `${url}/finalise`, {
      level: 'L4',
      rationale: 'A date was named.',
      deviationReason: 'The reporter named the day of the meeting.',
      scenarios: [],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({
      status: 'awaiting_sign_off',
      finalLevel: 'L4',
      can: { signOff: false },
    });
    // Not final yet: the case keeps its level; the one who decided does not sign off.
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).json().level).toBe(3);
    const self = await tom('POST', `${url}/sign-off`);
    expect([self.statusCode, self.json().error.code]).toEqual([403, 'assessment_not_allowed']);
    expect((await tessa('GET', url)).json().can).toMatchObject({ signOff: true, returnToDraft: true });
    // Tessa disagrees: back to a draft, the answers kept; Tom decides again.
    const returned = await tessa('POST', `${url}/return`);
    expect(returned.json()).toMatchObject({ status: 'draft', finalLevel: null, judgement: null });
    expect(
      (
        await tom('POST', `${url}/finalise`, {
          level: 'L4',
          rationale: 'A date was named, confirmed by a second source.',
          deviationReason: 'The reporter named the day of the meeting.',
          scenarios: [],
        })
      ).json().status,
    ).toBe('awaiting_sign_off');
    const signed = await tessa('POST', `${url}/sign-off`);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'final', signedOffBy: { name: expect.any(String) } });
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).json().level).toBe(4);
    await ada('PUT', '/api/v1/assessment-settings', { ...settings, signOffLevels: [] });
  });

  it('lets only threat managers and experts of the listed specialties see assessments, in the database too', async () => {
    const asEve = await eve('GET', `/api/v1/cases/${caseId}/assessments`);
    expect([asEve.statusCode, asEve.json().error?.code]).toEqual([403, 'assessment_not_allowed']);
    expect((await paula('GET', `/api/v1/cases/${caseId}/assessments`)).statusCode).toBe(200);
    expect((await tessa('GET', `/api/v1/cases/${caseId}/assessments`)).statusCode).toBe(200);
    const tenantId = reporting.tenants.acme as string;
    const users = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      trx.selectFrom('users').select(['id', 'email']).execute(),
    );
    const idOf = (email: string) => users.find((user) => user.email === email)?.id as string;
    const visible = (email: string) =>
      withTenant(reporting.database, { tenantId, userId: idOf(email) }, (trx) =>
        trx.selectFrom('assessments').select('id').where('case_id', '=', caseId).execute(),
      );
    expect((await visible('eve@acme.example')).length).toBe(0);
    expect((await visible('paula@acme.example')).length).toBeGreaterThan(0);
    // The organisation lets HR experts in as well: Eve now takes part.
    const ada = await reporting.session('acme', 'ada@acme.example');
    const settings = (await ada('GET', '/api/v1/assessment-settings')).json();
    const changed = await ada('PUT', '/api/v1/assessment-settings', {
      ...settings,
      expertSpecialties: ['psychology', 'hr'],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await visible('eve@acme.example')).length).toBeGreaterThan(0);

    // A licensed instrument's result, mapped by the organisation's level map, joins the timeline. Recorded
    // for yesterday, it is older than the last judgement: the case keeps that judgement's level.
    const instruments = await ada('PUT', '/api/v1/assessment-settings', {
      ...changed.json(),
      externalInstruments: [
        {
          key: 'dyrias',
          name: 'DyRiAS-Arbeitsplatz',
          levelMap: [
            { result: '0', label: 'kein Risiko', level: 'L1' },
            { result: '4', label: 'hohes Risiko', level: 'L4' },
          ],
        },
      ],
    });
    expect(instruments.statusCode, instruments.body).toBe(200);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const external = {
      instrument: 'dyrias',
      instrumentVersion: '2.1',
      assessedOn: yesterday,
      result: '0',
      assessor: 'Dr. Extern',
    };
    const byExpert = await paula('POST', `/api/v1/cases/${caseId}/external-assessments`, external);
    expect(byExpert.statusCode).toBe(403);
    const unknown = await tom('POST', `/api/v1/cases/${caseId}/external-assessments`, {
      ...external,
      result: '9',
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'instrument_result_unknown']);
    const recorded = await tom('POST', `/api/v1/cases/${caseId}/external-assessments`, external);
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({
      kind: 'external',
      status: 'final',
      finalLevel: 'L1',
      model: null,
      external: {
        instrumentName: 'DyRiAS-Arbeitsplatz',
        result: '0',
        assessor: 'Dr. Extern',
        assessedOn: yesterday,
      },
    });
    expect((await tom('GET', `/api/v1/cases/${caseId}`)).json().level).toBe(4);
    const kinds = (await tom('GET', `/api/v1/cases/${caseId}/assessments`))
      .json()
      .assessments.map((assessment: { kind: string }) => assessment.kind);
    expect(kinds).toContain('external');

    // The case report prints the decided assessments for whoever takes part in them.
    const report = await tom('POST', `/api/v1/cases/${caseId}/report`, { language: 'en' });
    expect(report.statusCode).toBe(200);
    const text = await pdfText(report.rawPayload);
    expect(text).toContain('Assessment: Warning behaviours');
    expect(text).toContain('External result: DyRiAS-Arbeitsplatz');
    expect(text).toContain('RationaleMarker-8812');
    expect(text).toContain('Why it departs from the suggestion');

    // A model may want a second threat manager for any judgement that departs from its suggestion.
    const strict = (
      await tom('POST', `/api/v1/cases/${caseId}/assessments`, { modelId: 'acme.licensed' })
    ).json();
    expect(strict.suggestedLevel).toBe('L2');
    const departing = await tom('POST', `/api/v1/cases/${caseId}/assessments/${strict.id}/finalise`, {
      level: 'L3',
      rationale: 'Nothing answered yet, but the situation is serious.',
      deviationReason: 'The team knows more than the answers say.',
      scenarios: [],
    });
    expect(departing.json()).toMatchObject({ status: 'awaiting_sign_off' });
    expect((await tom('POST', `/api/v1/cases/${caseId}/assessments/${strict.id}/return`)).json().status).toBe(
      'draft',
    );
    expect((await tom('DELETE', `/api/v1/cases/${caseId}/assessments/${strict.id}`)).statusCode).toBe(204);
  });

  it('keeps answers, notes and rationales out of the database in clear', async () => {
    const tenantId = reporting.tenants.acme as string;
    const rows = await withTenant(reporting.database, { tenantId, userId: null }, (trx) =>
      sql<{ dump: string }>`SELECT row_to_json(a)::text AS dump FROM assessments a`.execute(trx),
    );
    const dump = rows.rows.map((row) => row.dump).join('\n');
    expect(dump.length).toBeGreaterThan(0);
    for (const marker of [
      NOTE_MARKER,
      RATIONALE_MARKER,
      DEVIATION_MARKER,
      'Confrontation at the team meeting',
      '"present"',
      'Dr. Extern',
    ])
      expect(dump).not.toContain(marker);
  });
});
