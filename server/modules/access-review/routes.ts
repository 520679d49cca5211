import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import {
  AccessReview,
  AccessReviewOverview,
  AccessReviewQuery,
  AccessReviewSettings,
  AccessReviewUser,
  AccessRevocation,
  AccessRevoked,
  NewAccessReview,
  ReviewedUserParam,
  ReviewParam,
} from './schemas.ts';
import type { AccessReviewService } from './service.ts';

/** The access review: who can see which cases, confirmed or revoked in one place (admins). */
export const accessReviewRoutes: FastifyPluginAsyncTypebox<{ accessReview: AccessReviewService }> = async (
  app,
  { accessReview },
) => {
  const guarded = { preHandler: requireAuth };
  const tags = ['access-review'];
  const notAdmin = error('Not an admin (`forbidden`)');
  app.get(
    '/api/v1/access-review',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Who can see which cases (unit scope, case teams), API tokens and last activity per user, with the open review (admins)',
        querystring: AccessReviewQuery,
        response: {
          200: AccessReviewOverview,
          400: error('A cursor this list did not give out'),
          403: notAdmin,
        },
      },
    },
    async (request) => accessReview.overview(authOf(request), request.query),
  );
  app.put(
    '/api/v1/access-review/settings',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'When accounts count as inactive and how often a review is due (audited)',
        body: AccessReviewSettings,
        response: { 200: AccessReviewSettings, 403: notAdmin },
      },
    },
    async (request) => accessReview.setSettings(authOf(request), request.body, request.id),
  );
  app.post(
    '/api/v1/access-review/reviews',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Start a review of a period (audited as access_review.started); one at a time',
        body: NewAccessReview,
        response: {
          201: AccessReview,
          403: notAdmin,
          409: error('A review is open already (`review_open`)'),
          422: error('The period starts after it ends (`period_invalid`)'),
        },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await accessReview.start(authOf(request), request.body, request.id)),
  );
  app.post(
    '/api/v1/access-review/reviews/:id/complete',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Complete the open review (audited as access_review.completed)',
        params: ReviewParam,
        response: {
          200: AccessReview,
          403: notAdmin,
          404: error('No such review (`review_not_found`)'),
          409: error('Completed already (`review_completed`)'),
        },
      },
    },
    async (request) => accessReview.complete(authOf(request), request.params.id, request.id),
  );
  app.post(
    '/api/v1/access-review/users/:id/confirm',
    {
      ...guarded,
      schema: {
        tags,
        summary: "Confirm a user's access as it stands (audited as access_review.confirmed)",
        params: ReviewedUserParam,
        response: {
          200: AccessReviewUser,
          403: error('Not an admin (`forbidden`), or one’s own access (`review_self`)'),
          404: error('No such user under review (`user_not_found`)'),
        },
      },
    },
    async (request) => accessReview.confirm(authOf(request), request.params.id, request.id),
  );
  app.post(
    '/api/v1/access-review/users/:id/revoke',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Take a user off a case team, take a unit from them, or deactivate them (audited as access_review.revoked besides the change’s own event); null once deactivated',
        params: ReviewedUserParam,
        body: AccessRevocation,
        response: {
          200: AccessRevoked,
          403: error('Not an admin (`forbidden`), or one’s own access (`review_self`)'),
          404: error(
            'No such user (`user_not_found`), case (`case_not_found`), membership (`member_not_found`) or unit of the user (`unit_not_assigned`)',
          ),
          409: error('The owner stays on the team (`owner_membership`)'),
          422: error('The case or unit is missing (`revocation_invalid`)'),
        },
      },
    },
    async (request) => ({
      user: await accessReview.revoke(authOf(request), request.params.id, request.body, request.id),
    }),
  );
};
