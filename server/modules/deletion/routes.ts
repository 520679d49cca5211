import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse } from '../../http/error-responses.ts';
import {
  DELETABLE_TYPES,
  DeletionBody,
  DeletionObjectParam,
  DeletionOutcome,
  DeletionSettings,
  PendingDeletions,
  PendingDeletionsQuery,
} from './schemas.ts';
import type { DeletionService } from './service.ts';

const error = errorResponse;

/** Deleting cases and reports (admins; four eyes where the tenant requires it), and the tenant's setting. */
export const deletionRoutes: FastifyPluginAsyncTypebox<{ deletion: DeletionService }> = async (
  app,
  { deletion },
) => {
  const guarded = { preHandler: requireAuth };
  for (const type of DELETABLE_TYPES) {
    const base = `/api/v1/${type}s/:id/deletion`;
    const tags = [`${type}s`];
    const gone = error(`The ${type} was deleted already (\`${type}_deleted\`)`);
    const notFound = error(`No such ${type} (\`${type}_not_found\`), or no request pending`);
    const forbidden = error('Not an admin (`deletion_not_allowed`), or approving one’s own request');
    app.post(
      base,
      {
        ...guarded,
        schema: {
          tags,
          summary: `Delete the ${type} for good (crypto-shredding), or ask a second admin to approve it`,
          description:
            type === 'case'
              ? 'Shreds the data keys of the case and of every report linked to it; a tombstone stays.'
              : 'Shreds the data key of the report (answers, reporter, dialogue, attachments); a tombstone stays.',
          params: DeletionObjectParam,
          body: DeletionBody,
          response: {
            200: DeletionOutcome,
            403: forbidden,
            404: notFound,
            409: error('A deletion is already awaiting approval (`deletion_already_requested`)'),
            410: gone,
          },
        },
      },
      async (request) =>
        deletion.request(
          { auth: authOf(request), requestId: request.id },
          type,
          request.params.id,
          request.body,
        ),
    );
    app.post(
      `${base}/approve`,
      {
        ...guarded,
        schema: {
          tags,
          summary: `Approve a pending deletion of the ${type} (another admin than the one who asked)`,
          params: DeletionObjectParam,
          response: {
            200: DeletionOutcome,
            403: forbidden,
            404: notFound,
            409: error('Decided meanwhile'),
            410: gone,
          },
        },
      },
      async (request) => deletion.approve(authOf(request), type, request.params.id, request.id),
    );
    app.delete(
      base,
      {
        ...guarded,
        schema: {
          tags,
          summary: `Withdraw a pending deletion of the ${type}`,
          params: DeletionObjectParam,
          response: { 204: Type.Null(), 403: forbidden, 404: notFound, 410: gone },
        },
      },
      async (request, reply) => {
        await deletion.withdraw(authOf(request), type, request.params.id, request.id);
        return reply.code(204).send(null);
      },
    );
  }
  app.get(
    '/api/v1/deletion-requests',
    {
      ...guarded,
      schema: {
        tags: ['cases'],
        summary:
          'Deletions of cases and reports awaiting a second admin’s approval, oldest first (admins); ' +
          '`objectType` and `objectId` ask for the one about a case or report',
        querystring: PendingDeletionsQuery,
        response: { 200: PendingDeletions, 403: error('Not an admin') },
      },
    },
    async (request) => deletion.pending(authOf(request), request.query),
  );
  app.get(
    '/api/v1/deletion-settings',
    {
      ...guarded,
      schema: {
        tags: ['cases'],
        summary: 'Whether deleting a case or report needs a second admin’s approval (admins)',
        response: { 200: DeletionSettings, 403: error('Not an admin') },
      },
    },
    async (request) => deletion.settings(authOf(request)),
  );
  app.put(
    '/api/v1/deletion-settings',
    {
      ...guarded,
      schema: {
        tags: ['cases'],
        summary:
          'Require (or not) a second admin’s approval for deletions (audited as tenant.deletion_approval)',
        body: DeletionSettings,
        response: { 200: DeletionSettings, 403: error('Not an admin') },
      },
    },
    async (request) => deletion.setSettings(authOf(request), request.body, request.id),
  );
};
