import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { inboxRoutes } from './inbox-routes.ts';
import type { InboxService } from './inbox-service.ts';
import { portalRoutes } from './portal-routes.ts';
import type { PortalService, ReportingDependencies } from './portal-service.ts';
import { reportSettingsRoutes } from './settings-routes.ts';
import type { SettingsService } from './settings-service.ts';
import { staffReportRoutes } from './staff-report-routes.ts';
import type { StaffReportService } from './staff-report-service.ts';
import { triageRoutes } from './triage-routes.ts';
import type { TriageService } from './triage-service.ts';

/** The reports module's services, built once by the composition root (app.ts). */
export interface ReportingServices {
  portal: PortalService;
  inbox: InboxService;
  staffReports: StaffReportService;
  triage: TriageService;
  settings: SettingsService;
}

/** JSON parts of an upload (a report's answers) may be long; files have their own limit. */
const MAX_JSON_PART_BYTES = 512 * 1024;

/** The reports module's routes: the public portal and the team's inbox (multipart uploads live here). */
export const reportingPlugin: FastifyPluginAsync<ReportingDependencies & ReportingServices> = async (
  app,
  deps,
) => {
  await app.register(multipart, {
    limits: {
      fileSize: deps.attachments.maxBytes,
      files: deps.attachments.maxFiles,
      fields: 4,
      fieldSize: MAX_JSON_PART_BYTES,
      parts: deps.attachments.maxFiles + 5,
    },
  });
  await app.register(portalRoutes, { portal: deps.portal });
  await app.register(inboxRoutes, { inbox: deps.inbox });
  await app.register(staffReportRoutes, { staffReports: deps.staffReports });
  await app.register(triageRoutes, { triage: deps.triage });
  await app.register(reportSettingsRoutes, { settings: deps.settings });
};
