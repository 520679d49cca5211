// The scenarios of `npm run bench`: each runs with autocannon against TMA and then, in the same run,
// against its bare counterpart (bench/bare-server.ts). Traffic goes only to 127.0.0.1, each run is
// bounded in time. A scenario TMA cannot serve yet is reported as not available, never approximated.
import { createHash } from 'node:crypto';
import autocannon from 'autocannon';
import type { CaseSearch } from '../server/modules/cases/case-list-store.ts';
import { documentTextDigest, smallUploadBody, uploadDocument } from './document-traffic.ts';
import type { ServerProcess } from './processes.ts';
import { solveProofs } from './proofs.ts';

export interface Measurement {
  /** Responses received (any status). */
  requests: number;
  seconds: number;
  /** Successful (2xx) responses per second: a 503 the bulkhead sheds is not served, however fast. */
  rps: number;
  /** Latency in milliseconds. */
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** The server process's resident set size before the run, and its peak during the run. */
  rssBeforeMiB: number | null;
  peakRssMiB: number | null;
  note?: string;
}

export type Outcome = Measurement | { unavailable: string };

export interface ScenarioResult {
  name: string;
  tma: Outcome;
  bare: Outcome | null;
}

export interface BenchContext {
  tma: ServerProcess;
  /** Wraps each TMA run (`--cpu-prof`: V8's profiler in TMA around it); by default runs it as it is. */
  aroundTma?: <T>(scenario: string, run: () => Promise<T>) => Promise<T>;
  bare: ServerProcess;
  /** `tma_session=…` of the threat manager, signed in before the scenarios. */
  cookie: string;
  /** That session's CSRF token, for the requests that change something (document upload). */
  csrf: string;
  login: { tenant: string; email: string; password: string };
  caseIds: string[];
  duration: number;
  connections: number;
  timeout: number;
  /** How many proofs of work to solve for the submission scenario (its most submissions). */
  proofs: number;
  /** The page of the case list to measure besides the first (500 by the issue). */
  deepPage: number;
  /** How many cases get a document before the download scenario (one each, on both servers). */
  documents: number;
  /** The search scenario's words, each with its blind-index entries in the tenant's key (for bare). */
  searches: Array<{ word: string; entries: CaseSearch }>;
  /** Waits until the TMA server has finished what the last run left in flight. */
  settle(): Promise<void>;
  log(line: string): void;
}

/** What to send to one server; `path` and the rest as autocannon takes them. */
interface Load {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Called for every request: a fresh path or body. */
  next?: () => { path?: string; body?: string };
  maxRequests?: number;
  note?: string;
}

interface Scenario {
  name: string;
  prepare(context: BenchContext): Promise<{ tma: Load | string; bare: Load | string | null; name?: string }>;
}

const json = { 'content-type': 'application/json' };
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

async function run(context: BenchContext, server: ServerProcess, load: Load): Promise<Measurement> {
  const rssBeforeMiB = server.rssMiB();
  server.resetPeak();
  const result = await autocannon({
    url: `${server.url}${load.path}`,
    connections: context.connections,
    duration: context.duration,
    timeout: context.timeout,
    method: load.method ?? 'GET',
    headers: load.headers ?? {},
    ...(load.body !== undefined ? { body: load.body } : {}),
    ...(load.maxRequests !== undefined ? { maxOverallRequests: load.maxRequests } : {}),
    ...(load.next
      ? {
          requests: [
            {
              setupRequest: (request) => {
                const next = load.next?.() ?? {};
                return { ...request, ...next };
              },
            },
          ],
        }
      : {}),
  });
  const peakRssMiB = server.peakRssMiB();
  const requests = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = stats.count ?? 0;
  return {
    requests,
    seconds: result.duration,
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    non2xx: result.non2xx,
    statusCodes,
    rssBeforeMiB,
    peakRssMiB,
    ...notesOf(load, requests, result.duration, context.duration),
  };
}

function notesOf(load: Load, requests: number, seconds: number, duration: number): { note?: string } {
  const notes = [load.note];
  if (requests === 0) notes.push('no response came back within the run');
  if (load.maxRequests !== undefined && requests >= load.maxRequests)
    notes.push(
      `all were used${seconds < duration - 0.5 ? ` after ${seconds.toFixed(1)} s` : ''}: the rate may be higher than measured (raise --proofs)`,
    );
  const note = notes.filter(Boolean).join('; ');
  return note ? { note } : {};
}

