// Documents of a case through the HTTP API on both databases: uploads are sniffed, cleaned (PDF metadata and
// scripts, image metadata), encrypted and versioned; downloads stream back what was stored and are audited;
// managers-only documents and originals stay with threat managers; refused uploads leave nothing behind;
// deleting the case takes its documents with it.
import { PDFDocument, PDFName, PDFString } from '@cantoo/pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../../../test/support/databases.ts';
import { documentUpload, type MultipartFile } from '../../../test/support/multipart.ts';
import {
  openReportingApp,
  type ReportingApp,
  recordPhoneReports,
} from '../../../test/support/reporting-app.ts';
import type { SignedInCall } from '../../../test/support/session.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { linkAuditEvents } from '../audit/link.ts';

const SCRIPT_MARKER = 'app.alert("exfiltrate-4471")';
const AUTHOR_MARKER = 'Author Hidden-9921';
const TITLE = 'Drohbrief vom Montag';

async function pdfWithHiddenContent(pages = 2): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  pdf.setAuthor(AUTHOR_MARKER);
  pdf.setProducer('Producer Hidden-3317');
  for (let index = 0; index < pages; index++) pdf.addPage([595, 842]).drawText(`Seite ${index + 1}`);
  const action = pdf.context.obj({ Type: 'Action', S: 'JavaScript', JS: PDFString.of(SCRIPT_MARKER) });
  pdf.catalog.set(PDFName.of('OpenAction'), pdf.context.register(action));
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({
      IFD0: { Artist: 'Photographer Hidden-5512' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 8/1 0/1' },
    })
    .toBuffer();
}

