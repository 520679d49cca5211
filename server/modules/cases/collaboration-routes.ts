import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { CreatedEntry } from './case-file-schemas.ts';
import {
  CaseTask,
  CaseTaskParams,
  CommentPage,
  CommentQuery,
  NewComment,
  NewTask,
  TaskChange,
  TaskList,
} from './collaboration-schemas.ts';
import type { CaseCollaborationService } from './collaboration-service.ts';
import { CaseIdParam } from './schemas.ts';

/** The team's work on a case: comments with @mentions, and tasks with assignees and due days. */
export const caseCollaborationRoutes: FastifyPluginAsyncTypebox<{
  collaboration: CaseCollaborationService;
}> = async (app, { collaboration }) => {
  const tags = ['cases'];
  app.get(
    '/api/v1/cases/:id/comments',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'A page of the comments, oldest first; managers-only ones only for threat managers (audited as case.comment_read)',
        params: CaseIdParam,
        querystring: CommentQuery,
        response: { 200: CommentPage },
      },
    },
    async (request) => collaboration.comments(authOf(request), request.params.id, request.query, request.id),
  );
  app.post(
    '/api/v1/cases/:id/comments',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Write a comment; the users it mentions are told in the app and by e-mail, without its text (audited as case.comment)',
        params: CaseIdParam,
        body: NewComment,
        response: { 201: CreatedEntry },
      },
    },
    async (request, reply) => {
      const id = await collaboration.comment(authOf(request), request.params.id, request.body, request.id);
      return reply.code(201).send({ id });
    },
  );
  app.get(
    '/api/v1/cases/:id/tasks',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'The tasks of the case, open ones first by due day, then done ones (audited as case.task_read)',
        params: CaseIdParam,
        response: { 200: TaskList },
      },
    },
    async (request) => ({ tasks: await collaboration.tasks(authOf(request), request.params.id, request.id) }),
  );
  app.post(
    '/api/v1/cases/:id/tasks',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Create a task; its assignee is told in the app and by e-mail, without its title (audited as case.task_create)',
        params: CaseIdParam,
        body: NewTask,
        response: { 201: CreatedEntry },
      },
    },
    async (request, reply) => {
      const id = await collaboration.createTask(authOf(request), request.params.id, request.body, request.id);
      return reply.code(201).send({ id });
    },
  );
  app.patch(
    '/api/v1/cases/:id/tasks/:taskId',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Change a task (title, assignee, due day) or mark it done or open again (audited as case.task_update)',
        params: CaseTaskParams,
        body: TaskChange,
        response: { 200: CaseTask },
      },
    },
    async (request) =>
      collaboration.updateTask(
        authOf(request),
        request.params.id,
        request.params.taskId,
        request.body,
        request.id,
      ),
  );
};
