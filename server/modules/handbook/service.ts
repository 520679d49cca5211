import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { adoptDefaultPlaybooks } from '../measures/type-service.ts';
import { diffLanguage } from './diff.ts';
import { PLAYBOOK_PAGES } from './playbook-pages.ts';
import { authorizeHandbook, type HandbookAction, type HandbookActor, serializeHandbook } from './policy.ts';
import type {
  HandbookDiff,
  HandbookPage,
  HandbookPageChange,
  HandbookPageList,
  HandbookPageVersion,
  HandbookRestore,
  HandbookSearchResults,
  HandbookStarterPages,
  HandbookText,
  HandbookVersionList,
  HandbookVersionSummary,
  NewHandbookPage,
} from './schemas.ts';
import { searchQuery, snippetSegments } from './search-text.ts';
import { STARTER_PAGES, type StarterPage } from './starter-pages.ts';
import {
  appendVersion,
  archivePage,
  type CurrentPageRow,
  findCurrentPage,
  findVersion,
  handbookPagesKeyset,
  handbookVersionsKeyset,
  insertPage,
  lockPage,
  type NewVersion,
  type PageRef,
  searchPages,
  selectPageSummaries,
  selectVersions,
  type VersionRow,
} from './store.ts';

// The organisation's handbook: its procedures as Markdown pages in German and English, each save a new
// version (history is never rewritten: a restore is a new version with the old content). Every write is
// audited with ids and codes (`handbook_page.create`, `.update`, `.restore`, `.archive`); reading pages is
// not, because they are the team's procedures, not case content.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Slugs the web app uses for its own pages under /handbook. */
const RESERVED_SLUGS = new Set(['new']);
const DEFAULT_SEARCH_LIMIT = 20;

const pageNotFound = () => new NotFound('handbook_page_not_found', 'No such page in the handbook.');
const versionNotFound = () => new NotFound('handbook_version_not_found', 'The page has no such version.');
const versionConflict = (current: number) =>
  new Conflict(
    'handbook_version_conflict',
    `Someone saved the page since you opened it: version ${current} is current now. Reload it and apply your change again.`,
  );

const refOf = (page: string): PageRef => (UUID.test(page) ? { id: page } : { slug: page });

type Texts = { en: HandbookText | null; de: HandbookText | null };

/** Titles trimmed, line ends made `\n`; at least one language, and none with an empty title. */
function cleanTexts(input: Texts): Texts {
  const clean = (text: HandbookText | null, language: 'en' | 'de') => {
    if (text === null) return null;
    const title = text.title.trim();
    if (!title)
      throw new Invalid('handbook_title_required', 'A language of the page needs a title.', [
        { path: `${language}.title`, message: 'is empty' },
      ]);
    return { title, body: text.body.replace(/\r\n?/g, '\n') };
  };
  const texts = { en: clean(input.en, 'en'), de: clean(input.de, 'de') };
  if (!texts.en && !texts.de)
    throw new Invalid('handbook_language_required', 'A page needs German or English text, or both.', [
      { path: 'de', message: 'neither language is given' },
    ]);
  return texts;
}

const textOf = (title: string | null, body: string | null): HandbookText | null =>
  title === null ? null : { title, body: body ?? '' };
const textsOf = (row: Pick<VersionRow, 'title_en' | 'body_en' | 'title_de' | 'body_de'>): Texts => ({
  en: textOf(row.title_en, row.body_en),
  de: textOf(row.title_de, row.body_de),
});
const sameTexts = (a: Texts, b: Texts) => JSON.stringify(a) === JSON.stringify(b);
const cleanNote = (note: string | undefined) => note?.trim() || null;

