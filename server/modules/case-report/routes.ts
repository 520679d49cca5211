import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse } from '../../http/error-responses.ts';
import { CaseIdParam } from '../cases/schemas.ts';
import { CaseReportRequest, ExportVerification, ExportVerificationRequest } from './schemas.ts';
import type { CaseReportService } from './service.ts';

/** The case report (a verifiable PDF export) and the verification of exports. */
export const caseReportRoutes: FastifyPluginAsyncTypebox<{ reports: CaseReportService }> = async (
  app,
  { reports },
) => {
  app.post(
    '/api/v1/cases/:id/report',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'Export the case as a PDF report, watermarked with who exported it when; persons by pseudonym unless names are asked for (audited as case.export with the file’s SHA-256)',
        params: CaseIdParam,
        body: CaseReportRequest,
        response: {
          200: {
            description: 'The PDF; its export id is in the file and in the header x-tma-export-id.',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          403: errorResponse(
            'You see the case but may not read it (`case_action_not_allowed`); names only for the case’s threat managers (`report_names_not_allowed`).',
          ),
          404: errorResponse('No such case, or not visible to you (`case_not_found`).'),
          410: errorResponse('The case was deleted (`case_deleted`).'),
        },
      },
    },
    async (request, reply) => {
      const file = await reports.export(authOf(request), request.params.id, request.body, request.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-tma-export-id', file.exportId)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    },
  );

  app.post(
    '/api/v1/exports/verify',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'Whether a file is an unaltered TMA export of this organisation, by its SHA-256: which case, who made it and when (audited as export.verify)',
        body: ExportVerificationRequest,
        response: { 200: ExportVerification },
      },
    },
    async (request) => reports.verify(authOf(request), request.body.sha256, request.id),
  );
};
