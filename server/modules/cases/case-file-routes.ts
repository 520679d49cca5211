import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import {
  CaseDetailsChange,
  CaseMemberParams,
  CaseStatusChange,
  CreatedEntry,
  JournalPage,
  JournalQuery,
  NewJournalEntry,
  NewTeamMember,
  Team,
  TeamCandidateQuery,
  TeamCandidates,
  TeamMembershipChange,
} from './case-file-schemas.ts';
import type { CaseFileService } from './case-file-service.ts';
import { CaseDetail, CaseIdParam } from './schemas.ts';

/** The case file: status, details, journal and team of a case. */
export const caseFileRoutes: FastifyPluginAsyncTypebox<{ caseFile: CaseFileService }> = async (
  app,
  { caseFile },
) => {
  const tags = ['cases'];
  app.post(
    '/api/v1/cases/:id/status',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Change the status with a reason (a journal entry; audited as case.status_change or case.reopen)',
        params: CaseIdParam,
        body: CaseStatusChange,
        response: { 200: CaseDetail },
      },
    },
    async (request) => caseFile.changeStatus(authOf(request), request.params.id, request.body, request.id),
  );
  app.patch(
    '/api/v1/cases/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Change title, summary, category, tags, due date or owner (audited as case.update)',
        params: CaseIdParam,
        body: CaseDetailsChange,
        response: { 200: CaseDetail },
      },
    },
    async (request) => caseFile.updateDetails(authOf(request), request.params.id, request.body, request.id),
  );
  app.get(
    '/api/v1/cases/:id/journal',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'A page of the journal, newest first; managers-only entries only for threat managers (audited as case.journal_read)',
        params: CaseIdParam,
        querystring: JournalQuery,
        response: { 200: JournalPage },
      },
    },
    async (request) => caseFile.journal(authOf(request), request.params.id, request.query, request.id),
  );
  app.post(
    '/api/v1/cases/:id/journal',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Write a note, call or meeting into the journal, or correct an entry (audited as case.journal_write)',
        params: CaseIdParam,
        body: NewJournalEntry,
        response: { 201: CreatedEntry },
      },
    },
    async (request, reply) => {
      const id = await caseFile.writeJournal(authOf(request), request.params.id, request.body, request.id);
      return reply.code(201).send({ id });
    },
  );
  app.get(
    '/api/v1/cases/:id/team',
    {
      preHandler: requireAuth,
      schema: { tags, summary: 'The case team, owner first', params: CaseIdParam, response: { 200: Team } },
    },
    async (request) => ({ members: await caseFile.team(authOf(request), request.params.id) }),
  );
  app.get(
    '/api/v1/cases/:id/team/candidates',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Who can join the case team (names, roles, specialties; for whoever manages the team), at most 50 by name',
        params: CaseIdParam,
        querystring: TeamCandidateQuery,
        response: { 200: TeamCandidates },
      },
    },
    async (request) => ({
      candidates: await caseFile.candidates(authOf(request), request.params.id, request.query),
    }),
  );
  app.post(
    '/api/v1/cases/:id/team',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Add someone to the case team, for good or until a time (audited as case.team_add)',
        params: CaseIdParam,
        body: NewTeamMember,
        response: { 200: Team },
      },
    },
    async (request) => ({
      members: await caseFile.addMember(authOf(request), request.params.id, request.body, request.id),
    }),
  );
  app.patch(
    '/api/v1/cases/:id/team/:userId',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Change when a membership ends (audited as case.team_change)',
        params: CaseMemberParams,
        body: TeamMembershipChange,
        response: { 200: Team },
      },
    },
    async (request) => ({
      members: await caseFile.changeMember(
        authOf(request),
        request.params.id,
        request.params.userId,
        request.body,
        request.id,
      ),
    }),
  );
  app.delete(
    '/api/v1/cases/:id/team/:userId',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Take someone off the case team; their access ends at once (audited as case.team_remove)',
        params: CaseMemberParams,
        response: { 200: Team },
      },
    },
    async (request) => ({
      members: await caseFile.removeMember(
        authOf(request),
        request.params.id,
        request.params.userId,
        request.id,
      ),
    }),
  );
};
