import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { setUnitOnDuty, unitOnDuty } from './on-duty.ts';
import { unitMembers, unitOverview } from './overview.ts';
import {
  IdParam,
  NewUnit,
  OnDutyRoster,
  OnDutyUpdate,
  Unit,
  UnitList,
  UnitMemberList,
  UnitMove,
  UnitOverview,
  UnitRename,
  UserUnits,
} from './schemas.ts';
import { createUnit, listUnits, moveUnit, renameUnit, setUserUnits } from './service.ts';

export interface UnitRoutesOptions {
  database: Database;
}

/** Organisational units of the signed-in user's tenant, and which units a user belongs to. */
export const unitRoutes: FastifyPluginAsyncTypebox<UnitRoutesOptions> = async (app, { database }) => {
  const asUser = (request: Parameters<typeof authOf>[0]) => {
    const auth = authOf(request);
    return { tenantId: auth.tenantId, by: { kind: 'user' as const, actor: auth } };
  };

  app.get(
    '/api/v1/units',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'List the organisational units, by name',
        response: { 200: UnitList },
      },
    },
    async (request) => {
      const { tenantId, by } = asUser(request);
      return { units: await listUnits(database, tenantId, by) };
    },
  );

  app.post(
    '/api/v1/units',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'Create a unit (admins); a parent must be a top-level unit',
        body: NewUnit,
        response: { 201: Unit },
      },
    },
    async (request, reply) => {
      const { tenantId, by } = asUser(request);
      const unit = await createUnit(database, tenantId, request.body, by);
      return reply.code(201).send(unit);
    },
  );

  app.patch(
    '/api/v1/units/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'Rename a unit (admins)',
        params: IdParam,
        body: UnitRename,
        response: { 200: Unit },
      },
    },
    async (request) => {
      const { tenantId, by } = asUser(request);
      return renameUnit(database, tenantId, request.params.id, request.body.name, by);
    },
  );

  app.put(
    '/api/v1/units/:id/parent',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary:
          'Move a unit under another top-level unit, or make it top-level with null (admins); cycles and a third level are refused',
        params: IdParam,
        body: UnitMove,
        response: { 200: Unit },
      },
    },
    async (request) => {
      const { tenantId, by } = asUser(request);
      return moveUnit(database, tenantId, request.params.id, request.body.parentId, by);
    },
  );

  app.get(
    '/api/v1/units/overview',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'The units with member counts, who is on duty and portal links, for the Units page (admins)',
        response: { 200: UnitOverview },
      },
    },
    async (request) => unitOverview(database, authOf(request)),
  );

  app.get(
    '/api/v1/units/:id/members',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'The users who belong to a unit: name, e-mail address, role and status (admins)',
        params: IdParam,
        response: { 200: UnitMemberList },
      },
    },
    async (request) => unitMembers(database, authOf(request), request.params.id),
  );

  app.put(
    '/api/v1/users/:id/units',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'Set the units a user belongs to (admins), replacing the previous ones',
        params: IdParam,
        body: UserUnits,
        response: {
          200: Type.Object(
            { unitIds: Type.Array(Type.String({ format: 'uuid' })) },
            { title: 'AssignedUnits' },
          ),
        },
      },
    },
    async (request) => {
      const { tenantId, by } = asUser(request);
      const { unitIds } = await setUserUnits(
        database,
        tenantId,
        { id: request.params.id },
        { ids: request.body.unitIds },
        by,
      );
      return { unitIds };
    },
  );

  app.get(
    '/api/v1/units/:id/on-duty',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'Who is on duty for the unit: told of its new reports (admins and its threat managers)',
        params: IdParam,
        response: { 200: OnDutyRoster },
      },
    },
    async (request) => unitOnDuty(database, authOf(request), request.params.id),
  );

  app.put(
    '/api/v1/units/:id/on-duty',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['units'],
        summary: 'Set who is on duty for the unit; nobody means every threat manager of the unit is told',
        params: IdParam,
        body: OnDutyUpdate,
        response: { 200: OnDutyRoster },
      },
    },
    async (request) =>
      setUnitOnDuty(database, authOf(request), request.params.id, request.body.userIds, request.id),
  );
};