const signIn: Scenario = {
  name: 'sign-in (password)',
  async prepare({ login }) {
    const body = JSON.stringify(login);
    return {
      tma: { path: '/api/v1/auth/login', method: 'POST', headers: json, body },
      bare: { path: '/bare/login', method: 'POST', headers: json, body },
    };
  },
};

const caseRead: Scenario = {
  name: 'case read',
  async prepare({ cookie, caseIds }) {
    if (caseIds.length === 0) return { tma: 'not available — no cases generated', bare: null };
    return {
      tma: {
        path: `/api/v1/cases/${caseIds[0]}`,
        headers: { cookie },
        next: () => ({ path: `/api/v1/cases/${pick(caseIds)}` }),
      },
      bare: { path: `/bare/cases/${caseIds[0]}`, next: () => ({ path: `/bare/cases/${pick(caseIds)}` }) },
    };
  },
};

/** One list request, unloaded, before a timed run; retried while the bulkhead still sheds (503). */
async function listOnce(
  context: BenchContext,
  path: string,
): Promise<{ cases: Array<{ id: string }>; nextCursor?: string | null }> {
  const { tma, cookie } = context;
  let response = await fetch(`${tma.url}${path}`, { headers: { cookie } });
  for (let attempt = 1; response.status === 503 && attempt < 5; attempt++) {
    await context.settle();
    response = await fetch(`${tma.url}${path}`, { headers: { cookie } });
  }
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { cases: Array<{ id: string }>; nextCursor?: string | null };
}

const caseListFirst: Scenario = {
  name: 'case list, first page',
  async prepare({ cookie }) {
    return { tma: { path: '/api/v1/cases', headers: { cookie } }, bare: { path: '/bare/cases' } };
  },
};

/**
 * The list's 500th page (`--page`): the cursor is walked once, page by page with `nextCursor` passed back as
 * `after` (DESIGN.md, docs/api.md "Lists"), before the timed run, which then asks for that one page again
 * and again. Both servers use the same page size (TMA's default, 50), so page N is the same rows on both.
 */
const caseListDeep: Scenario = {
  name: 'case list, deep page',
  async prepare(context) {
    const { tma, bare, cookie, caseIds, deepPage } = context;
    // The first page once more, unloaded: what the pagination offers, and how long a page is.
    const body = await listOnce(context, '/api/v1/cases');
    const pageSize = Math.max(1, body.cases.length);
    const page = Math.max(2, Math.min(deepPage, Math.ceil(caseIds.length / pageSize)));
    const name = `case list, page ${page}`;
    const cursor = (await (await fetch(`${bare.url}/bare/cases/cursor?page=${page}`)).json()) as {
      after: string | null;
    };
    const bareLoad: Load = { path: `/bare/cases${cursor.after ? `?after=${cursor.after}` : ''}` };
    if (!('nextCursor' in body)) return { name, tma: 'not available — no pagination yet', bare: bareLoad };
    let after = body.nextCursor ?? null;
    let reached = 1;
    const deadline = Date.now() + 180_000;
    while (after && reached < page - 1 && Date.now() < deadline) {
      const response = await fetch(`${tma.url}/api/v1/cases?after=${encodeURIComponent(after)}`, {
        headers: { cookie },
      });
      if (!response.ok) throw new Error(`case list page ${reached + 1}: ${response.status}`);
      after = ((await response.json()) as { nextCursor?: string | null }).nextCursor ?? null;
      reached++;
    }
    if (!after) return { name, tma: `not available — the list ends at page ${reached}`, bare: bareLoad };
    return {
      name: `case list, page ${reached + 1}`,
      tma: {
        path: `/api/v1/cases?after=${encodeURIComponent(after)}`,
        headers: { cookie },
        ...(reached + 1 < page ? { note: `walking to page ${page} took too long` } : {}),
      },
      bare: bareLoad,
    };
  },
};

/**
 * Search: the first page of `GET /api/v1/cases?q=<word>`, one word per request, rotating over the
 * generator's search words (surnames of affected persons, each in about 2 % of the cases: generate.ts,
 * SEARCH_WORDS). Bare sends the same query over the blind-index terms with the entries the harness
 * computed with the tenant's key. Each word is asked once on both before the run: the note says how many
 * cases its first page holds (a database generated before persons existed finds none) and whether both
 * servers answered the same cases.
 */
