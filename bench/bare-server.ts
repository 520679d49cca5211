// The bare counterpart of each TMA scenario: plain Fastify and a pg pool sending the same SQL as TMA's
// handler, without authentication, row-level security, unit scope, encryption or audit. It shows what the
// request would cost with nothing but the data access, on the same database in the same run.
// Started by bench/run.ts in a child process (so its memory is its own); settings from the environment:
//   BARE_DATABASE_URL  the bench database (as its owner: no row-level security applies)
//   BARE_TENANT_ID     the bench tenant
//   BARE_POOL_SIZE     connections in the pool (default 10, like TMA's)
// Writes go to tables of its own (schema bench_bare, copies of TMA's tables with their indexes and
// checks, no foreign keys; a documents table of its own), created at start and dropped at stop, so TMA's
// data stays TMA's.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import pg from 'pg';

const url = process.env.BARE_DATABASE_URL;
const tenantId = process.env.BARE_TENANT_ID;
if (!url || !tenantId) throw new Error('BARE_DATABASE_URL and BARE_TENANT_ID are required');
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BARE_POOL_SIZE ?? 10) });
// TMA's default page of the case list (server/db/page.ts), so page N holds the same rows on both.
const PAGE_SIZE = Number(process.env.BARE_PAGE_SIZE ?? 50);

await pool.query(`
  DROP SCHEMA IF EXISTS bench_bare CASCADE;
  CREATE SCHEMA bench_bare;
  CREATE TABLE bench_bare.sessions (LIKE public.sessions INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
  CREATE TABLE bench_bare.reports (LIKE public.reports INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
  CREATE TABLE bench_bare.tenant_counters (LIKE public.tenant_counters INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
  CREATE TABLE bench_bare.document_blobs (LIKE public.document_blobs INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES);
  CREATE TABLE bench_bare.document_blob_chunks (LIKE public.document_blob_chunks INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES INCLUDING STORAGE);
  CREATE TABLE bench_bare.case_documents (
    id uuid PRIMARY KEY, tenant_id uuid NOT NULL, case_id uuid NOT NULL, title text NOT NULL,
    file_name text NOT NULL, byte_length integer NOT NULL, blob_id uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX ON bench_bare.case_documents (tenant_id, case_id, created_at);
`);

// findCase in server/modules/cases/store.ts
const CASE_COLUMNS = `
  cases.*, org_units.name AS unit_name, users.display_name AS owner_name
  FROM cases
  JOIN org_units ON org_units.id = cases.unit_id
  LEFT JOIN users ON users.id = cases.owner_id`;

const caseSummary = (row: Record<string, unknown>) => ({
  id: row.id,
  reference: row.reference,
  // The sealed title as it is stored: the bare endpoint does not decrypt.
  title: (row.title_sealed as Buffer | null)?.toString('base64') ?? null,
  status: row.status,
  unit: { id: row.unit_id, name: row.unit_name },
  createdAt: (row.created_at as Date).toISOString(),
});

const app = Fastify({ logger: false });
await app.register(multipart, { limits: { fileSize: 16 * 1024 * 1024, files: 1, fields: 1, parts: 2 } });

app.get<{ Params: { id: string } }>('/bare/cases/:id', async (request, reply) => {
  const id = request.params.id;
  const found = await pool.query(`SELECT ${CASE_COLUMNS} WHERE cases.tenant_id = $1 AND cases.id = $2`, [
    tenantId,
    id,
  ]);
  const row = found.rows[0];
  if (!row) return reply.code(404).send({ error: { code: 'case_not_found', message: 'No such case.' } });
  const reports = await pool.query(
    'SELECT id, reference, received_on FROM reports WHERE tenant_id = $1 AND case_id = $2 ORDER BY number',
    [tenantId, id],
  );
  const handOvers = await pool.query(
    'SELECT * FROM hand_overs WHERE tenant_id = $1 AND case_id = $2 ORDER BY position',
    [tenantId, id],
  );
  return {
    ...caseSummary(row),
    owner: row.owner_id ? { id: row.owner_id, name: row.owner_name } : null,
    reports: reports.rows.map((report) => ({
      id: report.id,
      reference: report.reference,
      receivedOn: report.received_on,
    })),
    handOvers: handOvers.rows.map((handOver) => ({ id: handOver.id, on: handOver.handed_on })),
  };
});

