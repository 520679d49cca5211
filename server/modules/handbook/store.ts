import { type Selectable, sql } from 'kysely';
import { defineKeyset, type KeysetPosition, selectKeysetPage } from '../../db/keyset.ts';
import type { PageRequest } from '../../db/page.ts';
import type { HandbookPagesTable, HandbookPageVersionsTable } from '../../db/schema-handbook.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';

// The handbook's SQL. Row-level security (migration 0037) keeps pages to their tenant and to the team:
// readers (admins, threat managers, experts) select, editors (admins, threat managers) insert and update,
// and nobody updates or deletes a version.

export type PageRow = Selectable<HandbookPagesTable>;
export type VersionRow = Omit<Selectable<HandbookPageVersionsTable>, 'search_en' | 'search_de'> & {
  author_name: string | null;
};
export type CurrentPageRow = Pick<
  PageRow,
  'id' | 'slug' | 'current_version' | 'created_at' | 'updated_at' | 'updated_by'
> &
  Pick<VersionRow, 'title_en' | 'body_en' | 'title_de' | 'body_de' | 'note' | 'restored_from'> & {
    updater_name: string | null;
  };

/** Where a page is found: by its id or by its slug. */
export type PageRef = { id: string } | { slug: string };

const versionColumns = [
  'v.tenant_id',
  'v.page_id',
  'v.version',
  'v.title_en',
  'v.body_en',
  'v.title_de',
  'v.body_de',
  'v.note',
  'v.restored_from',
  'v.author_id',
  'v.created_at',
] as const;

