import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { assertValid } from '../../validation.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { defineCatalogue } from '../model-format/catalogue.ts';
import { BUILT_IN_MEASURE_TYPES } from './catalogue.ts';
import { authorizeMeasureTypes, canMeasureTypes } from './policy.ts';
import {
  type MeasureType,
  type MeasureTypeChange,
  MeasureTypeDefinition,
  type MeasureTypeList,
  type NewMeasureType,
} from './type-schemas.ts';
import {
  findMeasureTypeRow,
  handbookPageExists,
  saveMeasureTypeRow,
  selectMeasureTypeRows,
} from './type-store.ts';

// The organisation's measure catalogue: TMA's defaults (changed or switched off by a row of the
// organisation's) and its own types. Admins keep it; everyone who works on cases reads it.

const catalogue = defineCatalogue(BUILT_IN_MEASURE_TYPES, {
  code: 'measure_type',
  noun: 'measure type',
  // The playbook is a page of the organisation's own handbook: linking one is not a change to TMA's text.
  ownFields: ['playbookPageId'],
});

/** The organisation's measure types: TMA's in their order, then its own in the order made. */
export async function tenantMeasureTypes(trx: TenantTransaction): Promise<MeasureType[]> {
  return catalogue.entries(await selectMeasureTypeRows(trx));
}

/** A measure type to plan with: one the organisation offers (422 `measure_type_not_offered` otherwise). */
export async function offeredMeasureType(trx: TenantTransaction, key: string): Promise<MeasureType> {
  const row = await findMeasureTypeRow(trx, key);
  const type = row || catalogue.isBuiltIn(key) ? catalogue.entry(key, row) : null;
  if (!type?.active)
    throw new Invalid('measure_type_not_offered', 'The organisation offers no such measure type.', [
      { path: 'typeKey', message: type ? 'is switched off' : 'is not a measure type of the organisation' },
    ]);
  return type;
}

async function checkDefinition(
  trx: TenantTransaction,
  definition: MeasureTypeDefinition,
): Promise<MeasureTypeDefinition> {
  assertValid(MeasureTypeDefinition, definition, 'definition');
  const playbookPageId = definition.playbookPageId?.toLowerCase() ?? null;
  if (playbookPageId !== null && !(await handbookPageExists(trx, playbookPageId)))
    throw new Invalid('playbook_page_unknown', 'The handbook has no such page.', [
      { path: 'playbookPageId', message: 'is not a page of the handbook' },
    ]);
  const trimmed = (text: { de: string; en: string }) => ({ de: text.de.trim(), en: text.en.trim() });
  return {
    ...definition,
    names: trimmed(definition.names),
    descriptions: trimmed(definition.descriptions),
    playbookPageId,
  };
}

export class MeasureTypeService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: { database: Database; now?: () => Date }) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  #run<T>(auth: AuthContext, work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, work);
  }

  list(auth: AuthContext): Promise<MeasureTypeList> {
    authorizeMeasureTypes(auth, 'read');
    return this.#run(auth, async (trx) => ({
      types: await tenantMeasureTypes(trx),
      can: { configure: canMeasureTypes(auth, 'configure') },
    }));
  }

  /** Adds an own measure type; audited as `measure_type.create` (the key; the texts are not). */
  create(auth: AuthContext, input: NewMeasureType, requestId: string): Promise<MeasureType> {
    authorizeMeasureTypes(auth, 'configure');
    const { key, ...definition } = input;
    return this.#run(auth, async (trx) => {
      if (catalogue.isBuiltIn(key) || (await findMeasureTypeRow(trx, key)))
        throw new Conflict(
          'measure_type_exists',
          'The organisation has a measure type with this key already.',
        );
      const checked = await checkDefinition(trx, definition);
      await saveMeasureTypeRow(
        trx,
        auth.tenantId,
        { key, builtIn: false, definition: checked, active: true },
        this.#now(),
      );
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'measure_type.create',
        objectType: 'measure_type',
        objectId: key,
        outcome: 'success',
      });
      return catalogue.entry(key, await findMeasureTypeRow(trx, key));
    });
  }

  /**
   * Changes a measure type, switches it on or off, or resets one of TMA's to its default; audited as
   * `measure_type.update` with what changed (`changed`, `reset`, `switched_off`, `switched_on`, by `.`).
   */
  update(auth: AuthContext, key: string, change: MeasureTypeChange, requestId: string): Promise<MeasureType> {
    authorizeMeasureTypes(auth, 'configure');
    return this.#run(auth, async (trx) => {
      const saved = await catalogue.change(key, await findMeasureTypeRow(trx, key), change, (definition) =>
        checkDefinition(trx, definition),
      );
      await saveMeasureTypeRow(trx, auth.tenantId, saved.row, this.#now());
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'measure_type.update',
        objectType: 'measure_type',
        objectId: key,
        outcome: 'success',
        reason: saved.reason,
      });
      return catalogue.entry(key, await findMeasureTypeRow(trx, key));
    });
  }
}

/**
 * Links TMA's measure types to the playbook pages just added to the handbook (`pages`: type key → page id),
 * each only where the organisation has linked none (its current `playbookPageId` is null); runs in the
 * caller's transaction, as a consequence of adding TMA's handbook pages, not as an admin's change of the
 * catalogue. Audited as `measure_type.update` (`playbook_linked`). Answers the keys of the types linked.
 */
export async function adoptDefaultPlaybooks(
  trx: TenantTransaction,
  auth: AuthContext,
  pages: Readonly<Record<string, string>>,
  context: { now: Date; requestId: string },
): Promise<string[]> {
  const linked: string[] = [];
  for (const [key, pageId] of Object.entries(pages)) {
    if (!catalogue.isBuiltIn(key) || !(await handbookPageExists(trx, pageId))) continue;
    const {
      key: _key,
      builtIn: _builtIn,
      customised: _customised,
      active,
      ...definition
    } = catalogue.entry(key, await findMeasureTypeRow(trx, key));
    if (definition.playbookPageId !== null) continue;
    await saveMeasureTypeRow(
      trx,
      auth.tenantId,
      { key, builtIn: true, definition: { ...definition, playbookPageId: pageId }, active },
      context.now,
    );
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      requestId: context.requestId,
      action: 'measure_type.update',
      objectType: 'measure_type',
      objectId: key,
      outcome: 'success',
      reason: 'playbook_linked',
    });
    linked.push(key);
  }
  return linked;
}
