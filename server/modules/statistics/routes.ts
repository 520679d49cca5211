import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { QuarterStatistics, StatisticsQuery } from './schemas.ts';
import type { StatisticsService } from './service.ts';

const tags = ['statistics'];
const refusals = {
  403: error(
    'Only auditors, admins and threat managers who work for the whole organisation read the statistics (`statistics_not_allowed`)',
  ),
  422: error('The quarter has not begun yet (`quarter_in_future`)'),
};

/** Anonymised figures of a quarter for management: JSON, CSV and PDF (docs/statistics.md). */
export const statisticsRoutes: FastifyPluginAsyncTypebox<{ statistics: StatisticsService }> = async (
  app,
  { statistics },
) => {
  app.get(
    '/api/v1/statistics',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Anonymised figures of a quarter: reports, cases, time to the first assessment, measures; counts under 5 shown as "< 5" (audited as statistics.read)',
        querystring: StatisticsQuery,
        response: { 200: QuarterStatistics, ...refusals },
      },
    },
    async (request) => statistics.read(authOf(request), request.query, request.id),
  );

  app.get(
    '/api/v1/statistics.csv',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'The quarter’s figures as CSV (RFC 4180; audited as statistics.export)',
        querystring: StatisticsQuery,
        response: {
          200: { description: 'The CSV file', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const file = await statistics.csv(authOf(request), request.query, request.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8; header=present')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    },
  );

  app.get(
    '/api/v1/statistics.pdf',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The quarter’s figures as PDF in the language asked for (audited as statistics.export with the file’s SHA-256)',
        querystring: StatisticsQuery,
        response: {
          200: {
            description: 'The PDF file',
            content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
          },
          ...refusals,
        },
      },
    },
    async (request, reply) => {
      const file = await statistics.pdf(authOf(request), request.query, request.id);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(file.bytes);
    },
  );
};
