import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid } from '../../errors.ts';
import { assertValid } from '../../validation.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { defineCatalogue } from '../model-format/catalogue.ts';
import { tenantCategory } from './categories.ts';
import { authorizeCategories, serializeCategories } from './category-policy.ts';
import {
  type CaseTemplate,
  type CaseTemplateChange,
  type CaseTemplateList,
  type NewCaseTemplate,
  TemplateDefinition,
} from './template-schemas.ts';
import { findTemplateRow, saveTemplateRow, selectTemplateRows } from './template-store.ts';
import { BUILT_IN_TEMPLATES } from './templates.ts';

// The organisation's case templates: TMA's defaults (changed or switched off by a row of the organisation's)
// and its own. Who configures them is who configures case categories, its admins (category-policy.ts);
// everyone who opens cases reads them.

const catalogue = defineCatalogue(BUILT_IN_TEMPLATES, { code: 'template', noun: 'case template' });

/** The organisation's templates: TMA's in their order, then its own in the order made. */
export async function tenantTemplates(trx: TenantTransaction): Promise<CaseTemplate[]> {
  return catalogue.entries(await selectTemplateRows(trx));
}

/** The template to open a case with: one the organisation offers (422 `template_not_offered` otherwise). */
export async function offeredTemplate(trx: TenantTransaction, key: string): Promise<CaseTemplate> {
  const row = await findTemplateRow(trx, key);
  if (!row && !catalogue.isBuiltIn(key))
    throw new Invalid('template_not_offered', 'The organisation has no such case template.', [
      { path: 'templateKey', message: 'is not a template of the organisation' },
    ]);
  const template = catalogue.entry(key, row);
  if (!template.active)
    throw new Invalid('template_not_offered', 'This case template is switched off.', [
      { path: 'templateKey', message: 'is switched off' },
    ]);
  return template;
}

async function checkDefinition(
  trx: TenantTransaction,
  definition: TemplateDefinition,
): Promise<TemplateDefinition> {
  assertValid(TemplateDefinition, definition, 'definition');
  if (definition.category !== null && !(await tenantCategory(trx, definition.category)))
    throw new Invalid('template_category_unknown', 'The organisation has no such case category.', [
      { path: 'category', message: 'is not a category of the organisation' },
    ]);
  const trimmed = (text: { de: string; en: string }) => ({ de: text.de.trim(), en: text.en.trim() });
  return {
    ...definition,
    names: trimmed(definition.names),
    descriptions: trimmed(definition.descriptions),
    tags: [...new Set(definition.tags.map((tag) => tag.trim().toLowerCase()).filter((tag) => tag !== ''))],
    tasks: definition.tasks.map((task) => ({ ...task, title: trimmed(task.title) })),
  };
}

export class CaseTemplateService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: { database: Database; now?: () => Date }) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  #run<T>(auth: AuthContext, work: (trx: TenantTransaction) => Promise<T>): Promise<T> {
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, work);
  }

  list(auth: AuthContext): Promise<CaseTemplateList> {
    const subject = { tenantId: auth.tenantId };
    authorizeCategories(auth, 'read', subject);
    return this.#run(auth, async (trx) => ({
      templates: await tenantTemplates(trx),
      can: { configure: serializeCategories(auth, subject).configure },
    }));
  }

  /** Adds an own template; audited as `case_template.create` (the key; the texts are not). */
  create(auth: AuthContext, input: NewCaseTemplate, requestId: string): Promise<CaseTemplate> {
    authorizeCategories(auth, 'configure', { tenantId: auth.tenantId });
    const { key, ...definition } = input;
    return this.#run(auth, async (trx) => {
      if (catalogue.isBuiltIn(key) || (await findTemplateRow(trx, key)))
        throw new Conflict('template_exists', 'The organisation has a template with this key already.');
      const checked = await checkDefinition(trx, definition);
      await saveTemplateRow(
        trx,
        auth.tenantId,
        { key, builtIn: false, definition: checked, active: true },
        this.#now(),
      );
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'case_template.create',
        objectType: 'case_template',
        objectId: key,
        outcome: 'success',
      });
      return catalogue.entry(key, await findTemplateRow(trx, key));
    });
  }

  /**
   * Changes a template's content, switches it on or off, or resets one of TMA's to its default; audited as
   * `case_template.update` with what changed (`changed`, `reset`, `switched_off`, `switched_on`, by `.`).
   */
  update(
    auth: AuthContext,
    key: string,
    change: CaseTemplateChange,
    requestId: string,
  ): Promise<CaseTemplate> {
    authorizeCategories(auth, 'configure', { tenantId: auth.tenantId });
    return this.#run(auth, async (trx) => {
      const saved = await catalogue.change(key, await findTemplateRow(trx, key), change, (definition) =>
        checkDefinition(trx, definition),
      );
      await saveTemplateRow(trx, auth.tenantId, saved.row, this.#now());
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        requestId,
        action: 'case_template.update',
        objectType: 'case_template',
        objectId: key,
        outcome: 'success',
        reason: saved.reason,
      });
      return catalogue.entry(key, await findTemplateRow(trx, key));
    });
  }
}
