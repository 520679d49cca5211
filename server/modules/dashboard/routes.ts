import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { Dashboard, InsightAccess } from './schemas.ts';
import type { DashboardService } from './service.ts';

const tags = ['dashboard'];

/** The threat managers' dashboard, and which overview pages one may open. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ dashboard: DashboardService }> = async (
  app,
  { dashboard },
) => {
  app.get(
    '/api/v1/dashboard',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Your work at a glance: open cases by level, reports awaiting triage, assessments and reviews due, overdue measures and tasks, recent activity on your cases, and charts (audited as dashboard.read)',
        response: {
          200: Dashboard,
          403: error('Only threat managers have a dashboard (`dashboard_not_allowed`)'),
        },
      },
    },
    async (request) => dashboard.read(authOf(request), request.id),
  );

  app.get(
    '/api/v1/dashboard/access',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Whether you may open the dashboard and the statistics (for the navigation)',
        response: { 200: InsightAccess },
      },
    },
    async (request) => dashboard.access(authOf(request)),
  );
};