describe.each(databaseTargets())('case documents on %s', (target) => {
  let reporting: ReportingApp;
  let database: Database;
  let tenantId: string;
  let caseId: string;
  let tom: SignedInCall; // threat manager of the case's unit
  let eve: SignedInCall; // expert on the case team
  let gil: SignedInCall; // another tenant

  const upload = (
    call: SignedInCall,
    url: string,
    json: unknown,
    file: MultipartFile,
    field = 'document',
  ) => {
    const body = documentUpload(field, json, file);
    return call('POST', url, body.payload, body.headers);
  };
  const blobCount = async () =>
    withTenant(database, { tenantId, userId: null }, async (trx) => {
      const row = await trx
        .selectFrom('document_blobs')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    });
  const auditEvents = async (action: string) => {
    await linkAuditEvents(database, { tenantId, wait: true });
    return withTenant(database, { tenantId, userId: null }, (trx) =>
      trx
        .selectFrom('audit_events')
        .select(['action', 'reason', 'object_id', 'object_ids', 'outcome', 'actor_id'])
        .where('action', '=', action)
        .orderBy('seq')
        .execute(),
    );
  };

  beforeAll(async () => {
    reporting = await openReportingApp(target, {
      documents: { maxBytes: 512 * 1024, cleanMaxBytes: 256 * 1024, maxPixels: 1_000_000 },
    });
    ({ database } = reporting);
    tenantId = reporting.tenants.acme as string;
    tom = await reporting.session('acme', 'tom@acme.example');
    eve = await reporting.session('acme', 'eve@acme.example');
    gil = await reporting.session('globex', 'gil@globex.example');
    const [report] = (await recordPhoneReports(tom, reporting.units['acme/de'] as string, ['Eins'])) as [
      string,
    ];
    const opened = await tom('POST', `/api/v1/reports/${report}/open-case`, { title: 'Drohung Lager' });
    expect(opened.statusCode, opened.body).toBe(201);
    caseId = opened.json().id;
    const eveId = (
      await database.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', 'eve@acme.example')
        .executeTakeFirstOrThrow()
    ).id;
    expect((await tom('POST', `/api/v1/cases/${caseId}/team`, { userId: eveId })).statusCode).toBe(200);
  });
  afterAll(async () => {
    await reporting?.close();
  });

  it('cleans a PDF of metadata and scripts, keeps the original on request, and streams both back, audited', async () => {
    const original = await pdfWithHiddenContent();
    const added = await upload(
      tom,
      `/api/v1/cases/${caseId}/documents`,
      { title: TITLE, description: 'Kam per Hauspost', keepOriginal: true },
      { name: 'scan.pdf', type: 'application/pdf', bytes: original },
    );
    expect(added.statusCode, added.body).toBe(201);
    const document = added.json();
    expect(document).toMatchObject({
      title: TITLE,
      description: 'Kam per Hauspost',
      managersOnly: false,
      currentVersion: 1,
      versions: [
        {
          version: 1,
          fileName: 'scan.pdf',
          contentType: 'application/pdf',
          kind: 'pdf',
          previewable: true,
          original: { byteLength: original.length },
        },
      ],
    });
    expect(document.versions[0].cleaned.javaScript).toBeGreaterThan(0);
    const base = `/api/v1/cases/${caseId}/documents/${document.id}/versions/1/content`;

    const cleaned = await tom('GET', `${base}?disposition=inline`);
    expect(cleaned.statusCode).toBe(200);
    expect(cleaned.headers['content-type']).toBe('application/pdf');
    expect(cleaned.headers['content-disposition']).toMatch(/^inline; filename="scan.pdf"/);
    expect(cleaned.headers['content-security-policy']).toContain('sandbox');
    expect(cleaned.headers['x-content-type-options']).toBe('nosniff');
    expect(cleaned.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(cleaned.rawPayload.includes(SCRIPT_MARKER)).toBe(false);
    expect(cleaned.rawPayload.includes(AUTHOR_MARKER)).toBe(false);
    expect((await PDFDocument.load(cleaned.rawPayload)).getPageCount()).toBe(2);
    expect(Number(cleaned.headers['content-length'])).toBe(cleaned.rawPayload.length);

    const kept = await tom('GET', `${base}?variant=original`);
    expect(kept.statusCode).toBe(200);
    expect(kept.headers['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.compare(kept.rawPayload, original)).toBe(0);

    const reads = await auditEvents('case.document_read');
    expect(reads.map((event) => [event.object_id, event.reason, event.outcome])).toEqual([
      [document.id, 'version=1', 'success'],
      [document.id, 'original=1', 'success'],
    ]);
    const uploads = await auditEvents('case.document_upload');
    expect(uploads.at(-1)).toMatchObject({ object_id: document.id, reason: 'version=1', outcome: 'success' });
    // Ids and codes only: no title or file name in the audit log.
    expect(JSON.stringify(uploads)).not.toContain('scan');

    const journal = (await tom('GET', `/api/v1/cases/${caseId}/journal?kind=document_added`)).json().entries;
    expect(journal).toHaveLength(1);
    expect(journal[0].facts).toEqual({ documentId: document.id, documentVersion: 1 });
  });

  it('re-encodes a photo without its GPS position and keeps every version', async () => {
    const photo = await photoWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const added = await upload(eve, `/api/v1/cases/${caseId}/documents`, undefined, {
      name: 'IMG_2041.jpeg',
      type: 'image/jpeg',
      bytes: photo,
    });
    expect(added.statusCode, added.body).toBe(201);
    const document = added.json();
    // The title defaults to the file's name; the name ends in the type's own extension.
    expect(document.title).toBe('IMG_2041');
    expect(document.versions[0]).toMatchObject({ fileName: 'IMG_2041.jpg', kind: 'image', original: null });
    const stored = await eve('GET', `/api/v1/cases/${caseId}/documents/${document.id}/versions/1/content`);
    expect(stored.statusCode).toBe(200);
    const metadata = await sharp(stored.rawPayload).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(stored.rawPayload.includes('Photographer Hidden-5512')).toBe(false);

    const second = await upload(
      eve,
      `/api/v1/cases/${caseId}/documents/${document.id}/versions`,
      undefined,
      { name: 'IMG_2041-zugeschnitten.png', type: 'image/png', bytes: await sharp(photo).png().toBuffer() },
      'version',
    );
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().currentVersion).toBe(2);
    expect(
      second
        .json()
        .versions.map((version: { version: number; contentType: string }) => [
          version.version,
          version.contentType,
        ]),
    ).toEqual([
      [1, 'image/jpeg'],
      [2, 'image/png'],
    ]);
    const first = await eve('GET', `/api/v1/cases/${caseId}/documents/${document.id}/versions/1/content`);
    expect(first.statusCode).toBe(200);
    const kinds = (await tom('GET', `/api/v1/cases/${caseId}/journal`))
      .json()
      .entries.map((entry: { kind: string }) => entry.kind);
    expect(kinds).toContain('document_version_added');
  });

  it('keeps managers-only documents and originals from an expert on the team', async () => {
    const secret = await upload(
      tom,
      `/api/v1/cases/${caseId}/documents`,
      { title: 'Gutachten Psychologie', managersOnly: true },
      { name: 'gutachten.txt', type: 'text/plain', bytes: Buffer.from('Vertraulich: Einschätzung ä ö ü') },
    );
    expect(secret.statusCode, secret.body).toBe(201);
    const id = secret.json().id;

    const seen = (await eve('GET', `/api/v1/cases/${caseId}/documents`)).json();
    expect(seen.documents.map((document: { id: string }) => document.id)).not.toContain(id);
    expect(seen.can).toEqual({
      upload: true,
      uploadManagersOnly: false,
      keepOriginal: false,
      readOriginal: false,
    });
    const direct = await eve('GET', `/api/v1/cases/${caseId}/documents/${id}/versions/1/content`);
    expect(direct.statusCode).toBe(404);
    expect(direct.json().error.code).toBe('document_not_found');
    const journal = (await eve('GET', `/api/v1/cases/${caseId}/journal`)).json().entries;
    expect(journal.some((entry: { facts: { documentId?: string } }) => entry.facts.documentId === id)).toBe(
      false,
    );

    const refused = await upload(
      eve,
      `/api/v1/cases/${caseId}/documents`,
      { managersOnly: true },
      { name: 'x.txt', type: 'text/plain', bytes: Buffer.from('x') },
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('managers_only_not_allowed');
    const keep = await upload(
      eve,
      `/api/v1/cases/${caseId}/documents`,
      { keepOriginal: true },
      { name: 'x.txt', type: 'text/plain', bytes: Buffer.from('x') },
    );
    expect(keep.json().error.code).toBe('keep_original_not_allowed');
    const pdfs = (await tom('GET', `/api/v1/cases/${caseId}/documents`)).json().documents;
    const pdf = pdfs.find((document: { title: string }) => document.title === TITLE);
    const original = await eve(
      'GET',
      `/api/v1/cases/${caseId}/documents/${pdf.id}/versions/1/content?variant=original`,
    );
    expect(original.statusCode).toBe(403);
    expect(original.json().error.code).toBe('original_not_allowed');

    const listed = (await tom('GET', `/api/v1/cases/${caseId}/documents`)).json();
    expect(listed.documents.map((document: { id: string }) => document.id)).toContain(id);
    expect(listed.can).toEqual({
      upload: true,
      uploadManagersOnly: true,
      keepOriginal: true,
      readOriginal: true,
    });
  });

  it('refuses uploads it cannot take with a clear error and stores nothing', async () => {
    const before = await blobCount();
    const refusals: Array<[MultipartFile, number, string]> = [
      [
        {
          name: 'tool.pdf',
          type: 'application/pdf',
          bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500, 1)]),
        },
        422,
        'document_type_not_allowed',
      ],
      [{ name: 'empty.txt', type: 'text/plain', bytes: Buffer.alloc(0) }, 422, 'document_empty'],
      [
        { name: 'big.txt', type: 'text/plain', bytes: Buffer.alloc(600 * 1024, 'a') },
        422,
        'document_too_large',
      ],
      [
        {
          name: 'broken.txt',
          type: 'text/plain',
          bytes: Buffer.concat([Buffer.alloc(100 * 1024, 'a'), Buffer.from([0xc3, 0x28])]),
        },
        422,
        'document_unreadable',
      ],
      [
        {
          name: 'page.html',
          type: 'text/html',
          bytes: Buffer.from('<!doctype html><script>alert(1)</script>'),
        },
        422,
        'document_type_not_allowed',
      ],
    ];
    for (const [file, status, code] of refusals) {
      const response = await upload(tom, `/api/v1/cases/${caseId}/documents`, {}, file);
      expect([file.name, response.statusCode, response.json().error.code]).toEqual([file.name, status, code]);
    }
    const tooBigToClean = await upload(
      tom,
      `/api/v1/cases/${caseId}/documents`,
      {},
      {
        name: 'large.pdf',
        type: 'application/pdf',
        bytes: Buffer.concat([
          Buffer.from('%PDF-1.7\n'),
          Buffer.alloc(300 * 1024, ' '),
          Buffer.from('\n%%EOF\n'),
        ]),
      },
    );
    expect(tooBigToClean.json().error.code).toBe('document_too_large_to_clean');
    const badJson = await upload(
      tom,
      `/api/v1/cases/${caseId}/documents`,
      { title: '', colour: 'red' },
      {
        name: 'a.txt',
        type: 'text/plain',
        bytes: Buffer.from('a'),
      },
    );
    expect(badJson.statusCode).toBe(422);
    expect(badJson.json().error.code).toBe('document_invalid');
    const noFile = await tom('POST', `/api/v1/cases/${caseId}/documents`, { title: 'ohne Datei' });
    expect(noFile.json().error.code).toBe('multipart_invalid');
    expect(await blobCount()).toBe(before);
  });

  it('is not there for another tenant, and finds the case by a document title', async () => {
    const other = await gil('GET', `/api/v1/cases/${caseId}/documents`);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('case_not_found');
    const found = (await tom('GET', `/api/v1/cases?q=${encodeURIComponent('Drohbrief')}`)).json().cases;
    expect(found.map((item: { id: string }) => item.id)).toEqual([caseId]);
    // A managers-only document's title finds nothing for an expert.
    expect((await eve('GET', '/api/v1/cases?q=Gutachten')).json().cases).toEqual([]);
    expect((await tom('GET', '/api/v1/cases?q=Gutachten')).json().cases).toHaveLength(1);
  });

  it("lets an admin set the organisation's own size limit, below the server's", async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    expect((await tom('PUT', '/api/v1/document-settings', { maxBytes: 2048 })).json().error.code).toBe(
      'document_settings_not_allowed',
    );
    const above = await ada('PUT', '/api/v1/document-settings', { maxBytes: 1024 * 1024 });
    expect([above.statusCode, above.json().error.code]).toEqual([422, 'document_limit_above_server']);
    const set = await ada('PUT', '/api/v1/document-settings', { maxBytes: 100 * 1024 });
    expect(set.json()).toEqual({
      maxBytes: 100 * 1024,
      serverMaxBytes: 512 * 1024,
      cleanMaxBytes: 256 * 1024,
    });
    expect((await tom('GET', `/api/v1/cases/${caseId}/documents`)).json().maxBytes).toBe(100 * 1024);
    const refused = await upload(
      tom,
      `/api/v1/cases/${caseId}/documents`,
      {},
      {
        name: 'notes.txt',
        type: 'text/plain',
        bytes: Buffer.alloc(200 * 1024, 'b'),
      },
    );
    expect(refused.json().error.code).toBe('document_too_large');
    expect((await ada('PUT', '/api/v1/document-settings', { maxBytes: null })).json().maxBytes).toBeNull();
    expect((await auditEvents('tenant.document_settings')).map((event) => event.reason)).toEqual([
      'max_bytes=102400',
      'max_bytes=server',
    ]);
  });

  it('deletes the documents and their blobs with the case', async () => {
    const ada = await reporting.session('acme', 'ada@acme.example');
    const deleted = await ada('POST', `/api/v1/cases/${caseId}/deletion`, { reason: 'unfounded' });
    expect(deleted.statusCode, deleted.body).toBe(200);
    await withTenant(database, { tenantId, userId: null }, async (trx) => {
      expect(
        await trx.selectFrom('case_documents').select('id').where('case_id', '=', caseId).execute(),
      ).toEqual([]);
      expect(
        await trx.selectFrom('case_document_versions').select('id').where('case_id', '=', caseId).execute(),
      ).toEqual([]);
      expect(
        await trx.selectFrom('case_search_terms').select('term').where('case_id', '=', caseId).execute(),
      ).toEqual([]);
      expect(
        await trx.selectFrom('case_persons').select('id').where('case_id', '=', caseId).execute(),
      ).toEqual([]);
    });
    expect(await blobCount()).toBe(0);
    expect((await tom('GET', `/api/v1/cases/${caseId}/documents`)).statusCode).toBe(410);
  });
});
