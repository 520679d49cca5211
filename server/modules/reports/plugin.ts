import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { inboxRoutes } from './inbox-routes.ts';
import { InboxService } from './inbox-service.ts';
import { portalRoutes } from './portal-routes.ts';
import { PortalService, type ReportingDependencies } from './portal-service.ts';
import { reportSettingsRoutes } from './settings-routes.ts';
import { SettingsService } from './settings-service.ts';
import { staffReportRoutes } from './staff-report-routes.ts';
import { StaffReportService } from './staff-report-service.ts';
import { triageRoutes } from './triage-routes.ts';
import { TriageService } from './triage-service.ts';

/** JSON parts of an upload (a report's answers) may be long; files have their own limit. */
const MAX_JSON_PART_BYTES = 512 * 1024;

/** The reports module's routes: the public portal and the team's inbox (multipart uploads live here). */
export const reportingPlugin: FastifyPluginAsync<ReportingDependencies> = async (app, deps) => {
  await app.register(multipart, {
    limits: {
      fileSize: deps.attachments.maxBytes,
      files: deps.attachments.maxFiles,
      fields: 4,
      fieldSize: MAX_JSON_PART_BYTES,
      parts: deps.attachments.maxFiles + 5,
    },
  });
  const portal = new PortalService(deps);
  await app.register(portalRoutes, { portal });
  await app.register(inboxRoutes, { inbox: new InboxService(deps) });
  await app.register(staffReportRoutes, { staffReports: new StaffReportService(deps, portal) });
  await app.register(triageRoutes, { triage: new TriageService(deps) });
  await app.register(reportSettingsRoutes, { settings: new SettingsService(deps.database) });
};
