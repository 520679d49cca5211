import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse } from '../../http/error-responses.ts';
import {
  CertificateIdParam,
  DeletionCertificate,
  DeletionCertificateOrNone,
  DeletionCertificatePage,
  DeletionCertificatesQuery,
} from './schemas.ts';
import type { DeletionCertificateService } from './service.ts';

const forbidden = errorResponse('Not an admin or auditor (`certificates_not_allowed`)');
const notFound = errorResponse(
  'No such certificate, or the object was not deleted (`certificate_not_found`)',
);

/** Deletion certificates: the list, one case's or report's, and the PDF (admins and auditors). */
export const deletionCertificateRoutes: FastifyPluginAsyncTypebox<{
  certificates: DeletionCertificateService;
}> = async (app, { certificates }) => {
  const tags = ['deletion certificates'];
  app.get(
    '/api/v1/deletion-certificates',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Deletion certificates, newest first (admins and auditors); `objectType` keeps those of cases or of reports',
        querystring: DeletionCertificatesQuery,
        response: { 200: DeletionCertificatePage, 403: forbidden },
      },
    },
    async (request) => certificates.list(authOf(request), request.query),
  );
  app.get(
    '/api/v1/deletion-certificates/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'One deletion certificate: what was deleted, when, why, by whom (admins and auditors)',
        params: CertificateIdParam,
        response: { 200: DeletionCertificate, 403: forbidden, 404: notFound },
      },
    },
    async (request) => certificates.get(authOf(request), request.params.id),
  );
  app.get(
    '/api/v1/deletion-certificates/:id/pdf',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The certificate’s PDF as issued (a verifiable export; audited as deletion.certificate_download)',
        params: CertificateIdParam,
        response: {
          200: {
            description: 'The PDF; it holds no content of the deleted case or report.',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          403: forbidden,
          404: notFound,
        },
      },
    },
    async (request, reply) => {
      const file = await certificates.download(authOf(request), request.params.id, request.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    },
  );
  for (const type of ['case', 'report'] as const)
    app.get(
      `/api/v1/${type}s/:id/deletion-certificate`,
      {
        preHandler: requireAuth,
        schema: {
          tags,
          summary: `The deletion certificate of a deleted ${type}${type === 'report' ? ' (its case’s, when deleted with it)' : ''} (admins and auditors)`,
          params: CertificateIdParam,
          response: { 200: DeletionCertificateOrNone, 403: forbidden },
        },
      },
      async (request) => certificates.of(authOf(request), type, request.params.id),
    );
};
