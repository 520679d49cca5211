import { type Static, Type } from 'typebox';
import { searchTokens } from '../../crypto/blind-index.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { BadRequest } from '../../errors.ts';
import { pageQuery } from '../../http/pagination.ts';
import type { AuthContext } from '../identity/service.ts';
import { CASE_SORTS, type CaseFilters } from './case-list-store.ts';
import { CASE_STATUSES } from './schemas.ts';

// The case list's query string and what it means for the store: filters, sort and search words turned
// into blind-index entries (the words themselves never reach the database).

const uuid = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
const status = Type.Enum(CASE_STATUSES);
const level = Type.Enum(['1', '2', '3', '4']);

export const CaseListQuery = pageQuery({
  /** Only these statuses (repeat for several); without it: the open cases and tombstones of deleted ones. */
  status: Type.Optional(Type.Union([status, Type.Array(status, { maxItems: 5 })])),
  /** Only these criticality levels, 1 to 4 (repeat for several). */
  level: Type.Optional(Type.Union([level, Type.Array(level, { maxItems: 4 })])),
  category: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' })),
  owner: Type.Optional(Type.String({ pattern: uuid })),
  tag: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
  unit: Type.Optional(Type.String({ pattern: uuid })),
  /** `true`: only cases you own or are on the team of. */
  mine: Type.Optional(Type.Literal('true')),
  /** `true`: only open cases past their due date. */
  overdue: Type.Optional(Type.Literal('true')),
  sort: Type.Optional(Type.Enum(CASE_SORTS)),
  /**
   * Search words: whole words of the title, summary, persons' names, journal and comments (each must occur
   * somewhere in the case); matched by blind index, so no partial words.
   */
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
export type CaseListParams = Static<typeof CaseListQuery>;

const many = <T extends string>(value: T | T[] | undefined): T[] | undefined =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/** The store's filters for a query string; search words become blind-index entries of each field. */
export async function caseFilters(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  query: CaseListParams,
): Promise<CaseFilters> {
  const filters: CaseFilters = {
    statuses: many(query.status),
    levels: many(query.level)?.map(Number),
    category: query.category,
    ownerId: query.owner,
    tag: query.tag?.trim().toLowerCase(),
    unitId: query.unit,
    mineOf: query.mine === 'true' ? auth.userId : undefined,
    overdueBefore: query.overdue === 'true' ? new Date().toISOString().slice(0, 10) : undefined,
  };
  const words = query.q?.trim();
  if (words) {
    if (searchTokens(words).length === 0)
      throw new BadRequest('search_empty', 'Search for at least one word of letters or digits.', [
        { path: 'query.q', message: 'has no words' },
      ]);
    const index = await keys.blindIndex(trx);
    const fields = Object.values(SEARCH_FIELDS);
    filters.search = {
      words: searchTokens(words).map((word) => fields.flatMap((field) => index.entries(field, word))),
    };
  }
  return filters;
}

/** The blind-index field of each searched text; writers index with the same names. */
export const SEARCH_FIELDS = {
  caseText: 'cases.text',
  personNames: 'case_persons.name',
  journalText: 'case_journal.text',
  commentText: 'case_comments.body',
  documentTitle: 'case_documents.title',
} as const;