// listOpenCases, with a keyset cursor (created_at, id) as DESIGN.md's lists have.
function decodeCursor(after: string | undefined): [string, string] | null {
  if (!after) return null;
  const [at, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
  return [at, id];
}

const encodeCursor = (row: Record<string, unknown>) =>
  Buffer.from(JSON.stringify([(row.created_at as Date).toISOString(), row.id])).toString('base64url');

/**
 * The search of TMA's case list (case-list-store.ts, search-terms.ts): the cases in which every word occurs
 * in their own text, a person's name, the journal or the comments, through the blind-index terms table.
 * The bare server holds no keys, so the harness computes the entries with the tenant's key and passes them
 * (hex, comma-separated, with the index of the word each stands for); the tenant condition stands for what
 * row-level security adds in TMA.
 */
interface BareSearch {
  terms?: string;
  words?: string;
}

function searchCondition(search: BareSearch, first: number): { sql: string; values: unknown[] } | null {
  if (search.terms === undefined || search.words === undefined) return null;
  const words = search.words.split(',').map(Number);
  return {
    sql: `AND cases.id = ANY (ARRAY(
         SELECT t.case_id FROM case_search_terms t
         JOIN unnest($${first}::text[], $${first + 1}::int[]) AS q (term, word) ON t.term = q.term
         WHERE t.tenant_id = $1
         GROUP BY t.case_id HAVING count(DISTINCT q.word) = $${first + 2}))`,
    values: [search.terms.split(','), words, new Set(words).size],
  };
}

app.get<{ Querystring: { after?: string } & BareSearch }>('/bare/cases', async (request) => {
  const cursor = decodeCursor(request.query.after);
  const values: unknown[] = [tenantId, PAGE_SIZE + 1, ...(cursor ?? [])];
  const search = searchCondition(request.query, values.length + 1);
  if (search) values.push(...search.values);
  const rows = await pool.query(
    `SELECT ${CASE_COLUMNS}
     WHERE cases.tenant_id = $1 AND (cases.status <> 'closed' OR cases.deleted_at IS NOT NULL)
       ${cursor ? 'AND (cases.created_at, cases.id) < ($3::timestamptz, $4::uuid)' : ''}
       ${search?.sql ?? ''}
     ORDER BY cases.created_at DESC, cases.id DESC
     LIMIT $2`,
    values,
  );
  const page = rows.rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return {
    cases: page.map(caseSummary),
    nextCursor: rows.rows.length > PAGE_SIZE && last ? encodeCursor(last) : null,
  };
});

// The cursor that starts page `page` (1-based): found once with OFFSET before the timed run.
app.get<{ Querystring: { page: string } }>('/bare/cases/cursor', async (request) => {
  const offset = (Number(request.query.page) - 1) * PAGE_SIZE - 1;
  if (offset < 0) return { after: null };
  const rows = await pool.query(
    `SELECT cases.created_at, cases.id FROM cases
     WHERE cases.tenant_id = $1 AND (cases.status <> 'closed' OR cases.deleted_at IS NOT NULL)
     ORDER BY cases.created_at DESC, cases.id DESC OFFSET $2 LIMIT 1`,
    [tenantId, offset],
  );
  const row = rows.rows[0];
  return { after: row ? encodeCursor(row) : null };
});

// A password login's data access: tenant by slug, user by e-mail, a new session row. No password hash.
app.post<{ Body: { tenant: string; email: string; password: string } }>(
  '/bare/login',
  async (request, reply) => {
    const tenant = await pool.query("SELECT id FROM tenants WHERE slug = $1 AND status = 'active'", [
      request.body.tenant,
    ]);
    const tenantRow = tenant.rows[0];
    const user = tenantRow
      ? await pool.query(
          "SELECT id, password_hash FROM users WHERE tenant_id = $1 AND email = $2 AND status = 'active'",
          [tenantRow.id, request.body.email.trim().toLowerCase()],
        )
      : undefined;
    const userRow = user?.rows[0];
    if (!tenantRow || !userRow)
      return reply.code(401).send({ error: { code: 'invalid_credentials', message: 'Not correct.' } });
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    await pool.query(
      `INSERT INTO bench_bare.sessions (tenant_id, user_id, token_hash, csrf_secret, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $5, $6)`,
      [
        tenantRow.id,
        userRow.id,
        createHash('sha256').update(token).digest(),
        randomBytes(32),
        now,
        new Date(now.getTime() + 12 * 3_600_000),
      ],
    );
    reply.header('set-cookie', `bare_session=${token}; HttpOnly; SameSite=Strict; Path=/`);
    return { ok: true };
  },
);

// A portal submission's data access: tenant and unit, then in one transaction the next report number
// and the report row. The answers are stored as they came (no encryption), no receipt hash is made.
app.post<{ Params: { tenant: string }; Body: { unit?: string; answers: unknown; language: string } }>(
  '/bare/portal/:tenant/reports',
  async (request, reply) => {
    const tenant = await pool.query("SELECT id FROM tenants WHERE slug = $1 AND status = 'active'", [
      request.params.tenant,
    ]);
    const tenantRow = tenant.rows[0];
    if (!tenantRow) return reply.code(404).send({ error: { code: 'portal_not_found', message: 'None.' } });
    const unit = await pool.query('SELECT id, name FROM org_units WHERE tenant_id = $1 AND slug = $2', [
      tenantRow.id,
      request.body.unit ?? '',
    ]);
    const unitRow = unit.rows[0];
    if (!unitRow) return reply.code(422).send({ error: { code: 'unit_not_found', message: 'None.' } });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const counter = await client.query(
        `INSERT INTO bench_bare.tenant_counters (tenant_id, name, year, value) VALUES ($1, 'report', 0, 1)
         ON CONFLICT (tenant_id, name, year) DO UPDATE SET value = bench_bare.tenant_counters.value + 1
         RETURNING value`,
        [tenantRow.id],
      );
      const number = counter.rows[0].value as number;
      const receivedOn = new Date().toISOString().slice(0, 10);
      await client.query(
        `INSERT INTO bench_bare.reports (id, tenant_id, unit_id, reference, number, channel, anonymous, received_on,
           form_id, form_version, answers_sealed, language, danger_indicated)
         VALUES ($1, $2, $3, $4, $5, 'portal', true, $6, 'tma.report.default', '1.0.0', $7, $8, false)`,
        [
          randomUUID(),
          tenantRow.id,
          unitRow.id,
          `R-${receivedOn.slice(0, 4)}-${String(number).padStart(4, '0')}`,
          number,
          receivedOn,
          Buffer.from(JSON.stringify(request.body.answers)),
          request.body.language,
        ],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    return reply.code(201).send({ receipt: null, receivedOn: new Date().toISOString().slice(0, 10) });
  },
);

// A document upload's data access: the case, then in one transaction the blob, its bytes in chunks of
// 64 KiB as TMA's blob store keeps them (here unencrypted), and the document row. No sniffing, no
// encryption, no version, journal or audit rows.
const CHUNK_BYTES = 64 * 1024;

app.post<{ Params: { id: string } }>('/bare/cases/:id/documents', async (request, reply) => {
  const part = await request.file();
  if (!part) return reply.code(422).send({ error: { code: 'file_missing', message: 'No file.' } });
  const bytes = await part.toBuffer();
  const fields = part.fields as Record<string, { value?: unknown } | undefined>;
  const title =
    (JSON.parse(String(fields.document?.value ?? '{}')) as { title?: string }).title ?? part.filename;
  const found = await pool.query('SELECT id FROM cases WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    request.params.id,
  ]);
  if (found.rowCount === 0)
    return reply.code(404).send({ error: { code: 'case_not_found', message: 'No such case.' } });
  const blobId = randomUUID();
  const documentId = randomUUID();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const chunks = Math.max(1, Math.ceil(bytes.length / CHUNK_BYTES));
    await client.query(
      `INSERT INTO bench_bare.document_blobs (tenant_id, id, status, bytes, chunk_count, completed_at)
       VALUES ($1, $2, 'complete', $3, $4, date_trunc('day', now()))`,
      [tenantId, blobId, bytes.length, chunks],
    );
    for (let seq = 0; seq < chunks; seq++)
      await client.query(
        'INSERT INTO bench_bare.document_blob_chunks (tenant_id, blob_id, seq, data) VALUES ($1, $2, $3, $4)',
        [tenantId, blobId, seq, bytes.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES)],
      );
    await client.query(
      `INSERT INTO bench_bare.case_documents (id, tenant_id, case_id, title, file_name, byte_length, blob_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [documentId, tenantId, request.params.id, title, part.filename, bytes.length, blobId],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
  return reply.code(201).send({ id: documentId, caseId: request.params.id, byteLength: bytes.length });
});

// A document download's data access: the document row, then its chunks in order, sent as one body.
app.get<{ Params: { id: string; documentId: string } }>(
  '/bare/cases/:id/documents/:documentId/content',
  async (request, reply) => {
    const document = await pool.query(
      'SELECT blob_id, file_name FROM bench_bare.case_documents WHERE tenant_id = $1 AND case_id = $2 AND id = $3',
      [tenantId, request.params.id, request.params.documentId],
    );
    const row = document.rows[0];
    if (!row) return reply.code(404).send({ error: { code: 'document_not_found', message: 'None.' } });
    const chunks = await pool.query(
      'SELECT data FROM bench_bare.document_blob_chunks WHERE tenant_id = $1 AND blob_id = $2 ORDER BY seq',
      [tenantId, row.blob_id],
    );
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="${row.file_name}"`)
      .send(Buffer.concat(chunks.rows.map((chunk) => chunk.data as Buffer)));
  },
);

const address = await app.listen({ port: 0, host: '127.0.0.1' });

async function stop(): Promise<void> {
  await app.close();
  await pool.query('DROP SCHEMA IF EXISTS bench_bare CASCADE');
  await pool.end();
  process.exit(0);
}

process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.send?.({ ready: address });
