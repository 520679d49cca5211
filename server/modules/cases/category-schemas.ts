import { type Static, Type } from 'typebox';

const name = Type.String({ minLength: 1, maxLength: 60 });

export const CategoryNames = Type.Object(
  { de: name, en: name },
  { title: 'CategoryNames', additionalProperties: false },
);

export const CaseCategory = Type.Object(
  {
    /** What cases and the list's filter carry (`category`). */
    key: Type.String(),
    /** TMA's own: the app names it in every language. */
    builtIn: Type.Boolean(),
    /** Offered for cases; switched off, cases that have it keep it. */
    active: Type.Boolean(),
    /** The organisation's names of its own category; null for built-in ones. */
    names: Type.Union([CategoryNames, Type.Null()]),
  },
  { title: 'CaseCategory' },
);
export type CaseCategory = Static<typeof CaseCategory>;

export const CaseCategoryList = Type.Object(
  {
    categories: Type.Array(CaseCategory),
    can: Type.Object({ configure: Type.Boolean() }),
  },
  { title: 'CaseCategoryList' },
);
export type CaseCategoryList = Static<typeof CaseCategoryList>;

export const NewCaseCategory = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'e.g. threat_against_manager' }),
    names: CategoryNames,
  },
  { title: 'NewCaseCategory', additionalProperties: false },
);
export type NewCaseCategory = Static<typeof NewCaseCategory>;

export const CaseCategoryChange = Type.Object(
  {
    /** New names of an own category (built-in ones are named by the app). */
    names: Type.Optional(CategoryNames),
    active: Type.Optional(Type.Boolean()),
  },
  { title: 'CaseCategoryChange', additionalProperties: false, minProperties: 1 },
);
export type CaseCategoryChange = Static<typeof CaseCategoryChange>;

export const CategoryKeyParam = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }) });
