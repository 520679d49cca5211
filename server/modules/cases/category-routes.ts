import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import {
  CaseCategory,
  CaseCategoryChange,
  CaseCategoryList,
  CategoryKeyParam,
  NewCaseCategory,
} from './category-schemas.ts';
import type { CaseCategoryService } from './category-service.ts';

const tags = ['cases'];

/** The organisation's case categories: built-in and its own, named and switched off by admins. */
export const caseCategoryRoutes: FastifyPluginAsyncTypebox<{ categories: CaseCategoryService }> = async (
  app,
  { categories },
) => {
  const guarded = { preHandler: requireAuth };
  app.get(
    '/api/v1/case-categories',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'The case categories of the organisation, switched-off ones included',
        response: { 200: CaseCategoryList },
      },
    },
    async (request) => categories.list(authOf(request)),
  );
  app.post(
    '/api/v1/case-categories',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Add an own case category, named in German and English (admins; audited as case_category.create)',
        body: NewCaseCategory,
        response: {
          201: CaseCategory,
          403: error('Not an admin'),
          409: error('A category with this key exists (`category_exists`)'),
          422: error('A name is empty (`category_name_required`)'),
        },
      },
    },
    async (request, reply) => {
      const created = await categories.create(authOf(request), request.body, request.id);
      return reply.status(201).send(created);
    },
  );
  app.patch(
    '/api/v1/case-categories/:key',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Rename an own category, or switch a category off or on (admins; audited as case_category.update)',
        params: CategoryKeyParam,
        body: CaseCategoryChange,
        response: {
          200: CaseCategory,
          403: error('Not an admin'),
          404: error('No such category (`category_not_found`)'),
          422: error('A built-in category keeps its names (`category_built_in`), or a name is empty'),
        },
      },
    },
    async (request) => categories.update(authOf(request), request.params.key, request.body, request.id),
  );
};
