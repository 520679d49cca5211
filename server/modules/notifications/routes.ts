import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { PageQuery } from '../../http/pagination.ts';
import { MarkRead, NotificationList } from './schemas.ts';
import { markNotificationsRead, userNotifications } from './service.ts';

/** The signed-in user's in-app notices. */
export const notificationRoutes: FastifyPluginAsyncTypebox<{ database: Database; now: () => Date }> = async (
  app,
  { database, now },
) => {
  app.get(
    '/api/v1/notifications',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['notifications'],
        summary: 'Your notices, newest first, a page at a time, and how many are unread',
        querystring: PageQuery,
        response: { 200: NotificationList },
      },
    },
    async (request) => userNotifications(database, authOf(request), request.query),
  );
  app.post(
    '/api/v1/notifications/read',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['notifications'],
        summary: 'Mark notices as read',
        body: MarkRead,
        response: { 204: Type.Null({ description: 'Marked' }) },
      },
    },
    async (request, reply) => {
      await markNotificationsRead(database, authOf(request), request.body.ids, now());
      return reply.code(204).send(null);
    },
  );
};