const search: Scenario = {
  name: 'search',
  async prepare(context) {
    const { bare, cookie, searches } = context;
    if (searches.length === 0) return { tma: 'not available — no search words', bare: null };
    const tmaPath = (word: string) => `/api/v1/cases?q=${encodeURIComponent(word)}`;
    const barePath = ({ entries }: { entries: CaseSearch }) =>
      `/bare/cases?terms=${entries.words.flat().join(',')}` +
      `&words=${entries.words.flatMap((terms, word) => terms.map(() => word)).join(',')}`;
    const found: string[] = [];
    const differing: string[] = [];
    for (const term of searches) {
      const tmaPage = await listOnce(context, tmaPath(term.word));
      const barePage = (await (await fetch(`${bare.url}${barePath(term)}`)).json()) as {
        cases: Array<{ id: string }>;
      };
      found.push(`${term.word} ${tmaPage.cases.length}${tmaPage.nextCursor ? '+' : ''}`);
      const ids = (page: { cases: Array<{ id: string }> }) => page.cases.map((row) => row.id).join();
      if (ids(tmaPage) !== ids(barePage)) differing.push(term.word);
    }
    const empty = found.every((entry) => entry.endsWith(' 0'));
    const note = [
      `words rotated, cases on their first page: ${found.join(', ')}`,
      empty ? 'no case matches: a database generated before cases had persons?' : '',
      differing.length > 0 ? `bare answered other cases for ${differing.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    let tmaNext = 0;
    let bareNext = 0;
    const at = (i: number) => searches[i % searches.length] as (typeof searches)[number];
    return {
      tma: {
        path: tmaPath(at(0).word),
        headers: { cookie },
        next: () => ({ path: tmaPath(at(tmaNext++).word) }),
        note,
      },
      bare: { path: barePath(at(0)), next: () => ({ path: barePath(at(bareNext++)) }) },
    };
  },
};

/** A portal report as the browser sends it without attachments; anonymous, to the unit `de`. */
function submission(proof: string, index: number): string {
  return JSON.stringify({
    proof,
    language: 'de',
    unit: 'de',
    anonymous: true,
    formVersion: '1.0.0',
    answers: {
      immediate_danger: 'no',
      description: `Benchmark submission ${index}: Herr K. hat in der Kantine gesagt, er werde es allen zeigen.`,
      warning_signs: ['threat'],
    },
  });
}

const reportSubmission: Scenario = {
  name: 'report submission (portal)',
  async prepare(context) {
    const { tma, login, proofs: count } = context;
    const started = performance.now();
    const proofs = await solveProofs(tma.url, login.tenant, count);
    context.log(
      `  solved ${proofs.length} proofs of work in ${((performance.now() - started) / 1000).toFixed(1)} s (not timed)`,
    );
    let used = 0;
    const path = `/api/v1/portal/${login.tenant}/reports`;
    return {
      tma: {
        path,
        method: 'POST',
        headers: json,
        body: submission(proofs[0] as string, 0),
        next: () => ({ body: submission(proofs[Math.min(used++, proofs.length - 1)] as string, used) }),
        maxRequests: proofs.length,
        note: `at most ${proofs.length} submissions (proofs solved beforehand)`,
      },
      bare: {
        path: `/bare/portal/${login.tenant}/reports`,
        method: 'POST',
        headers: json,
        body: submission('none', 0),
      },
    };
  },
};

/** The document of the document scenarios: a text file of 100 KiB, the size of a few pages of notes. */
const DOCUMENT_BYTES = 100 * 1024;
const DOCUMENT_NAME = 'call-notes.txt';

/**
 * Document upload: every request a multipart upload of the same 100 KiB text file (autocannon sends a fixed
 * body) as a new document of a random case. TMA sniffs it, checks it is UTF-8, encrypts it with the case's
 * key into the blob store and records the document, its version, a journal entry and the audit event; bare
 * parses the same multipart body and inserts the bytes into its own tables (a blob row, 64 KiB chunk rows,
 * a document row) after checking the case exists.
 */
const documentUpload: Scenario = {
  name: 'document upload',
  async prepare({ cookie, csrf, caseIds }) {
    if (caseIds.length === 0) return { tma: 'not available — no cases generated', bare: null };
    const { body, contentType } = smallUploadBody(DOCUMENT_BYTES, DOCUMENT_NAME, 'Call notes');
    const tmaPath = (id: string) => `/api/v1/cases/${id}/documents`;
    const barePath = (id: string) => `/bare/cases/${id}/documents`;
    return {
      tma: {
        path: tmaPath(caseIds[0] as string),
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': contentType },
        body,
        next: () => ({ path: tmaPath(pick(caseIds)) }),
        note: `${DOCUMENT_BYTES / 1024} KiB text file, a new document of a random case per request`,
      },
      bare: {
        path: barePath(caseIds[0] as string),
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
        next: () => ({ path: barePath(pick(caseIds)) }),
      },
    };
  },
};

/** Runs `task` over `items`, `lanes` at a time. */
async function inLanes<T>(items: readonly T[], lanes: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

/**
 * Document download: before the run, one 100 KiB text document is uploaded to each of `--documents` random
 * cases on both servers (through their upload endpoints, not timed) and one download of each server is
 * checked against the bytes sent; the run then downloads a random one of them per request. TMA checks
 * access, records the audit event, reads the encrypted chunks and decrypts them as it sends; bare selects
 * the chunks and sends them.
 */
const documentDownload: Scenario = {
  name: 'document download',
  async prepare(context) {
    const { tma, bare, cookie, csrf, caseIds } = context;
    if (caseIds.length === 0) return { tma: 'not available — no cases generated', bare: null };
    const count = Math.min(context.documents, caseIds.length);
    const cases = [...caseIds].sort(() => Math.random() - 0.5).slice(0, count);
    const { body, contentType } = smallUploadBody(DOCUMENT_BYTES, DOCUMENT_NAME, 'Call notes');
    const started = performance.now();
    const tmaPaths: string[] = [];
    const barePaths: string[] = [];
    await inLanes(cases, 4, async (caseId) => {
      const uploaded = await uploadDocument(tma.url, { cookie, csrf }, caseId, DOCUMENT_BYTES, {
        fileName: DOCUMENT_NAME,
        title: 'Call notes',
      });
      if (uploaded.status !== 201) throw new Error(`document upload: ${uploaded.status} ${uploaded.body}`);
      const { id } = JSON.parse(uploaded.body) as { id: string };
      tmaPaths.push(`/api/v1/cases/${caseId}/documents/${id}/versions/1/content`);
      const bareUpload = await fetch(`${bare.url}/bare/cases/${caseId}/documents`, {
        method: 'POST',
        headers: { 'content-type': contentType },
        body,
      });
      if (bareUpload.status !== 201) throw new Error(`bare document upload: ${bareUpload.status}`);
      const bareDocument = (await bareUpload.json()) as { id: string };
      barePaths.push(`/bare/cases/${caseId}/documents/${bareDocument.id}/content`);
    });
    const expected = documentTextDigest(DOCUMENT_BYTES);
    const digest = async (url: string, headers: Record<string, string>) => {
      const response = await fetch(url, { headers });
      const bytes = Buffer.from(await response.arrayBuffer());
      return createHash('sha256').update(bytes).digest('hex');
    };
    const same = [
      (await digest(`${tma.url}${tmaPaths[0]}`, { cookie })) === expected ? '' : 'TMA',
      (await digest(`${bare.url}${barePaths[0]}`, {})) === expected ? '' : 'bare',
    ].filter(Boolean);
    context.log(
      `  uploaded ${count} documents of ${DOCUMENT_BYTES / 1024} KiB to each server in ` +
        `${((performance.now() - started) / 1000).toFixed(1)} s (not timed)`,
    );
    const note =
      `${count} documents of ${DOCUMENT_BYTES / 1024} KiB, a random one per request` +
      (same.length > 0 ? `; ${same.join(' and ')} sent other bytes than were uploaded` : '');
    return {
      tma: {
        path: tmaPaths[0] as string,
        headers: { cookie },
        next: () => ({ path: pick(tmaPaths) }),
        note,
      },
      bare: { path: barePaths[0] as string, next: () => ({ path: pick(barePaths) }) },
    };
  },
};

export const scenarios: Scenario[] = [
  signIn,
  caseRead,
  caseListFirst,
  caseListDeep,
  reportSubmission,
  search,
  documentUpload,
  documentDownload,
];

/** Runs every scenario (or those whose name contains one of `only`), TMA then bare, one after the other. */
export async function runScenarios(context: BenchContext, only: string[] = []): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) {
    if (only.length > 0 && !only.some((part) => scenario.name.includes(part))) continue;
    // What the last run left in flight is done before anything of this scenario is asked.
    await context.settle();
    const prepared = await scenario.prepare(context);
    const name = prepared.name ?? scenario.name;
    context.log(`${name} …`);
    const outcome = async (server: ServerProcess, load: Load | string | null): Promise<Outcome | null> => {
      if (load === null) return null;
      if (typeof load === 'string') return { unavailable: load };
      await context.settle();
      return run(context, server, load);
    };
    const around = context.aroundTma ?? (<T>(_: string, run: () => Promise<T>) => run());
    const tma = (await around(name, () => outcome(context.tma, prepared.tma))) as Outcome;
    const bare = await outcome(context.bare, prepared.bare);
    results.push({ name, tma, bare });
  }
  return results;
}
