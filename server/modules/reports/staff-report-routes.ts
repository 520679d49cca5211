import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { StaffReport, StaffReportCreated } from './schemas.ts';
import type { StaffReportService } from './staff-report-service.ts';
import { jsonWithFilesBody, readJsonWithFiles } from './uploads.ts';

/** Reports the team records itself: received by phone, in person, by letter or e-mail. */
export const staffReportRoutes: FastifyPluginAsyncTypebox<{ staffReports: StaffReportService }> = async (
  app,
  { staffReports },
) => {
  app.post(
    '/api/v1/reports',
    {
      preHandler: requireAuth,
      config: { documentedBody: jsonWithFilesBody('report', StaffReport, 'The report as the team took it.') },
      schema: {
        tags: ['reports'],
        summary: 'Record a report received by phone, in person, by letter or e-mail',
        response: { 201: StaffReportCreated },
      },
    },
    async (request, reply) => {
      const { json, files } = await readJsonWithFiles<StaffReport>(request, 'report', StaffReport);
      const created = await staffReports.record(authOf(request), json, files, request.id);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    },
  );
};
