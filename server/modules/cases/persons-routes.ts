import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { CreatedEntry } from './case-file-schemas.ts';
import { CasePerson, PERSON_ROLES, PersonDetails, PersonMatch } from './persons.ts';
import { PersonSuggestion } from './persons-from-reports.ts';
import type { CasePersonsService } from './persons-service.ts';
import { CaseIdParam } from './schemas.ts';

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const PersonParams = Type.Object({
  id: Type.String({ pattern: uuid }),
  personId: Type.String({ pattern: uuid }),
});

const NewPerson = Type.Object(
  {
    role: Type.Enum(PERSON_ROLES),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    details: Type.Optional(Type.Union([PersonDetails, Type.Null()])),
    /** The report of this case that named the person, when taken over from it. */
    fromReportId: Type.Optional(Type.String({ pattern: uuid })),
  },
  { title: 'NewCasePerson', additionalProperties: false },
);
const PersonChange = Type.Object(
  {
    role: Type.Optional(Type.Enum(PERSON_ROLES)),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    details: Type.Optional(Type.Union([PersonDetails, Type.Null()])),
  },
  { title: 'CasePersonChange', additionalProperties: false, minProperties: 1 },
);
const PersonLink = Type.Object(
  { personId: Type.Union([Type.String({ pattern: uuid }), Type.Null()]) },
  { title: 'CasePersonLink', additionalProperties: false },
);
const Persons = Type.Object({ persons: Type.Array(CasePerson) }, { title: 'CasePersons' });
const Matches = Type.Object({ matches: Type.Array(PersonMatch) }, { title: 'CasePersonMatches' });
const Suggestions = Type.Object(
  { suggestions: Type.Array(PersonSuggestion) },
  { title: 'CasePersonSuggestions' },
);

/** The persons of a case: who is involved, pseudonymised in lists, linked across cases by blind index. */
export const casePersonRoutes: FastifyPluginAsyncTypebox<{ persons: CasePersonsService }> = async (
  app,
  { persons },
) => {
  const tags = ['cases'];
  app.get(
    '/api/v1/cases/:id/persons',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'The persons of the case with their names (audited as case.persons_read)',
        params: CaseIdParam,
        response: { 200: Persons },
      },
    },
    async (request) => ({ persons: await persons.list(authOf(request), request.params.id, request.id) }),
  );
  app.post(
    '/api/v1/cases/:id/persons',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Add a person, or take one over from a report of the case (audited as case.person_added)',
        params: CaseIdParam,
        body: NewPerson,
        response: { 201: CreatedEntry },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send({ id: await persons.add(authOf(request), request.params.id, request.body, request.id) }),
  );
  app.patch(
    '/api/v1/cases/:id/persons/:personId',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: "Change a person's role, name or details (audited as case.person_changed)",
        params: PersonParams,
        body: PersonChange,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await persons.change(
        authOf(request),
        request.params.id,
        request.params.personId,
        request.body,
        request.id,
      );
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/api/v1/cases/:id/persons/:personId',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Remove a person from the case (audited as case.person_removed)',
        params: PersonParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await persons.remove(authOf(request), request.params.id, request.params.personId, request.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/cases/:id/persons/:personId/matches',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          'Persons of the same name in other cases you work on, found by blind index (audited as case.person_matches)',
        params: PersonParams,
        response: { 200: Matches },
      },
    },
    async (request) => ({
      matches: await persons.matches(authOf(request), request.params.id, request.params.personId, request.id),
    }),
  );
  app.put(
    '/api/v1/cases/:id/persons/:personId/link',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary: 'Link the person with a person of another case as the same real person, or unlink (null)',
        params: PersonParams,
        body: PersonLink,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await persons.link(
        authOf(request),
        request.params.id,
        request.params.personId,
        request.body.personId,
        request.id,
      );
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/v1/cases/:id/person-suggestions',
    {
      preHandler: requireAuth,
      schema: {
        tags,
        summary:
          "People the case's reports name who are not case persons yet (audited as case.person_suggestions)",
        params: CaseIdParam,
        response: { 200: Suggestions },
      },
    },
    async (request) => ({
      suggestions: await persons.suggestions(authOf(request), request.params.id, request.id),
    }),
  );
};
