import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import { ContentAccessSettings, ContentRoles, ContentRoleUserParam } from './schemas.ts';
import type { ContentAccessService } from './service.ts';

/** Who reads the content of reports and cases besides their units' threat managers and case teams. */
export const contentAccessRoutes: FastifyPluginAsyncTypebox<{ access: ContentAccessService }> = async (
  app,
  { access },
) => {
  const guarded = { preHandler: requireAuth };
  app.get(
    '/api/v1/access-settings',
    {
      ...guarded,
      schema: {
        tags: ['users'],
        summary: 'Whether admins read the content of reports and cases (admins)',
        response: { 200: ContentAccessSettings, 403: error('Not an admin') },
      },
    },
    async (request) => access.settings(authOf(request)),
  );
  app.put(
    '/api/v1/access-settings',
    {
      ...guarded,
      schema: {
        tags: ['users'],
        summary: 'Let admins read content, or not (audited as tenant.admin_content_access)',
        body: ContentAccessSettings,
        response: { 200: ContentAccessSettings, 403: error('Not an admin') },
      },
    },
    async (request) => access.setSettings(authOf(request), request.body, request.id),
  );
  app.get(
    '/api/v1/users/:id/content-roles',
    {
      ...guarded,
      schema: {
        tags: ['users'],
        summary: 'The content roles an admin holds besides administration (admins)',
        params: ContentRoleUserParam,
        response: { 200: ContentRoles, 403: error('Not an admin'), 404: error('No such user') },
      },
    },
    async (request) => access.contentRoles(authOf(request), request.params.id),
  );
  app.put(
    '/api/v1/users/:id/content-roles',
    {
      ...guarded,
      schema: {
        tags: ['users'],
        summary:
          'Give an admin the threat-manager role for their units besides administration, or take it (another admin; audited as user.content_roles_changed)',
        params: ContentRoleUserParam,
        body: ContentRoles,
        response: {
          200: ContentRoles,
          403: error('Not an admin (`forbidden`), or one’s own account (`content_role_self`)'),
          404: error('No such user (`user_not_found`)'),
          422: error('The user is not an admin (`content_role_needs_admin`)'),
        },
      },
    },
    async (request) => access.setContentRoles(authOf(request), request.params.id, request.body, request.id),
  );
};
