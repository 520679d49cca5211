import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { Keyring } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { withTenant } from '../../db/tenant-transaction.ts';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { mayListCases } from './policy.ts';
import { titleField } from './tasks.ts';

// "My tasks" across cases, for the home page: the open tasks assigned to the user in cases they still
// read (row-level security on case_tasks and cases), soonest due first, titles opened with each case's key.

export const MyTask = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    case: Type.Object({ id: Type.String({ format: 'uuid' }), reference: Type.String() }),
    /** Null when it failed verification. */
    title: Type.Union([Type.String(), Type.Null()]),
    dueOn: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
    managersOnly: Type.Boolean(),
  },
  { title: 'MyTask' },
);
export type MyTask = Static<typeof MyTask>;

const MyTasks = Type.Object({ tasks: Type.Array(MyTask) }, { title: 'MyTasks' });

/** The most tasks the home page lists. */
const LIMIT = 100;

/** The user's open tasks, soonest due first (undated last); audited as one `case.task_read`. */
export async function myOpenTasks(
  database: Database,
  keyring: Keyring,
  auth: AuthContext,
  requestId: string,
): Promise<MyTask[]> {
  if (!mayListCases(auth)) return [];
  const keys = await keyring.forTenant(auth.tenantId);
  return withTenant(database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
    const rows = await trx
      .selectFrom('case_tasks')
      .innerJoin('cases', 'cases.id', 'case_tasks.case_id')
      .select([
        'case_tasks.id',
        'case_tasks.case_id',
        'case_tasks.title_sealed',
        'case_tasks.due_on',
        'case_tasks.managers_only',
        'cases.reference',
      ])
      .where('case_tasks.assignee_id', '=', auth.userId)
      .where('case_tasks.status', '=', 'open')
      .where('cases.deleted_at', 'is', null)
      .orderBy('case_tasks.due_on', (order) => order.asc().nullsLast())
      .orderBy('case_tasks.created_at')
      .limit(LIMIT)
      .execute();
    if (rows.length === 0) return [];
    const ciphers = await keys.scopes(trx, 'case', [...new Set(rows.map((row) => row.case_id))]);
    const unreadable = new UnreadableFields();
    const tasks = rows.map((row): MyTask => {
      const cipher = ciphers.get(row.case_id);
      return {
        id: row.id,
        case: { id: row.case_id, reference: row.reference },
        title:
          cipher && !(cipher instanceof Error)
            ? unreadable.open(
                `tasks.${row.id}.title`,
                () => cipher.openText(row.title_sealed, titleField(row.id)),
                null,
              )
            : null,
        dueOn: row.due_on,
        managersOnly: row.managers_only,
      };
    });
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: 'case.task_read',
      objectType: 'task',
      objectIds: tasks.map((task) => task.id),
      requestId,
      outcome: 'success',
      reason: 'mine',
    });
    return tasks;
  });
}

export const myTaskRoutes: FastifyPluginAsyncTypebox<{ database: Database; keyring: Keyring }> = async (
  app,
  { database, keyring },
) => {
  app.get(
    '/api/v1/tasks/mine',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['cases'],
        summary:
          'Your open tasks across the cases you work on, soonest due first (audited as case.task_read)',
        response: { 200: MyTasks },
      },
    },
    async (request) => ({ tasks: await myOpenTasks(database, keyring, authOf(request), request.id) }),
  );
};
