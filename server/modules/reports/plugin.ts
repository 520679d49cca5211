import multipart from '@fastify/multipart';
import type { FastifyPluginAsync } from 'fastify';
import { contentAccessRoutes } from '../access/routes.ts';
import { ContentAccessService } from '../access/service.ts';
import { caseRoutes } from '../cases/routes.ts';
import { CaseService } from '../cases/service.ts';
import { deletionRoutes } from '../deletion/routes.ts';
import { DeletionService } from '../deletion/service.ts';
import { createVacuum } from '../deletion/vacuum.ts';
import { notificationRoutes } from '../notifications/routes.ts';
import { InboxService } from './inbox-service.ts';
import { portalRoutes } from './portal-routes.ts';
import { PortalService, type ReportingDependencies } from './portal-service.ts';
import { reportRoutes } from './routes.ts';
import { SettingsService } from './settings-service.ts';

/** JSON parts of an upload (a report's answers) may be long; files have their own limit. */
const MAX_JSON_PART_BYTES = 512 * 1024;

/** The reporting side: the public portal, the team's inbox, the first case pages and notifications. */
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
  await app.register(reportRoutes, {
    inbox: new InboxService(deps, portal),
    settings: new SettingsService(deps.database),
  });
  await app.register(caseRoutes, { cases: new CaseService(deps.database, deps.keyring, deps.integrity) });
  await app.register(notificationRoutes, { database: deps.database, now: deps.now });
  // Who reads the content of reports and cases besides their units' threat managers and case teams.
  await app.register(contentAccessRoutes, { access: new ContentAccessService(deps.database) });
  const deletion = new DeletionService({
    ...deps,
    vacuum: deps.vacuum ?? createVacuum(deps.database),
    onCleanupProblem: ({ error, message }) => app.log.warn({ err: error }, message),
  });
  await app.register(deletionRoutes, { deletion });
};
