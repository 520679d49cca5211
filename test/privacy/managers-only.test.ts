// Managers only, by every route, on both databases: a threat manager writes entries marked managers only
// (a journal meeting, a managers-only correction of a note everyone sees, a comment, a task and a document); an expert on the case's team then calls every GET route of the API that takes a case
// (found in the OpenAPI document, so a new route is checked without anyone adding it here), searches for
// the entries' words, reads their notices, and holds a live-update stream open while more are written. No
// answer and no event may carry a managers-only entry's text or id. The threat manager's own answers must
// carry them: the check would otherwise pass on an empty case.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../support/databases.ts';
import { documentUpload } from '../support/multipart.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../support/reporting-app.ts';

const SECRET = 'Quellenschutzwort';
const SECRET_TEXT = `Die Hinweisgeberin ist ${SECRET}, bitte nie nennen.`;

describe.each(databaseTargets())('managers-only entries on %s', (target) => {
  let reporting: ReportingApp;
  let caseId: string;
  const secretIds: string[] = [];
  const ids: Record<string, string> = {};
  const pathValues: Record<string, string> = {};

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
    const [report] = (await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins'])) as [
      string,
    ];
    caseId = (await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Vertraulich' })).json().id;
    expect((await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: ids.eve })).statusCode).toBe(200);
    const person = await tom('POST', `/api/v1/cases/${caseId}/persons`, { role: 'witness', name: 'Herr P.' });
    const open = await tom('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: 'Für alle sichtbar',
    });
    const secret = await tom('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'meeting',
      text: SECRET_TEXT,
      participants: `Tom, ${SECRET}`,
      managersOnly: true,
    });
    const correction = await tom('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: `Berichtigt: ${SECRET}`,
      correctsId: open.json().id,
      managersOnly: true,
    });
    const comment = await tom('POST', `/api/v1/cases/${caseId}/comments`, {
      text: `Unter uns: ${SECRET}`,
      managersOnly: true,
    });
    const task = await tom('POST', `/api/v1/cases/${caseId}/tasks`, {
      title: `Quelle ${SECRET} anrufen`,
      assigneeId: ids.tom,
      managersOnly: true,
    });
    const visibleComment = await tom('POST', `/api/v1/cases/${caseId}/comments`, { text: 'Für alle' });
    const upload = (json: unknown, text: string) => {
      const body = documentUpload('document', json, {
        name: 'notiz.txt',
        type: 'text/plain',
        bytes: Buffer.from(text),
      });
      return tom('POST', `/api/v1/cases/${caseId}/documents`, body.payload, body.headers);
    };
    const secretDocument = await upload({ title: `Vermerk ${SECRET}`, managersOnly: true }, SECRET_TEXT);
    const visibleDocument = await upload({ title: 'Aushang' }, 'Für alle');
    const assessment = await tom('POST', `/api/v1/cases/${caseId}/assessments`, {
      modelId: 'tma.core.warning-behaviours',
    });
    expect(assessment.statusCode, assessment.body).toBe(201);
    // A measure the expert takes part in: its plan is read by the whole team.
    const measure = await tom('POST', `/api/v1/cases/${caseId}/measures`, {
      typeKey: 'monitoring',
      description: 'Für alle sichtbar: die Lage beobachten',
      expertIds: [ids.eve],
    });
    expect(measure.statusCode, measure.body).toBe(201);
    for (const response of [
      person,
      open,
      secret,
      correction,
      comment,
      task,
      visibleComment,
      secretDocument,
      visibleDocument,
    ])
      expect(response.statusCode, response.body).toBe(201);
    secretIds.push(
      secret.json().id,
      correction.json().id,
      comment.json().id,
      task.json().id,
      secretDocument.json().id,
    );
    Object.assign(pathValues, {
      id: caseId,
      personId: person.json().id,
      userId: ids.eve as string,
      entryId: open.json().id,
      documentId: visibleDocument.json().id,
      version: '1',
      assessmentId: assessment.json().id,
    });
  });
  afterAll(async () => {
    await reporting?.close();
  });

  /** Every GET route of the API that takes a case id, with its path filled in. */
  function caseRoutes(): string[] {
    const document = reporting.t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    return Object.entries(document.paths)
      .filter(([path, operations]) => path.startsWith('/api/v1/cases/{id}') && 'get' in operations)
      .map(([path]) => path)
      .filter((path) => !path.endsWith('/events'))
      .map((path) =>
        path.replace(/\{(\w+)\}/g, (_, name: string) => {
          const value = pathValues[name];
          if (!value) throw new Error(`no value for {${name}} of ${path}: add it to pathValues`);
          return value;
        }),
      )
      .map((url) =>
        url.endsWith('/assessments/compare')
          ? `${url}?a=${pathValues.assessmentId}&b=${pathValues.assessmentId}`
          : url,
      );
  }

  const leaks = (body: string) => [SECRET, ...secretIds].filter((needle) => body.includes(needle));

  it('never gives an expert on the team a managers-only entry, by any case route', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const eve = await reporting.session('acme', 'eve@acme.example');
    const routes = caseRoutes();
    // The case page, journal, team, persons and more: a route list that shrank would make this pass emptily.
    expect(routes.length).toBeGreaterThanOrEqual(6);
    expect(routes).toContain(`/api/v1/cases/${caseId}/measures`);
    let seenByManager = '';
    for (const url of routes) {
      const forEve = await eve('GET', url);
      expect([200, 403], `${url}: ${forEve.body}`).toContain(forEve.statusCode);
      expect(leaks(forEve.body), url).toEqual([]);
      seenByManager += (await tom('GET', url)).body;
    }
    expect(leaks(seenByManager).sort()).toEqual([SECRET, ...secretIds].sort());
    // Filters of the journal, one kind at a time, the same.
    for (const kind of ['note', 'meeting', 'correction'])
      expect(leaks((await eve('GET', `/api/v1/cases/${caseId}/journal?kind=${kind}`)).body), kind).toEqual(
        [],
      );
  });

  it('finds nothing for an expert by a managers-only word, and tells her nothing of it', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const eve = await reporting.session('acme', 'eve@acme.example');
    expect((await tom('GET', `/api/v1/cases?q=${SECRET}`)).json().cases).toHaveLength(1);
    const search = await eve('GET', `/api/v1/cases?q=${SECRET}`);
    expect(search.statusCode).toBe(200);
    expect(search.json().cases).toEqual([]);
    for (const url of ['/api/v1/cases', '/api/v1/cases?mine=true', '/api/v1/notifications'])
      expect(leaks((await eve('GET', url)).body), url).toEqual([]);
  });

  it('sends an expert’s live stream no managers-only text or id', async () => {
    await reporting.t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(reporting.t.app.server.address() as AddressInfo).port}`;
    const login = await reporting.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'acme', email: 'eve@acme.example', password: PASSWORD },
    });
    const cookie = `tma_session=${login.cookies.find((c) => c.name === 'tma_session')?.value}`;
    const response = await fetch(`${base}/api/v1/cases/${caseId}/events`, { headers: { cookie } });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no stream');
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (pattern: string) => {
      const deadline = Date.now() + 2000;
      while (!received.includes(pattern)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${received}`);
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('event: ready');
    const tom = await reporting.session('acme', 'tom@acme.example');
    const more = await tom('POST', `/api/v1/cases/${caseId}/journal`, {
      kind: 'note',
      text: `Noch einmal ${SECRET}`,
      managersOnly: true,
    });
    secretIds.push(more.json().id);
    await readUntil('"part":"journal"');
    await reader.cancel();
    expect(leaks(received)).toEqual([]);
    const journal = (
      await (
        await reporting.session('acme', 'eve@acme.example')
      )('GET', `/api/v1/cases/${caseId}/journal`)
    ).body;
    expect(leaks(journal)).toEqual([]);
  });
});
