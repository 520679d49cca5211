import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Invalid } from '../../errors.ts';
import type { Level } from '../assessment-models/model-definition.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { authorizeAssessmentSettings } from './policy.ts';
import type { AssessmentSettings } from './schemas.ts';
import { assessmentSettingsRow, saveAssessmentSettings } from './store.ts';

// The organisation's assessment settings (migration 0036 holds the same defaults): who takes part besides
// threat managers, when re-assessment is due per level (MODELS.md: L4 daily, L3 weekly, L2 monthly), and
// which levels need a second threat manager's sign-off.

export const DEFAULT_ASSESSMENT_SETTINGS: AssessmentSettings = {
  expertSpecialties: ['psychology'],
  reviewDays: { L1: 90, L2: 30, L3: 7, L4: 1 },
  signOffLevels: [],
  externalInstruments: [],
};

export async function settingsOf(trx: TenantTransaction): Promise<AssessmentSettings> {
  const row = await assessmentSettingsRow(trx);
  if (!row) return DEFAULT_ASSESSMENT_SETTINGS;
  return {
    expertSpecialties: row.expert_specialties as AssessmentSettings['expertSpecialties'],
    reviewDays: {
      ...DEFAULT_ASSESSMENT_SETTINGS.reviewDays,
      ...row.review_days,
    } as AssessmentSettings['reviewDays'],
    signOffLevels: row.sign_off_levels as Level[],
    externalInstruments: row.external_instruments as AssessmentSettings['externalInstruments'],
  };
}

export class AssessmentSettingsService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: { database: Database; now?: () => Date }) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  get(auth: AuthContext): Promise<AssessmentSettings> {
    authorizeAssessmentSettings(auth, 'read');
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, settingsOf);
  }

  /** Admins change who takes part, the intervals and four eyes; audited as `assessment_settings.update`. */
  update(auth: AuthContext, settings: AssessmentSettings, requestId: string): Promise<AssessmentSettings> {
    authorizeAssessmentSettings(auth, 'configure');
    const problems = settings.externalInstruments.flatMap((instrument, index) => {
      const results = instrument.levelMap.map((entry) => entry.result);
      return [
        ...(settings.externalInstruments.findIndex((other) => other.key === instrument.key) !== index
          ? [{ path: `externalInstruments.${index}.key`, message: `repeats ${instrument.key}` }]
          : []),
        ...(new Set(results).size !== results.length
          ? [{ path: `externalInstruments.${index}.levelMap`, message: 'repeats a result' }]
          : []),
      ];
    });
    if (problems.length > 0)
      throw new Invalid(
        'assessment_settings_invalid',
        `The settings are not valid (${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}).`,
        problems,
      );
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      await saveAssessmentSettings(trx, auth.tenantId, settings, this.#now());
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'assessment_settings.update',
        objectType: 'tenant',
        objectId: auth.tenantId,
        outcome: 'success',
      });
      return settingsOf(trx);
    });
  }
}
