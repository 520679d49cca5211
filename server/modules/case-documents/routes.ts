import { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse } from '../../http/error-responses.ts';
import { CaseIdParam } from '../cases/schemas.ts';
import {
  CaseDocument,
  CaseDocumentPage,
  ContentQuery,
  DocumentParams,
  DocumentQuery,
  DocumentSettings,
  DocumentSettingsChange,
  NewDocument,
  NewDocumentVersion,
  VersionParams,
} from './schemas.ts';
import type { CaseDocumentsService } from './service.ts';
import { documentUploadBody, readUpload } from './upload-request.ts';

// A file shown inline can still not run anything: no script, no plugin, no form, sandboxed.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

/** The documents of a case: list, upload (streamed), new versions, download and preview. */
export const caseDocumentRoutes: FastifyPluginAsyncTypebox<{ documents: CaseDocumentsService }> = async (
  app,
  { documents },
) => {
  await app.register(multipart, {
    limits: {
      // The service counts and refuses with a clear error first; this is the parser's backstop.
      fileSize: documents.limits.maxBytes + 1,
      files: 1,
      fields: 1,
      fieldSize: 16 * 1024,
      parts: 2,
    },
  });
  const tags = ['documents'];
  const uploadErrors = {
    403: errorResponse(
      'You may read the case but not add to it (`case_action_not_allowed`), or not as asked: managers-only ' +
        '(`managers_only_not_allowed`), keeping the original (`keep_original_not_allowed`).',
    ),
    404: errorResponse(
      'No such case, or not visible to you (`case_not_found`); no such document (`document_not_found`).',
    ),
    410: errorResponse('The case was deleted (`case_deleted`).'),
    422: errorResponse(
      'The file is empty (`document_empty`), larger than allowed (`document_too_large`, ' +
        '`document_too_large_to_clean`), of a type that is not accepted (`document_type_not_allowed`), damaged ' +
        '(`document_unreadable`), password-protected (`document_encrypted`), an image with too many pixels ' +
        '(`document_image_too_large`); the upload is not multipart (`multipart_invalid`) or lacks its file ' +
        '(`file_missing`); the JSON part is invalid (`document_invalid` or `version_invalid`, `invalid_json`).',
    ),
  };

  app.get(
    '/api/v1/document-settings',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: "The organisation's limit on a document's size, under the server's",
        response: {
          200: DocumentSettings,
          403: errorResponse('Auditors (`document_settings_not_allowed`).'),
        },
      },
    },
    async (request) => documents.settings(authOf(request)),
  );
  app.put(
    '/api/v1/document-settings',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          "Set the organisation's own document size limit, or null for the server's (admins; audited as tenant.document_settings)",
        body: DocumentSettingsChange,
        response: {
          200: DocumentSettings,
          403: errorResponse('Not an admin (`document_settings_not_allowed`).'),
          422: errorResponse("Above the server's limit (`document_limit_above_server`)."),
        },
      },
    },
    async (request) => documents.setSettings(authOf(request), request.body, request.id),
  );

  app.get(
    '/api/v1/cases/:id/documents',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          "A page of the case's documents with their versions, newest first; managers-only ones only for threat managers (audited as case.document_list)",
        params: CaseIdParam,
        querystring: DocumentQuery,
        response: { 200: CaseDocumentPage },
      },
    },
    async (request) => documents.list(authOf(request), request.params.id, request.query, request.id),
  );

  app.post(
    '/api/v1/cases/:id/documents',
    {
      preHandler: requireAuth,
      config: { documentedBody: documentUploadBody('document', NewDocument, 'A new document of the case.') },
      schema: {
        tags,
        summary:
          'Upload a document (streamed and encrypted; PDFs and images cleaned of metadata and active content; a journal entry; audited as case.document_upload)',
        params: CaseIdParam,
        response: { 201: CaseDocument, ...uploadErrors },
      },
    },
    async (request, reply) =>
      upload<NewDocument, CaseDocument>(request, reply, 'document', NewDocument, (fields, file) =>
        documents.add(authOf(request), request.params.id, fields, file, request.id),
      ),
  );

  app.post(
    '/api/v1/cases/:id/documents/:documentId/versions',
    {
      preHandler: requireAuth,
      config: {
        documentedBody: documentUploadBody('version', NewDocumentVersion, 'A new version of the document.'),
      },
      schema: {
        tags,
        summary:
          'Upload a new version of a document; the earlier versions stay (audited as case.document_upload)',
        params: DocumentParams,
        response: { 201: CaseDocument, ...uploadErrors },
      },
    },
    async (request, reply) =>
      upload<NewDocumentVersion, CaseDocument>(
        request,
        reply,
        'version',
        NewDocumentVersion,
        (fields, file) =>
          documents.addVersion(
            authOf(request),
            request.params.id,
            request.params.documentId,
            fields,
            file,
            request.id,
          ),
      ),
  );

  app.get(
    '/api/v1/cases/:id/documents/:documentId/versions/:version/content',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Download a version (or, with disposition=inline, show a PDF or image in the browser); variant=original for a kept original (audited as case.document_read)',
        params: VersionParams,
        querystring: ContentQuery,
        response: {
          200: {
            description: 'The file, as stored (cleaned unless the original was asked for).',
            content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
          },
          403: errorResponse("Only the case's threat managers read originals (`original_not_allowed`)."),
          404: errorResponse(
            'No such case, document or version, or not visible to you (`case_not_found`, `document_not_found`, ' +
              '`document_version_not_found`); no original was kept (`document_original_not_kept`).',
          ),
          410: errorResponse('The case was deleted (`case_deleted`).'),
        },
      },
    },
    async (request, reply) => {
      const { id, documentId, version } = request.params;
      const variant = request.query.variant ?? 'content';
      const file = await documents.content(
        authOf(request),
        id,
        documentId,
        Number(version),
        variant,
        request.id,
      );
      // Pull the first piece before the headers go out: a missing blob must still be a clean error.
      const iterator = file.content[Symbol.asyncIterator]();
      const first = await iterator.next();
      async function* rest() {
        if (!first.done) yield first.value;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
      }
      const inline =
        request.query.disposition === 'inline' &&
        variant === 'content' &&
        (file.kind === 'pdf' || file.kind === 'image');
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.byteLength))
        .header('content-disposition', contentDisposition(file.fileName, inline ? 'inline' : 'attachment'))
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, no-store')
        .send(Readable.from(rest(), { objectMode: false, highWaterMark: 1 }));
    },
  );
};

async function upload<T, R>(
  request: FastifyRequest,
  reply: FastifyReply,
  jsonField: string,
  schema: TSchema,
  store: (fields: T, file: { fileName: string; content: AsyncIterable<Buffer> }) => Promise<R>,
): Promise<R> {
  try {
    const result = await readUpload<T, R>(request, jsonField, schema, store);
    reply.code(201);
    return result;
  } catch (error) {
    // The rest of a refused upload is not read: close the connection instead of draining gigabytes.
    if (!request.raw.complete) reply.header('connection', 'close');
    throw error;
  }
}