/** A page of the handbook with its current version, unless archived. */
export function findCurrentPage(trx: TenantTransaction, ref: PageRef): Promise<CurrentPageRow | undefined> {
  const query = trx
    .selectFrom('handbook_pages as p')
    .innerJoin('handbook_page_versions as v', (join) =>
      join.onRef('v.page_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
    )
    .leftJoin('users as updater', 'updater.id', 'p.updated_by')
    .select(['p.id', 'p.slug', 'p.current_version', 'p.created_at', 'p.updated_at', 'p.updated_by'])
    .select(['v.title_en', 'v.body_en', 'v.title_de', 'v.body_de', 'v.note', 'v.restored_from'])
    .select('updater.display_name as updater_name')
    .where('p.archived_at', 'is', null);
  return (
    'id' in ref ? query.where('p.id', '=', ref.id) : query.where('p.slug', '=', ref.slug)
  ).executeTakeFirst();
}

/** The page's row, locked until the transaction ends, so two saves of one page take turns. */
export function lockPage(trx: TenantTransaction, id: string): Promise<PageRow | undefined> {
  return trx
    .selectFrom('handbook_pages')
    .selectAll()
    .where('id', '=', id)
    .where('archived_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export interface NewVersion {
  tenant_id: string;
  page_id: string;
  version: number;
  title_en: string | null;
  body_en: string | null;
  title_de: string | null;
  body_de: string | null;
  note: string | null;
  restored_from: number | null;
  author_id: string;
  created_at: Date;
}

/**
 * A new page with its first version (the page points at it; the database checks that at commit). False,
 * and nothing written, when a page of the handbook has the slug already.
 */
export async function insertPage(
  trx: TenantTransaction,
  page: { id: string; tenant_id: string; slug: string; created_by: string; created_at: Date },
  first: NewVersion,
): Promise<boolean> {
  const inserted = await trx
    .insertInto('handbook_pages')
    .values({
      ...page,
      current_version: 1,
      updated_by: page.created_by,
      updated_at: page.created_at,
    })
    .onConflict((conflict) =>
      conflict.columns(['tenant_id', 'slug']).where('archived_at', 'is', null).doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return false;
  await trx.insertInto('handbook_page_versions').values(first).execute();
  return true;
}

/** Appends a version and makes it the page's current one. */
export async function appendVersion(trx: TenantTransaction, version: NewVersion): Promise<void> {
  await trx.insertInto('handbook_page_versions').values(version).execute();
  await trx
    .updateTable('handbook_pages')
    .set({ current_version: version.version, updated_by: version.author_id, updated_at: version.created_at })
    .where('id', '=', version.page_id)
    .execute();
}

export async function archivePage(trx: TenantTransaction, id: string, by: string, at: Date): Promise<void> {
  await trx
    .updateTable('handbook_pages')
    .set({ archived_at: at, archived_by: by })
    .where('id', '=', id)
    .execute();
}

export const handbookPagesKeyset = defineKeyset({
  name: 'handbook-pages',
  columns: [
    { ref: 'p.created_at', type: 'timestamp' },
    { ref: 'p.id', type: 'uuid' },
  ],
  order: 'asc',
});

export type PageSummaryRow = Pick<PageRow, 'id' | 'slug' | 'current_version' | 'updated_at'> &
  Pick<VersionRow, 'title_en' | 'title_de'>;

/** One page of the handbook's pages (not archived) in the order they were written, with current titles. */
export function selectPageSummaries(
  trx: TenantTransaction,
  page: PageRequest,
): Promise<{ rows: PageSummaryRow[]; next: KeysetPosition | null }> {
  return selectKeysetPage(
    trx
      .selectFrom('handbook_pages as p')
      .innerJoin('handbook_page_versions as v', (join) =>
        join.onRef('v.page_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'),
      )
      .select(['p.id', 'p.slug', 'p.current_version', 'p.updated_at', 'v.title_en', 'v.title_de'])
      .where('p.archived_at', 'is', null),
    handbookPagesKeyset,
    page,
  );
}

export const handbookVersionsKeyset = defineKeyset({
  name: 'handbook-versions',
  columns: [{ ref: 'v.version', type: 'integer' }],
  order: 'desc',
});

function versionsOf(trx: TenantTransaction, pageId: string) {
  return trx
    .selectFrom('handbook_page_versions as v')
    .leftJoin('users as author', 'author.id', 'v.author_id')
    .select(versionColumns)
    .select('author.display_name as author_name')
    .where('v.page_id', '=', pageId);
}

/** One page of a page's versions, newest first. */
export function selectVersions(
  trx: TenantTransaction,
  pageId: string,
  page: PageRequest,
): Promise<{ rows: VersionRow[]; next: KeysetPosition | null }> {
  return selectKeysetPage(versionsOf(trx, pageId), handbookVersionsKeyset, page);
}

export function findVersion(
  trx: TenantTransaction,
  pageId: string,
  version: number,
): Promise<VersionRow | undefined> {
  return versionsOf(trx, pageId).where('v.version', '=', version).executeTakeFirst();
}

export interface SearchRow {
  id: string;
  slug: string;
  title_en: string | null;
  title_de: string | null;
  snippet_en: string | null;
  snippet_de: string | null;
}

/** What ts_headline puts around a word found; split off again by the service, never sent as markup. */
export const MATCH_START = '\u27ea';
export const MATCH_END = '\u27eb';
const HEADLINE_OPTIONS = `MaxWords=24, MinWords=8, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … ", StartSel=${MATCH_START}, StopSel=${MATCH_END}`;

/**
 * The current versions that contain every word of `tsquery` (to_tsquery syntax, 'simple' configuration) in
 * one language, best first (title words weigh more), with a passage of each language's body that has them.
 * The passages are cut for the best `limit` pages only.
 */
export async function searchPages(
  trx: TenantTransaction,
  tsquery: string,
  limit: number,
): Promise<SearchRow[]> {
  const { rows } = await sql<SearchRow>`
    WITH q AS (SELECT to_tsquery('simple', ${tsquery}) AS query),
    found AS (
      SELECT p.id, p.slug, v.title_en, v.title_de, v.body_en, v.body_de,
             v.search_en @@ q.query AS in_en, v.search_de @@ q.query AS in_de,
             greatest(ts_rank(v.search_en, q.query), ts_rank(v.search_de, q.query)) AS rank
      FROM handbook_pages p
      JOIN handbook_page_versions v ON v.page_id = p.id AND v.version = p.current_version
      CROSS JOIN q
      WHERE p.archived_at IS NULL AND (v.search_en @@ q.query OR v.search_de @@ q.query)
      ORDER BY rank DESC, p.slug
      LIMIT ${limit}
    )
    SELECT found.id, found.slug, found.title_en, found.title_de,
      CASE WHEN found.in_en THEN ts_headline('simple', found.body_en, q.query, ${HEADLINE_OPTIONS}) END AS snippet_en,
      CASE WHEN found.in_de THEN ts_headline('simple', found.body_de, q.query, ${HEADLINE_OPTIONS}) END AS snippet_de
    FROM found CROSS JOIN q
    ORDER BY found.rank DESC, found.slug
  `.execute(trx);
  return rows;
}
