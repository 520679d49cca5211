import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import type { AccessActor } from '../access/unit-access.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { loadCase } from '../cases/load-case.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { type HeldCase, legalHoldOf, liftLegalHold, setLegalHold } from './legal-hold.ts';
import { authorizeRetention } from './policy.ts';
import { previewRetention } from './preview.ts';
import { checkPolicy, DEFAULT_RETENTION_POLICY } from './rules.ts';
import type { LegalHold, RetentionPolicy, RetentionPreview, RetentionSettings } from './schemas.ts';
import { findPolicy, lastRun, savePolicy } from './store.ts';

/** The tenant's retention policy, or the defaults when none was saved. */
export async function retentionPolicyOf(trx: TenantTransaction): Promise<RetentionPolicy> {
  return (await findPolicy(trx))?.policy ?? DEFAULT_RETENTION_POLICY;
}

/** The retention policy (admins) and legal holds on cases, for the routes; one tenant transaction each. */
export class RetentionService {
  readonly #database: Database;
  readonly #keyring: Keyring;
  readonly #now: () => Date;

  constructor(options: { database: Database; keyring: Keyring; now?: () => Date }) {
    this.#database = options.database;
    this.#keyring = options.keyring;
    this.#now = options.now ?? (() => new Date());
  }

  #run<T>(auth: AuthContext, work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, work);
  }

  async settings(auth: AuthContext): Promise<RetentionSettings> {
    authorizeRetention(auth, 'read', { tenantId: auth.tenantId });
    return this.#run(auth, (trx) => readSettings(trx));
  }

  /**
   * What `policy` (saved or not) would do at the next daily run, counted over the whole organisation:
   * counts only, so the admin's unit scope is lifted for them (docs/security.md).
   */
  async preview(auth: AuthContext, policy: RetentionPolicy): Promise<RetentionPreview> {
    authorizeRetention(auth, 'configure', { tenantId: auth.tenantId });
    checkPolicy(policy);
    const now = this.#now();
    return this.#run(auth, (trx) => withoutUserScope(trx, () => previewRetention(trx, policy, now)));
  }

  /** Replaces the policy; audited as `retention.policy_update` (counts only). */
  async updatePolicy(
    auth: AuthContext,
    policy: RetentionPolicy,
    requestId: string,
  ): Promise<RetentionSettings> {
    authorizeRetention(auth, 'configure', { tenantId: auth.tenantId });
    checkPolicy(policy);
    return this.#run(auth, async (trx) => {
      await savePolicy(trx, { tenantId: auth.tenantId, policy, by: auth.userId, at: this.#now() });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'retention.policy_update',
        objectType: 'tenant',
        objectId: auth.tenantId,
        outcome: 'success',
        reason: `case_rules=${policy.caseRules.length}:warning_days=${policy.warningDays}`,
      });
      return readSettings(trx);
    });
  }

  /** Places a case under legal hold, with a reason sealed with the case's key; answers the hold. */
  setHold(auth: AuthContext, caseId: string, reason: string, requestId: string): Promise<LegalHold> {
    return this.#hold(auth, caseId, requestId, (trx, keys, target, context) =>
      setLegalHold(trx, keys, target, reason, context),
    );
  }

  /** Lifts a case's legal hold; answers the (now absent) hold. */
  liftHold(auth: AuthContext, caseId: string, requestId: string): Promise<LegalHold> {
    return this.#hold(auth, caseId, requestId, (trx, _keys, target, context) =>
      liftLegalHold(trx, target, context),
    );
  }

  async #hold(
    auth: AuthContext,
    caseId: string,
    requestId: string,
    change: (
      trx: TenantTransaction,
      keys: TenantKeys,
      target: HeldCase,
      context: Parameters<typeof liftLegalHold>[2],
    ) => Promise<void>,
  ): Promise<LegalHold> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return this.#run(auth, async (trx) => {
      const actor: AccessActor = await accessActor(trx, auth);
      const { row, can, subject } = await loadCase(trx, actor, caseId, 'see');
      const target = { caseId: row.id, subject };
      await change(trx, keys, target, {
        tenantId: auth.tenantId,
        actor,
        audit: { ...auditActorOf(auth), requestId },
        now: this.#now(),
      });
      const cipher = can.read ? await keys.scope(trx, 'case', row.id) : null;
      return legalHoldOf(trx, cipher, actor, target);
    });
  }
}

async function readSettings(trx: TenantTransaction): Promise<RetentionSettings> {
  const saved = await findPolicy(trx);
  const run = await lastRun(trx);
  return {
    policy: saved?.policy ?? DEFAULT_RETENTION_POLICY,
    isDefault: saved === undefined,
    updatedAt: saved?.updated_at.toISOString() ?? null,
    lastRun: run
      ? {
          runOn: run.run_on,
          finishedAt: run.finished_at?.toISOString() ?? null,
          deleted: run.deleted,
          anonymised: run.anonymised,
          warned: run.warned,
          held: run.held,
          failed: run.failed,
        }
      : null,
  };
}
