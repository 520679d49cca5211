import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { errorResponse as error } from '../../http/error-responses.ts';
import {
  LegalHold,
  LegalHoldBody,
  LegalHoldParam,
  RetentionPolicy,
  RetentionPreview,
  RetentionSettings,
} from './schemas.ts';
import type { RetentionService } from './service.ts';

/** The tenant's retention policy (admins) and legal holds on cases. */
export const retentionRoutes: FastifyPluginAsyncTypebox<{ retention: RetentionService }> = async (
  app,
  { retention },
) => {
  const guarded = { preHandler: requireAuth };
  app.get(
    '/api/v1/retention-policy',
    {
      ...guarded,
      schema: {
        tags: ['retention'],
        summary: 'The retention policy (or the defaults) and the retention job’s last run (admins)',
        response: { 200: RetentionSettings, 403: error('Not an admin (`retention_not_allowed`)') },
      },
    },
    async (request) => retention.settings(authOf(request)),
  );
  app.put(
    '/api/v1/retention-policy',
    {
      ...guarded,
      schema: {
        tags: ['retention'],
        summary: 'Replace the retention policy (admins; audited as retention.policy_update)',
        body: RetentionPolicy,
        response: {
          200: RetentionSettings,
          422: error(
            'Invalid: a rule naming no outcome and no level (`retention_rule_matches_everything`), or a warning as long as the shortest period (`retention_warning_too_long`)',
          ),
          403: error('Not an admin, or through an API token (`retention_not_allowed`)'),
        },
      },
    },
    async (request) => retention.updatePolicy(authOf(request), request.body, request.id),
  );
  app.post(
    '/api/v1/retention-policy/preview',
    {
      ...guarded,
      schema: {
        tags: ['retention'],
        summary:
          'What a policy (saved or not) would do at the next daily run: cases deleted, owners warned, cases kept under legal hold, dismissed reports deleted (admins; counts only)',
        body: RetentionPolicy,
        response: {
          200: RetentionPreview,
          422: error('Invalid policy, as for PUT'),
          403: error('Not an admin, or through an API token (`retention_not_allowed`)'),
        },
      },
    },
    async (request) => retention.preview(authOf(request), request.body),
  );
  const caseErrors = {
    403: error('Not the case’s threat manager or an admin (`legal_hold_not_allowed`)'),
    404: error('No such case (`case_not_found`)'),
    410: error('The case was deleted (`case_deleted`)'),
  };
  app.post(
    '/api/v1/cases/:id/legal-hold',
    {
      ...guarded,
      schema: {
        tags: ['cases'],
        summary:
          'Place the case under legal hold: exempt from retention and deletion (reason sealed; audited as case.legal_hold_set)',
        params: LegalHoldParam,
        body: LegalHoldBody,
        response: {
          200: LegalHold,
          ...caseErrors,
          409: error('The case is under legal hold already (`legal_hold_already_set`)'),
        },
      },
    },
    async (request) => retention.setHold(authOf(request), request.params.id, request.body.reason, request.id),
  );
  app.delete(
    '/api/v1/cases/:id/legal-hold',
    {
      ...guarded,
      schema: {
        tags: ['cases'],
        summary: 'Lift the case’s legal hold (audited as case.legal_hold_lifted)',
        params: LegalHoldParam,
        response: {
          200: LegalHold,
          ...caseErrors,
          409: error('The case is not under legal hold (`legal_hold_not_set`)'),
        },
      },
    },
    async (request) => retention.liftHold(authOf(request), request.params.id, request.id),
  );
};
