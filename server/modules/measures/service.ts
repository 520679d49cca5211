import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { NotFound } from '../../errors.ts';
import { auditingIntegrity, recordDeniedRead } from '../audit/content-reads.ts';
import { caseExists } from '../cases/load-case.ts';
import type { AuthContext } from '../identity/service.ts';
import { answerInvitation, myInvitations } from './experts.ts';
import { myOpenMeasures } from './my-measures.ts';
import { changeMeasure, planMeasure, readMeasurePlan } from './plan.ts';
import type {
  CaseMeasure,
  MeasureChange,
  MeasureInvitation,
  MeasurePlan,
  MyMeasure,
  NewMeasure,
} from './schemas.ts';

/** The measure plans of cases and the invitations to measures, for the routes; each call one transaction. */
export class MeasureService {
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

  /** The case's measure plan; a case the user may not see answers 404 and the denied read is audited. */
  async plan(auth: AuthContext, caseId: string, requestId: string): Promise<MeasurePlan> {
    const read = {
      action: 'case.measure_read',
      objectType: 'case',
      objectId: caseId,
      caseId,
      requestId,
    } as const;
    try {
      return await auditingIntegrity(this.#database, auth, read, this.#alarm, () =>
        this.#run(auth, (trx, keys) =>
          readMeasurePlan(trx, keys, auth, caseId, { requestId, now: this.#now(), alarm: this.#alarm }),
        ),
      );
    } catch (error) {
      if (error instanceof NotFound && error.code === 'case_not_found')
        await recordDeniedRead(this.#database, auth, read, (trx) => caseExists(trx, caseId));
      throw error;
    }
  }

  /** Plans a measure; answers its id. */
  create(auth: AuthContext, caseId: string, input: NewMeasure, requestId: string): Promise<string> {
    return this.#run(auth, (trx, keys) =>
      planMeasure(trx, keys, auth, caseId, input, { now: this.#now(), requestId }),
    );
  }

  /** Changes, starts, completes or cancels a measure; answers it. */
  update(
    auth: AuthContext,
    caseId: string,
    measureId: string,
    change: MeasureChange,
    requestId: string,
  ): Promise<CaseMeasure> {
    return this.#run(auth, (trx, keys) =>
      changeMeasure(trx, keys, auth, caseId, measureId, change, { now: this.#now(), requestId }),
    );
  }

  /** The open measures the user carries out or takes part in, across cases. */
  mine(auth: AuthContext, requestId: string): Promise<MyMeasure[]> {
    return this.#run(auth, (trx) => myOpenMeasures(trx, auth, { requestId, now: this.#now() }));
  }

  /** The user's open invitations to measures. */
  invitations(auth: AuthContext): Promise<MeasureInvitation[]> {
    return this.#run(auth, (trx) => myInvitations(trx, auth));
  }

  /** Accepts (joining the case's team) or declines an invitation; answers the case's id. */
  answer(
    auth: AuthContext,
    measureId: string,
    answer: 'accept' | 'decline',
    requestId: string,
  ): Promise<{ caseId: string }> {
    return this.#run(auth, (trx) =>
      answerInvitation(trx, auth, measureId, answer, { now: this.#now(), requestId }),
    );
  }
}
