import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { ReportFormDefinition } from './form-definition.ts';
import { ReportSettings, ReportSettingsChange } from './schemas.ts';
import type { SettingsService } from './settings-service.ts';

/** The portal's settings: the report form it shows, the emergency notice and the deadlines. */
export const reportSettingsRoutes: FastifyPluginAsyncTypebox<{ settings: SettingsService }> = async (
  app,
  { settings },
) => {
  const guarded = { preHandler: requireAuth };

  app.get(
    '/api/v1/report-form',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'The report form the portal shows now',
        response: { 200: ReportFormDefinition },
      },
    },
    async (request) => settings.currentForm(authOf(request)),
  );

  app.put(
    '/api/v1/report-form',
    {
      ...guarded,
      // Checked by the service, which explains every problem of a form (form-publishing.ts).
      config: { documentedBody: { content: { 'application/json': { schema: ReportFormDefinition } } } },
      schema: {
        tags: ['reports'],
        summary: 'Publish a new version of the report form (admins); published versions never change',
        body: Type.Unknown(),
        response: { 200: ReportFormDefinition },
      },
    },
    async (request) => settings.publishForm(authOf(request), request.body, request.id),
  );

  app.get(
    '/api/v1/report-settings',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary:
          'Reporting settings: emergency notice and deadlines (in hours for reports of immediate danger)',
        response: { 200: ReportSettings },
      },
    },
    async (request) => settings.get(authOf(request)),
  );

  app.put(
    '/api/v1/report-settings',
    {
      ...guarded,
      schema: {
        tags: ['reports'],
        summary: 'Change the reporting settings (admins)',
        body: ReportSettingsChange,
        response: { 200: ReportSettings },
      },
    },
    async (request) => settings.update(authOf(request), request.body, request.id),
  );
};