function versionSummary(row: VersionRow): HandbookVersionSummary {
  return {
    version: row.version,
    author: row.author_id ? { id: row.author_id, name: row.author_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
    note: row.note,
    restoredFrom: row.restored_from,
    languages: [
      ...(row.title_de !== null ? ['de' as const] : []),
      ...(row.title_en !== null ? ['en' as const] : []),
    ],
  };
}

export class HandbookService {
  readonly #database: Database;
  readonly #now: () => Date;

  constructor(options: { database: Database; now?: () => Date }) {
    this.#database = options.database;
    this.#now = options.now ?? (() => new Date());
  }

  /** Runs `work` in the tenant's transaction for an actor allowed `action`, as the database knows them. */
  #run<T>(
    auth: AuthContext,
    action: HandbookAction,
    work: (trx: TenantTransaction, actor: HandbookActor) => Promise<T>,
  ): Promise<T> {
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, async (trx) => {
      const actor = await accessActor(trx, auth);
      authorizeHandbook(actor, action, { tenantId: auth.tenantId });
      return work(trx, actor);
    });
  }

  #can(actor: HandbookActor) {
    const can = serializeHandbook(actor, { tenantId: actor.tenantId });
    return { edit: can.edit, restore: can.restore, archive: can.archive };
  }

  #page(row: CurrentPageRow, actor: HandbookActor): HandbookPage {
    return {
      id: row.id,
      slug: row.slug,
      version: row.current_version,
      ...textsOf(row),
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      updatedBy: row.updated_by ? { id: row.updated_by, name: row.updater_name ?? '' } : null,
      note: row.note,
      restoredFrom: row.restored_from,
      can: this.#can(actor),
    };
  }

  /** The handbook's pages in the order they were written, with their current titles. */
  list(auth: AuthContext, query: { after?: string; limit?: string }): Promise<HandbookPageList> {
    const page = readPage(handbookPagesKeyset, query);
    return this.#run(auth, 'read', async (trx, actor) => {
      const { rows, next } = await selectPageSummaries(trx, page);
      return {
        pages: rows.map((row) => ({
          id: row.id,
          slug: row.slug,
          version: row.current_version,
          updatedAt: row.updated_at.toISOString(),
          titles: { en: row.title_en, de: row.title_de },
        })),
        nextCursor: encodeCursor(handbookPagesKeyset, next),
        can: { create: serializeHandbook(actor, { tenantId: auth.tenantId }).create },
      };
    });
  }

  /** The current pages that contain every word of `q` (as prefixes), best first, with a passage each. */
  search(auth: AuthContext, query: { q: string; limit?: string }): Promise<HandbookSearchResults> {
    const tsquery = searchQuery(query.q);
    const limit = query.limit === undefined ? DEFAULT_SEARCH_LIMIT : Number(query.limit);
    return this.#run(auth, 'read', async (trx) => {
      if (tsquery === null) return { results: [] };
      const rows = await searchPages(trx, tsquery, limit);
      return {
        results: rows.map((row) => {
          const de = snippetSegments(row.snippet_de);
          const en = snippetSegments(row.snippet_en);
          return {
            id: row.id,
            slug: row.slug,
            titles: { en: row.title_en, de: row.title_de },
            snippet: de ? { language: 'de', segments: de } : en ? { language: 'en', segments: en } : null,
          };
        }),
      };
    });
  }

  /** A page with its current version in both languages. */
  get(auth: AuthContext, page: string): Promise<HandbookPage> {
    return this.#run(auth, 'read', async (trx, actor) => {
      const row = await findCurrentPage(trx, refOf(page));
      if (!row) throw pageNotFound();
      return this.#page(row, actor);
    });
  }

  /** Writes a new page as version 1; audited as `handbook_page.create` (the page's id). */
  create(auth: AuthContext, input: NewHandbookPage, requestId: string): Promise<HandbookPage> {
    if (UUID.test(input.slug) || RESERVED_SLUGS.has(input.slug))
      throw new Invalid('handbook_slug_invalid', 'This address is kept for the app; choose another one.', [
        { path: 'slug', message: 'is reserved' },
      ]);
    const texts = cleanTexts(input);
    return this.#run(auth, 'create', async (trx, actor) => {
      const id = randomUUID();
      const now = this.#now();
      const written = await insertPage(
        trx,
        { id, tenant_id: auth.tenantId, slug: input.slug, created_by: auth.userId, created_at: now },
        this.#version(auth, id, 1, texts, cleanNote(input.note), null, now),
      );
      if (!written)
        throw new Conflict('handbook_slug_taken', 'A page of the handbook has this address already.');
      await this.#audit(trx, auth, requestId, 'handbook_page.create', id, 'version=1');
      return this.#page((await findCurrentPage(trx, { id })) as CurrentPageRow, actor);
    });
  }

  /**
   * Copies TMA's starter pages and the playbooks of its measure types into the handbook, each as version 1
   * of a page of the organisation, leaving out any whose slug is taken; audited as `handbook_page.create`
   * (`version=1:starter`) for each. Each playbook added becomes its measure type's playbook where the
   * organisation has linked none (measures/type-service.ts, `measure_type.update` `playbook_linked`).
   */
  addStarterPages(auth: AuthContext, requestId: string): Promise<HandbookStarterPages> {
    return this.#run(auth, 'create', async (trx) => {
      const created: string[] = [];
      const playbooks: Record<string, string> = {};
      const now = this.#now();
      const pages: readonly (StarterPage & { measureType?: string })[] = [
        ...STARTER_PAGES,
        ...PLAYBOOK_PAGES,
      ];
      for (const starter of pages) {
        const id = randomUUID();
        const version = this.#version(auth, id, 1, { en: starter.en, de: starter.de }, null, null, now);
        const page = {
          id,
          tenant_id: auth.tenantId,
          slug: starter.slug,
          created_by: auth.userId,
          created_at: now,
        };
        if (!(await insertPage(trx, page, version))) continue;
        await this.#audit(trx, auth, requestId, 'handbook_page.create', id, 'version=1:starter');
        created.push(starter.slug);
        if (starter.measureType) playbooks[starter.measureType] = id;
      }
      const linkedMeasureTypes = await adoptDefaultPlaybooks(trx, auth, playbooks, { now, requestId });
      return { created, linkedMeasureTypes };
    });
  }

  /**
   * Saves a change as a new version, if `baseVersion` is still the current one (else 409
   * `handbook_version_conflict`); audited as `handbook_page.update` (`version=<n>`).
   */
  update(
    auth: AuthContext,
    page: string,
    input: HandbookPageChange,
    requestId: string,
  ): Promise<HandbookPage> {
    const texts = cleanTexts(input);
    return this.#run(auth, 'edit', async (trx, actor) => {
      const current = await this.#lockCurrent(trx, page);
      if (current.current_version !== input.baseVersion) throw versionConflict(current.current_version);
      if (sameTexts(textsOf(current), texts))
        throw new Invalid(
          'handbook_unchanged',
          'The page is the same as its current version: nothing to save.',
        );
      const version = current.current_version + 1;
      await appendVersion(
        trx,
        this.#version(auth, current.id, version, texts, cleanNote(input.note), null, this.#now()),
      );
      await this.#audit(trx, auth, requestId, 'handbook_page.update', current.id, `version=${version}`);
      return this.#page((await findCurrentPage(trx, { id: current.id })) as CurrentPageRow, actor);
    });
  }

  /**
   * Makes an old version's content current again as a new version that names it (`restoredFrom`); the
   * history stays as it was. Audited as `handbook_page.restore` (`version=<new>:from=<old>`).
   */
  restore(
    auth: AuthContext,
    page: string,
    from: number,
    input: HandbookRestore,
    requestId: string,
  ): Promise<HandbookPage> {
    return this.#run(auth, 'restore', async (trx, actor) => {
      const current = await this.#lockCurrent(trx, page);
      if (input.baseVersion !== undefined && current.current_version !== input.baseVersion)
        throw versionConflict(current.current_version);
      const old = await findVersion(trx, current.id, from);
      if (!old) throw versionNotFound();
      if (from === current.current_version)
        throw new Invalid('handbook_version_is_current', 'This version is the current one already.');
      const version = current.current_version + 1;
      await appendVersion(
        trx,
        this.#version(auth, current.id, version, textsOf(old), cleanNote(input.note), from, this.#now()),
      );
      await this.#audit(
        trx,
        auth,
        requestId,
        'handbook_page.restore',
        current.id,
        `version=${version}:from=${from}`,
      );
      return this.#page((await findCurrentPage(trx, { id: current.id })) as CurrentPageRow, actor);
    });
  }

  /** Takes a page out of the handbook (its versions stay); audited as `handbook_page.archive`. */
  archive(auth: AuthContext, page: string, requestId: string): Promise<void> {
    return this.#run(auth, 'archive', async (trx) => {
      const current = await this.#lockCurrent(trx, page);
      await archivePage(trx, current.id, auth.userId, this.#now());
      await this.#audit(
        trx,
        auth,
        requestId,
        'handbook_page.archive',
        current.id,
        `version=${current.current_version}`,
      );
    });
  }

  /** The page's versions, newest first. */
  versions(
    auth: AuthContext,
    page: string,
    query: { after?: string; limit?: string },
  ): Promise<HandbookVersionList> {
    const request = readPage(handbookVersionsKeyset, query);
    return this.#run(auth, 'read', async (trx, actor) => {
      const current = await findCurrentPage(trx, refOf(page));
      if (!current) throw pageNotFound();
      const { rows, next } = await selectVersions(trx, current.id, request);
      return {
        pageId: current.id,
        slug: current.slug,
        current: current.current_version,
        versions: rows.map(versionSummary),
        nextCursor: encodeCursor(handbookVersionsKeyset, next),
        can: this.#can(actor),
      };
    });
  }

  /** One version of a page, both languages. */
  version(auth: AuthContext, page: string, version: number): Promise<HandbookPageVersion> {
    return this.#run(auth, 'read', async (trx) => {
      const current = await findCurrentPage(trx, refOf(page));
      if (!current) throw pageNotFound();
      const row = await findVersion(trx, current.id, version);
      if (!row) throw versionNotFound();
      return {
        pageId: current.id,
        slug: current.slug,
        current: row.version === current.current_version,
        ...textsOf(row),
        ...versionSummary(row),
      };
    });
  }

  /** How the page changed from version `from` to version `to`, per language: titles by word, bodies by line. */
  diff(auth: AuthContext, page: string, from: number, to: number): Promise<HandbookDiff> {
    return this.#run(auth, 'read', async (trx) => {
      const current = await findCurrentPage(trx, refOf(page));
      if (!current) throw pageNotFound();
      const older = await findVersion(trx, current.id, from);
      const newer = await findVersion(trx, current.id, to);
      if (!older || !newer) throw versionNotFound();
      const before = textsOf(older);
      const after = textsOf(newer);
      return {
        pageId: current.id,
        slug: current.slug,
        from: versionSummary(older),
        to: versionSummary(newer),
        en: diffLanguage(before.en, after.en),
        de: diffLanguage(before.de, after.de),
      };
    });
  }

  async #lockCurrent(trx: TenantTransaction, page: string): Promise<CurrentPageRow> {
    const found = await findCurrentPage(trx, refOf(page));
    if (!found || !(await lockPage(trx, found.id))) throw pageNotFound();
    // Read again under the lock: a save that committed meanwhile moved the current version.
    return (await findCurrentPage(trx, { id: found.id })) ?? Promise.reject(pageNotFound());
  }

  #version(
    auth: AuthContext,
    pageId: string,
    version: number,
    texts: Texts,
    note: string | null,
    restoredFrom: number | null,
    at: Date,
  ): NewVersion {
    return {
      tenant_id: auth.tenantId,
      page_id: pageId,
      version,
      title_en: texts.en?.title ?? null,
      body_en: texts.en?.body ?? null,
      title_de: texts.de?.title ?? null,
      body_de: texts.de?.body ?? null,
      note,
      restored_from: restoredFrom,
      author_id: auth.userId,
      created_at: at,
    };
  }

  async #audit(
    trx: TenantTransaction,
    auth: AuthContext,
    requestId: string,
    action: string,
    pageId: string,
    reason: string,
  ): Promise<void> {
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      requestId,
      action,
      objectType: 'handbook_page',
      objectId: pageId,
      outcome: 'success',
      reason,
    });
  }
}
