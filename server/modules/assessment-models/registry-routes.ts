import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { contentDisposition } from '../../http/content-disposition.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import {
  CheckModel,
  DocumentedAssessmentModel,
  DraftChange,
  ExportQuery,
  ImportModel,
  ModelCheck,
  ModelIdParam,
  ModelList,
  ModelVersionParams,
  ModelVersionView,
  NewDraft,
  NewModelCopy,
} from './registry-schemas.ts';
import type { ModelRegistryService } from './registry-service.ts';

const tags = ['assessment models'];
const guarded = { preHandler: requireAuth };
// Definitions are checked by the service, which names the path of every problem (validate-model.ts).
const definitionBody = (schema: object) => ({
  documentedBody: { content: { 'application/json': { schema } } },
});
const notManager = error('Only threat managers and admins change models (`models_not_allowed`)');
const noVersion = error('No such model version (`model_version_not_found`)');

/** The organisation's registry of assessment models: import, drafts, publishing, retiring, export. */
export const modelRegistryRoutes: FastifyPluginAsyncTypebox<{ registry: ModelRegistryService }> = async (
  app,
  { registry },
) => {
  app.get(
    '/api/v1/assessment-models',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'The assessment models of the organisation and their versions',
        response: { 200: ModelList },
      },
    },
    async (request) => registry.list(authOf(request)),
  );

  app.post(
    '/api/v1/assessment-models',
    {
      ...guarded,
      config: definitionBody({
        ...ImportModel,
        properties: { ...ImportModel.properties, definition: DocumentedAssessmentModel },
      }),
      schema: {
        tags,
        summary:
          'Import a model (models/model.schema.json) as a draft, or publish it at once (audited as assessment_model.import)',
        body: ImportModel,
        response: {
          201: ModelVersionView,
          403: notManager,
          409: error('The model has this version already (`model_version_exists`)'),
          422: error(
            'The model is not valid (`model_invalid`) or cannot be published (`model_not_publishable`); `fields` name each problem',
          ),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await registry.import(authOf(request), request.body, request.id)),
  );

  app.post(
    '/api/v1/assessment-models/check',
    {
      ...guarded,
      config: definitionBody({ ...CheckModel, properties: { definition: DocumentedAssessmentModel } }),
      schema: {
        tags,
        summary:
          'What publishing a definition would say (problems, fixtures, diff to the last version), without saving it',
        body: CheckModel,
        response: { 200: ModelCheck, 403: notManager },
      },
    },
    async (request) => registry.check(authOf(request), request.body.definition),
  );

  app.post(
    '/api/v1/assessment-models/:modelId/drafts',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Start a new version as a draft copied from an existing one (audited as assessment_model.draft)',
        params: ModelIdParam,
        body: NewDraft,
        response: {
          201: ModelVersionView,
          403: notManager,
          404: noVersion,
          422: error('The version is not higher than every existing one (`model_version_not_higher`)'),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await registry.newDraft(authOf(request), request.params.modelId, request.body, request.id)),
  );

  app.post(
    '/api/v1/assessment-models/:modelId/versions/:version/copy',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Start a new model of the organisation as a draft 1.0.0 copied from this version (audited as assessment_model.copy)',
        params: ModelVersionParams,
        body: NewModelCopy,
        response: {
          201: ModelVersionView,
          403: notManager,
          404: noVersion,
          409: error('The organisation has a model with this id (`model_exists`)'),
        },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await registry.copyAsNewModel(authOf(request), request.params, request.body, request.id)),
  );

  app.get(
    '/api/v1/assessment-models/:modelId/versions/:version',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'One version with its definition; a draft with what publishing would say about it',
        params: ModelVersionParams,
        response: { 200: ModelVersionView, 404: noVersion },
      },
    },
    async (request) => registry.get(authOf(request), request.params),
  );

  app.put(
    '/api/v1/assessment-models/:modelId/versions/:version',
    {
      ...guarded,
      config: definitionBody({ ...DraftChange, properties: { definition: DocumentedAssessmentModel } }),
      schema: {
        tags,
        summary: 'Change a draft (audited as assessment_model.update); a published version never changes',
        params: ModelVersionParams,
        body: DraftChange,
        response: {
          200: ModelVersionView,
          403: notManager,
          404: noVersion,
          409: error('The version is published (`model_version_published`)'),
          422: error(
            'The model is not valid (`model_invalid`) or changes its id or version (`model_identity_changed`)',
          ),
        },
      },
    },
    async (request) =>
      registry.updateDraft(authOf(request), request.params, request.body.definition, request.id),
  );

  app.delete(
    '/api/v1/assessment-models/:modelId/versions/:version',
    {
      ...guarded,
      schema: {
        tags,
        summary: 'Discard a draft (audited as assessment_model.discard)',
        params: ModelVersionParams,
        response: {
          204: Type.Null({ description: 'Discarded' }),
          403: notManager,
          404: noVersion,
          409: error('The version is published (`model_version_published`)'),
        },
      },
    },
    async (request, reply) => {
      await registry.discardDraft(authOf(request), request.params, request.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/assessment-models/:modelId/versions/:version/publish',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Publish a draft: valid, fixtures passing, semantic version as the diff requires; freezes it with its content hash and retires the active version (audited as assessment_model.publish)',
        params: ModelVersionParams,
        response: {
          200: ModelVersionView,
          403: notManager,
          404: noVersion,
          409: error('Published already (`model_version_published`)'),
          422: error('Not publishable (`model_not_publishable`); `fields` name each problem'),
        },
      },
    },
    async (request) => registry.publish(authOf(request), request.params, request.id),
  );

  app.post(
    '/api/v1/assessment-models/:modelId/versions/:version/retire',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Retire the active version: no new assessments, readable forever (audited as assessment_model.retire)',
        params: ModelVersionParams,
        response: {
          200: ModelVersionView,
          403: notManager,
          404: noVersion,
          409: error('Not the active version (`model_version_not_active`)'),
        },
      },
    },
    async (request) => registry.retire(authOf(request), request.params, request.id),
  );

  app.get(
    '/api/v1/assessment-models/:modelId/versions/:version/export',
    {
      ...guarded,
      schema: {
        tags,
        summary:
          'Download a version as our JSON or as an HL7 FHIR Questionnaire (audited as assessment_model.export)',
        params: ModelVersionParams,
        querystring: ExportQuery,
        response: {
          200: { description: 'The file', content: { 'application/json': { schema: {} } } },
          403: error('The licence forbids exporting this model (`model_export_blocked`)'),
          404: noVersion,
        },
      },
    },
    async (request, reply) => {
      const file = await registry.exportVersion(
        authOf(request),
        request.params,
        request.query.format ?? 'json',
        request.query.language ?? 'en',
        request.id,
      );
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .send(JSON.stringify(file.body, null, 2));
    },
  );
};
