// What a case is about. The built-in categories every organisation has; an organisation's own categories
// are a later step (issue 13 names them configurable per tenant), which is why callers ask isCaseCategory()
// rather than a schema enum.

export const CASE_CATEGORIES = [
  'threat_email',
  'stalking',
  'violence',
  'self_harm',
  'extremism',
  'bullying',
  'other',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

const known = new Set<string>(CASE_CATEGORIES);

export function isCaseCategory(value: string): value is CaseCategory {
  return known.has(value);
}
