import { sql } from 'kysely';
import type { CaseSearchTermsTable } from '../../db/schema-case-file.ts';

// Searches through `case_search_terms` (migration 0030): one row per blind-index entry of a case's title
// and summary, a person's name, a journal entry or a comment, found by equality on the term so that the
// index serves under row-level security. The rows' policies leave out managers-only sources for anyone who
// does not work as a threat manager; which cases a match may show is up to the query on `cases` that asks.

/** Ids of the `source` rows (for example persons) whose entries include every one of `terms`. */
export function sourcesWithAllTerms(source: CaseSearchTermsTable['source'], terms: readonly string[]) {
  const wanted = [...new Set(terms)];
  return sql<string>`SELECT t.source_id FROM case_search_terms t
    WHERE t.term = ANY (${wanted}::text[]) AND t.source = ${source}
    GROUP BY t.source_id HAVING count(DISTINCT t.term) = ${wanted.length}`;
}

/**
 * Ids of the cases in which every searched word occurs somewhere: `wordTerms[i]` holds word i's entries,
 * one per indexed field (each field hashes with its own key).
 */
export function casesWithEveryWord(wordTerms: ReadonlyArray<readonly string[]>) {
  const terms = wordTerms.flat();
  const words = wordTerms.flatMap((entries, word) => entries.map(() => word));
  return sql<string>`SELECT t.case_id FROM case_search_terms t
    JOIN unnest(${terms}::text[], ${words}::int[]) AS q (term, word) ON t.term = q.term
    GROUP BY t.case_id HAVING count(DISTINCT q.word) = ${wordTerms.length}`;
}
