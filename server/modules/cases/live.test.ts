// Live updates of a case page over real HTTP on both databases: a change made by one user reaches every
// stream on the case as the part that changed (no content), a member taken off the team is told `revoked`
// and their stream ends, someone who may not see the case cannot open one, and closing the server ends
// every stream. Across two instances on PostgreSQL: test/browser/live-instances.test.ts.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import {
  openReportingApp,
  PASSWORD,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';

/** An open event stream: everything received so far, and a wait for what should come. */
interface Stream {
  status: number;
  text(): string;
  waitFor(pattern: string, timeoutMs?: number): Promise<void>;
  closed: Promise<void>;
  cancel(): Promise<void>;
}

async function openStream(url: string, cookie: string): Promise<Stream> {
  const response = await fetch(url, { headers: { cookie, accept: 'text/event-stream' } });
  let received = '';
  const waiting = new Set<() => void>();
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  const closed = (async () => {
    if (!reader) return;
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) break;
      received += decoder.decode(value, { stream: true });
      for (const wake of waiting) wake();
    }
  })();
  return {
    status: response.status,
    text: () => received,
    closed,
    cancel: async () => {
      await reader?.cancel().catch(() => {});
    },
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.includes(pattern)) {
            waiting.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiting.delete(check);
          reject(new Error(`no "${pattern}" within ${timeoutMs} ms; received: ${received}`));
        }, timeoutMs);
        waiting.add(check);
        check();
      });
    },
  };
}

describe.each(databaseTargets())('live updates of a case on %s', (target) => {
  let reporting: ReportingApp;
  let base: string;
  let caseId: string;
  const cookies: Record<string, string> = {};

  const login = async (email: string) => {
    const response = await reporting.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { tenant: 'acme', email, password: PASSWORD },
    });
    const token = response.cookies.find((c) => c.name === 'tma_session')?.value as string;
    return `tma_session=${token}`;
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target);
    await reporting.t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(reporting.t.app.server.address() as AddressInfo).port}`;
    const tom = await reporting.session('acme', 'tom@acme.example');
    const [report] = (await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins'])) as [
      string,
    ];
    caseId = (await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Live' })).json().id;
    for (const email of ['tom', 'eve', 'fay']) cookies[email] = await login(`${email}@acme.example`);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('tells every reader of the case what changed, ends a removed member’s stream, and refuses outsiders', async () => {
    const tom = await reporting.session('acme', 'tom@acme.example');
    const eveId = (
      await reporting.database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'eve@acme.example')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: eveId })).statusCode).toBe(200);

    const outsider = await fetch(`${base}/api/v1/cases/${caseId}/events`, {
      headers: { cookie: cookies.fay as string },
    });
    expect(outsider.status).toBe(404);
    expect((await outsider.json()).error.code).toBe('case_not_found');
    expect((await fetch(`${base}/api/v1/cases/${caseId}/events`)).status).toBe(401);

    const tomStream = await openStream(`${base}/api/v1/cases/${caseId}/events`, cookies.tom as string);
    const eveStream = await openStream(`${base}/api/v1/cases/${caseId}/events`, cookies.eve as string);
    expect(tomStream.status).toBe(200);
    await tomStream.waitFor('event: ready');
    await eveStream.waitFor('event: ready');

    const secret = 'LiveMarker-4471';
    expect(
      (await tom('POST', `/api/v1/cases/${caseId}/journal`, { kind: 'note', text: secret })).statusCode,
    ).toBe(201);
    await tomStream.waitFor('data: {"part":"journal"}');
    await eveStream.waitFor('data: {"part":"journal"}');
    // Ids and parts only: the stream never carries content.
    expect(tomStream.text() + eveStream.text()).not.toContain(secret);

    expect((await tom('DELETE', `/api/v1/cases/${caseId}/team/${eveId}`)).statusCode).toBe(200);
    await eveStream.waitFor('event: revoked');
    await eveStream.closed;
    await tomStream.waitFor('data: {"part":"team"}');
    expect(eveStream.text()).not.toContain('"part":"team"');

    // A signed-out session's stream ends with its next check.
    const again = await openStream(`${base}/api/v1/cases/${caseId}/events`, cookies.tom as string);
    await again.waitFor('event: ready');
    await reporting.t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { tma_session: (cookies.tom as string).split('=')[1] as string },
      headers: {
        'x-csrf-token': (
          await reporting.t.app.inject({
            method: 'GET',
            url: '/api/v1/auth/session',
            cookies: { tma_session: (cookies.tom as string).split('=')[1] as string },
          })
        ).json().csrfToken,
      },
    });
    await tom('POST', `/api/v1/cases/${caseId}/journal`, { kind: 'note', text: 'noch eine' });
    await again.waitFor('event: revoked');
    await again.closed;
    await tomStream.cancel();
  });

  it('ends open streams when the server closes, so a drain does not wait for them', async () => {
    const fresh = await login('tom@acme.example');
    const stream = await openStream(`${base}/api/v1/cases/${caseId}/events`, fresh);
    await stream.waitFor('event: ready');
    await reporting.t.app.close();
    await stream.closed;
  });
});
