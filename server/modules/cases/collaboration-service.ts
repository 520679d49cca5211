import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { auditingIntegrity, recordDeniedRead } from '../audit/content-reads.ts';
import type { AuthContext } from '../identity/service.ts';
import type { CaseComment, CaseTask, NewComment, NewTask, TaskChange } from './collaboration-schemas.ts';
import { addComment, COMMENT_ORDER, readComments } from './comments.ts';
import { caseExists } from './store.ts';
import { createTask, readTasks, updateTask } from './tasks.ts';

/** The team's comments and tasks of a case for the routes, each call in one tenant transaction. */
export class CaseCollaborationService {
  readonly #database: Database;
  readonly #keyring: Keyring;
  readonly #alarm: IntegrityAlarm | undefined;
  readonly #now: () => Date;

  constructor(options: { database: Database; keyring: Keyring; alarm?: IntegrityAlarm; now?: () => Date }) {
    this.#database = options.database;
    this.#keyring = options.keyring;
    this.#alarm = options.alarm;
    this.#now = options.now ?? (() => new Date());
  }

  async #run<T>(
    auth: AuthContext,
    work: (trx: TenantTransaction, keys: TenantKeys) => Promise<T>,
  ): Promise<T> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, (trx) =>
      work(trx, keys),
    );
  }

  /**
   * A read of case content: a case the user may not see answers 404 like a missing one, and the audit log
   * records the denied read; a value whose case key fails verification is audited as a failure.
   */
  async #read<T>(
    auth: AuthContext,
    caseId: string,
    action: string,
    requestId: string,
    work: (trx: TenantTransaction, keys: TenantKeys) => Promise<T>,
  ): Promise<T> {
    const read = { action, objectType: 'case', objectId: caseId, caseId, requestId } as const;
    try {
      return await auditingIntegrity(this.#database, auth, read, this.#alarm, () => this.#run(auth, work));
    } catch (error) {
      if (error instanceof NotFound && error.code === 'case_not_found')
        await recordDeniedRead(this.#database, auth, read, (trx) => caseExists(trx, caseId));
      throw error;
    }
  }

  /** A page of the case's comments, oldest first. */
  comments(
    auth: AuthContext,
    caseId: string,
    query: { limit?: string | undefined; after?: string | undefined },
    requestId: string,
  ): Promise<{ comments: CaseComment[]; nextCursor: string | null }> {
    const page = readPage(COMMENT_ORDER, query);
    return this.#read(auth, caseId, 'case.comment_read', requestId, (trx, keys) =>
      readComments(trx, keys, auth, caseId, page, { requestId, alarm: this.#alarm }),
    );
  }

  /** Writes a comment, telling whoever it mentions; answers its id. */
  comment(auth: AuthContext, caseId: string, input: NewComment, requestId: string): Promise<string> {
    return this.#run(auth, (trx, keys) =>
      addComment(trx, keys, auth, caseId, input, { now: this.#now(), requestId }),
    );
  }

  /** The case's tasks, open ones first. */
  tasks(auth: AuthContext, caseId: string, requestId: string): Promise<CaseTask[]> {
    return this.#read(auth, caseId, 'case.task_read', requestId, (trx, keys) =>
      readTasks(trx, keys, auth, caseId, { requestId, alarm: this.#alarm }),
    );
  }

  /** Creates a task, telling its assignee; answers its id. */
  createTask(auth: AuthContext, caseId: string, input: NewTask, requestId: string): Promise<string> {
    return this.#run(auth, (trx, keys) =>
      createTask(trx, keys, auth, caseId, input, { now: this.#now(), requestId }),
    );
  }

  /** Changes a task or marks it done; answers the task. */
  updateTask(
    auth: AuthContext,
    caseId: string,
    taskId: string,
    change: TaskChange,
    requestId: string,
  ): Promise<CaseTask> {
    return this.#run(auth, (trx, keys) =>
      updateTask(trx, keys, auth, caseId, taskId, change, { now: this.#now(), requestId }),
    );
  }
}
