import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { assertValid } from '../../validation.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
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
  type MeasureTypeRow,
  saveMeasureTypeRow,
  selectMeasureTypeRows,
} from './type-store.ts';

// The organisation's measure catalogue: TMA's defaults (changed or switched off by a row of the
// organisation's) and its own types. Admins keep it; everyone who works on cases reads it.

function view(key: string, row: MeasureTypeRow | undefined): MeasureType {
  const builtIn = BUILT_IN_MEASURE_TYPES[key];
  const definition = (row?.definition ?? builtIn) as MeasureTypeDefinition;
  return {
    key,
    builtIn: builtIn !== undefined,
    customised: builtIn !== undefined && row !== undefined && !isDeepStrictEqual(row.definition, builtIn),
    active: row?.active ?? true,
    ...definition,
  };
}

/** The organisation's measure types: TMA's in their order, then its own in the order made. */
export async function tenantMeasureTypes(trx: TenantTransaction): Promise<MeasureType[]> {
  const rows = await selectMeasureTypeRows(trx);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return [
    ...Object.keys(BUILT_IN_MEASURE_TYPES).map((key) => view(key, byKey.get(key))),
    ...rows.filter((row) => !row.built_in).map((row) => view(row.key, row)),
  ];
}

/** A measure type to plan with: one the organisation offers (422 `measure_type_not_offered` otherwise). */
export async function offeredMeasureType(trx: TenantTransaction, key: string): Promise<MeasureType> {
  const row = await findMeasureTypeRow(trx, key);
  const type = row || BUILT_IN_MEASURE_TYPES[key] ? view(key, row) : null;
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
      if (BUILT_IN_MEASURE_TYPES[key] || (await findMeasureTypeRow(trx, key)))
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
      return view(key, await findMeasureTypeRow(trx, key));
    });
  }

  /**
   * Changes a measure type, switches it on or off, or resets one of TMA's to its default; audited as
   * `measure_type.update` with what changed (`changed`, `reset`, `switched_off`, `switched_on`, by `.`).
   */
  update(auth: AuthContext, key: string, change: MeasureTypeChange, requestId: string): Promise<MeasureType> {
    authorizeMeasureTypes(auth, 'configure');
    return this.#run(auth, async (trx) => {
      const row = await findMeasureTypeRow(trx, key);
      const builtIn = BUILT_IN_MEASURE_TYPES[key];
      if (!row && !builtIn) throw new NotFound('measure_type_not_found', 'No such measure type.');
      if (change.reset && !builtIn)
        throw new Invalid(
          'measure_type_not_built_in',
          'Only TMA’s own measure types have a default to go back to.',
        );
      if (change.reset && change.definition)
        throw new Invalid(
          'measure_type_change_conflict',
          'Reset or change the measure type, not both at once.',
        );
      const { key: _key, builtIn: _builtIn, customised: _customised, active, ...current } = view(key, row);
      const definition = change.reset
        ? (builtIn as MeasureTypeDefinition)
        : change.definition
          ? await checkDefinition(trx, change.definition)
          : current;
      const nextActive = change.active ?? active;
      await saveMeasureTypeRow(
        trx,
        auth.tenantId,
        { key, builtIn: builtIn !== undefined, definition, active: nextActive },
        this.#now(),
      );
      const changed = [
        change.definition ? 'changed' : null,
        change.reset ? 'reset' : null,
        nextActive !== active ? (nextActive ? 'switched_on' : 'switched_off') : null,
      ].filter((part) => part !== null);
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'measure_type.update',
        objectType: 'measure_type',
        objectId: key,
        outcome: 'success',
        reason: changed.length > 0 ? changed.join('.') : 'unchanged',
      });
      return view(key, await findMeasureTypeRow(trx, key));
    });
  }
}
