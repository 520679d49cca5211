import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import {
  CaseTemplate,
  CaseTemplateChange,
  CaseTemplateList,
  NewCaseTemplate,
  TemplateKeyParam,
} from './template-schemas.ts';
import type { CaseTemplateService } from './template-service.ts';

const tags = ['cases'];

/** The organisation's case templates: TMA's defaults and its own, kept by admins. */
export const caseTemplateRoutes: FastifyPluginAsyncTypebox<{ templates: CaseTemplateService }> = async (
  app,
  { templates },
) => {
  const guarded = { preHandler: requireAuth };
  app.get(
    '/api/v1/case-templates',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'The case templates of the organisation, switched-off ones included',
        response: { 200: CaseTemplateList },
      },
    },
    async (request) => templates.list(authOf(request)),
  );
  app.post(
    '/api/v1/case-templates',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Add an own case template, in German and English (admins; audited as case_template.create)',
        body: NewCaseTemplate,
        response: {
          201: CaseTemplate,
          403: error('Not an admin'),
          409: error('A template with this key exists (`template_exists`)'),
          422: error(
            'No such category (`template_category_unknown`); a field is invalid (`definition_invalid`)',
          ),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await templates.create(authOf(request), request.body, request.id)),
  );
  app.patch(
    '/api/v1/case-templates/:key',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Change a case template, switch it on or off, or reset one of TMA’s to its default (admins; audited as case_template.update)',
        params: TemplateKeyParam,
        body: CaseTemplateChange,
        response: {
          200: CaseTemplate,
          403: error('Not an admin'),
          404: error('No such template (`template_not_found`)'),
          422: error(
            'No such category (`template_category_unknown`); reset of an own template (`template_not_built_in`); reset and change at once (`template_change_conflict`)',
          ),
        },
      },
    },
    async (request) => templates.update(authOf(request), request.params.key, request.body, request.id),
  );
};
