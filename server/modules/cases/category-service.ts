import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { isBuiltInCategory, tenantCategories, tenantCategory } from './categories.ts';
import { authorizeCategories, serializeCategories } from './category-policy.ts';
import type {
  CaseCategory,
  CaseCategoryChange,
  CaseCategoryList,
  NewCaseCategory,
} from './category-schemas.ts';
import { findCategoryRow, insertCategoryRow, updateCategoryRow } from './category-store.ts';

const names = (input: { de: string; en: string }) => {
  const de = input.de.trim();
  const en = input.en.trim();
  if (!de || !en)
    throw new Invalid('category_name_required', 'A category needs a name in German and in English.', [
      { path: de ? 'names.en' : 'names.de', message: 'is empty' },
    ]);
  return { de, en };
};

/** An organisation's case categories for the routes: everyone reads them, admins name and switch them. */
export class CaseCategoryService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: { database: Database; now?: () => Date }) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  #run<T>(auth: AuthContext, work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, work);
  }

  list(auth: AuthContext): Promise<CaseCategoryList> {
    const subject = { tenantId: auth.tenantId };
    authorizeCategories(auth, 'read', subject);
    return this.#run(auth, async (trx) => ({
      categories: await tenantCategories(trx),
      can: { configure: serializeCategories(auth, subject).configure },
    }));
  }

  /** Adds an own category; audited as `case_category.create` (the row's id; its key and names are not). */
  create(auth: AuthContext, input: NewCaseCategory, requestId: string): Promise<CaseCategory> {
    authorizeCategories(auth, 'configure', { tenantId: auth.tenantId });
    const named = names(input.names);
    return this.#run(auth, async (trx) => {
      const taken = () =>
        new Conflict('category_exists', 'The organisation has a category with this key already.');
      if (isBuiltInCategory(input.key)) throw taken();
      const row = await insertCategoryRow(trx, {
        tenant_id: auth.tenantId,
        key: input.key,
        built_in: false,
        name_de: named.de,
        name_en: named.en,
      });
      if (!row) throw taken();
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'case_category.create',
        objectType: 'case_category',
        objectId: row.id,
        outcome: 'success',
      });
      return (await tenantCategory(trx, row.key)) as CaseCategory;
    });
  }

  /**
   * Renames an own category or switches one on or off; audited as `case_category.update` with what
   * changed (`renamed`, `switched_off`, `switched_on`, joined by `.`).
   */
  update(
    auth: AuthContext,
    key: string,
    input: CaseCategoryChange,
    requestId: string,
  ): Promise<CaseCategory> {
    authorizeCategories(auth, 'configure', { tenantId: auth.tenantId });
    if (input.names && isBuiltInCategory(key))
      throw new Invalid('category_built_in', 'TMA names its built-in categories itself.', [
        { path: 'names', message: 'only an own category can be renamed' },
      ]);
    const named = input.names ? names(input.names) : undefined;
    return this.#run(auth, async (trx) => {
      const current = await tenantCategory(trx, key);
      if (!current) throw new NotFound('category_not_found', 'There is no such case category.');
      const row =
        (await findCategoryRow(trx, key)) ??
        (await insertCategoryRow(trx, {
          tenant_id: auth.tenantId,
          key,
          built_in: true,
          name_de: null,
          name_en: null,
        }));
      if (!row)
        throw new Conflict('category_changed', 'The category was changed at the same moment; try again.');
      const changed: string[] = [];
      if (named && (named.de !== row.name_de || named.en !== row.name_en)) changed.push('renamed');
      if (input.active !== undefined && input.active !== row.active)
        changed.push(input.active ? 'switched_on' : 'switched_off');
      if (changed.length > 0) {
        await updateCategoryRow(trx, row.id, {
          ...(named ? { name_de: named.de, name_en: named.en } : {}),
          ...(input.active !== undefined ? { active: input.active } : {}),
          updated_at: this.#now(),
        });
        await recordAuditEvent(trx, {
          ...auditActorOf(auth),
          requestId,
          action: 'case_category.update',
          objectType: 'case_category',
          objectId: row.id,
          outcome: 'success',
          reason: changed.join('.'),
        });
      }
      return (await tenantCategory(trx, key)) as CaseCategory;
    });
  }
}
