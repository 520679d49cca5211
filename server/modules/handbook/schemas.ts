import { type Static, Type } from 'typebox';
import { NextCursor, pageQuery } from '../../http/pagination.ts';

// The handbook's pages, versions, search and diffs: what the API takes and answers. A page has up to two
// languages, each a title and a Markdown body; a language the page lacks is null.

/** Longest Markdown body of one language (characters). */
export const MAX_BODY_CHARS = 200_000;
export const MAX_TITLE_CHARS = 200;
export const MAX_NOTE_CHARS = 500;

const uuid = Type.String({ format: 'uuid' });
const time = Type.String({ format: 'date-time' });

export const HandbookSlug = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  minLength: 1,
  maxLength: 80,
  title: 'HandbookSlug',
  description:
    'The page’s address in the handbook (`/handbook/<slug>`): lower-case letters, digits, hyphens.',
});

/** A page named by its slug or by its id. */
export const HandbookPageParams = Type.Object({
  page: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80, description: 'slug or id' }),
});
export const HandbookVersionParams = Type.Object({
  page: HandbookPageParams.properties.page,
  version: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }),
});

export const HandbookText = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: MAX_TITLE_CHARS }),
    /** Markdown (headings, links, tables). Raw HTML in it is shown as text, never rendered. */
    body: Type.String({ maxLength: MAX_BODY_CHARS }),
  },
  { title: 'HandbookText', additionalProperties: false },
);
export type HandbookText = Static<typeof HandbookText>;

const language = Type.Union([HandbookText, Type.Null()]);

const note = Type.String({ maxLength: MAX_NOTE_CHARS, description: 'What changed and why (a short note)' });

export const NewHandbookPage = Type.Object(
  { slug: HandbookSlug, en: language, de: language, note: Type.Optional(note) },
  { title: 'NewHandbookPage', additionalProperties: false },
);
export type NewHandbookPage = Static<typeof NewHandbookPage>;

export const HandbookPageChange = Type.Object(
  {
    /** The version the change was made on: when it is no longer current, 409 `handbook_version_conflict`. */
    baseVersion: Type.Integer({ minimum: 1 }),
    en: language,
    de: language,
    note: Type.Optional(note),
  },
  { title: 'HandbookPageChange', additionalProperties: false },
);
export type HandbookPageChange = Static<typeof HandbookPageChange>;

export const HandbookRestore = Type.Object(
  {
    /** The version the user saw as current; when given and stale, 409 `handbook_version_conflict`. */
    baseVersion: Type.Optional(Type.Integer({ minimum: 1 })),
    note: Type.Optional(note),
  },
  { title: 'HandbookRestore', additionalProperties: false },
);
export type HandbookRestore = Static<typeof HandbookRestore>;

export const HandbookAuthor = Type.Union([Type.Object({ id: uuid, name: Type.String() }), Type.Null()], {
  title: 'HandbookAuthor',
});

export const HandbookCan = Type.Object(
  { edit: Type.Boolean(), restore: Type.Boolean(), archive: Type.Boolean() },
  { title: 'HandbookCan' },
);

const titles = Type.Object({
  en: Type.Union([Type.String(), Type.Null()]),
  de: Type.Union([Type.String(), Type.Null()]),
});

export const HandbookPage = Type.Object(
  {
    id: uuid,
    slug: Type.String(),
    /** The current version's number. */
    version: Type.Integer(),
    en: language,
    de: language,
    createdAt: time,
    updatedAt: time,
    updatedBy: HandbookAuthor,
    /** The current version's change note. */
    note: Type.Union([Type.String(), Type.Null()]),
    /** The version the current one restored, if it is a restore. */
    restoredFrom: Type.Union([Type.Integer(), Type.Null()]),
    can: HandbookCan,
  },
  { title: 'HandbookPage' },
);
export type HandbookPage = Static<typeof HandbookPage>;

export const HandbookPageSummary = Type.Object(
  { id: uuid, slug: Type.String(), version: Type.Integer(), updatedAt: time, titles },
  { title: 'HandbookPageSummary' },
);
export type HandbookPageSummary = Static<typeof HandbookPageSummary>;

export const HandbookPageList = Type.Object(
  {
    /** In the order of their slugs. */
    pages: Type.Array(HandbookPageSummary),
    nextCursor: NextCursor,
    can: Type.Object({ create: Type.Boolean() }),
  },
  { title: 'HandbookPageList' },
);
export type HandbookPageList = Static<typeof HandbookPageList>;

export const HandbookSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200 }),
    limit: Type.Optional(
      Type.String({ pattern: '^(50|[1-4][0-9]|[1-9])$', description: '1 to 50 (default 20)' }),
    ),
  },
  { additionalProperties: false },
);
export type HandbookSearchQuery = Static<typeof HandbookSearchQuery>;

export const SnippetSegment = Type.Object(
  { text: Type.String(), match: Type.Boolean() },
  { title: 'HandbookSnippetSegment' },
);

export const HandbookSearchResult = Type.Object(
  {
    id: uuid,
    slug: Type.String(),
    titles,
    /** A short passage around the words found, in the language they were found in (German first when both). */
    snippet: Type.Union([
      Type.Object({
        language: Type.Union([Type.Literal('en'), Type.Literal('de')]),
        segments: Type.Array(SnippetSegment),
      }),
      Type.Null(),
    ]),
  },
  { title: 'HandbookSearchResult' },
);
export type HandbookSearchResult = Static<typeof HandbookSearchResult>;

export const HandbookSearchResults = Type.Object(
  { results: Type.Array(HandbookSearchResult) },
  { title: 'HandbookSearchResults' },
);
export type HandbookSearchResults = Static<typeof HandbookSearchResults>;

export const HandbookVersionSummary = Type.Object(
  {
    version: Type.Integer(),
    author: HandbookAuthor,
    createdAt: time,
    note: Type.Union([Type.String(), Type.Null()]),
    restoredFrom: Type.Union([Type.Integer(), Type.Null()]),
    /** Which languages this version has. */
    languages: Type.Array(Type.Union([Type.Literal('en'), Type.Literal('de')])),
  },
  { title: 'HandbookVersionSummary' },
);
export type HandbookVersionSummary = Static<typeof HandbookVersionSummary>;

export const HandbookVersionQuery = pageQuery({});
export type HandbookVersionQuery = Static<typeof HandbookVersionQuery>;

export const HandbookVersionList = Type.Object(
  {
    pageId: uuid,
    slug: Type.String(),
    /** The current version's number. */
    current: Type.Integer(),
    /** Newest first. */
    versions: Type.Array(HandbookVersionSummary),
    nextCursor: NextCursor,
    can: HandbookCan,
  },
  { title: 'HandbookVersionList' },
);
export type HandbookVersionList = Static<typeof HandbookVersionList>;

export const HandbookPageVersion = Type.Object(
  {
    pageId: uuid,
    slug: Type.String(),
    current: Type.Boolean(),
    en: language,
    de: language,
    ...HandbookVersionSummary.properties,
  },
  { title: 'HandbookPageVersion' },
);
export type HandbookPageVersion = Static<typeof HandbookPageVersion>;

export const HandbookDiffQuery = Type.Object(
  { from: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }), to: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) },
  { additionalProperties: false },
);
export type HandbookDiffQuery = Static<typeof HandbookDiffQuery>;

export const DiffPart = Type.Object(
  {
    kind: Type.Union([Type.Literal('same'), Type.Literal('added'), Type.Literal('removed')]),
    text: Type.String(),
  },
  { title: 'HandbookDiffPart' },
);
export type DiffPart = Static<typeof DiffPart>;

export const LanguageDiff = Type.Object(
  {
    /** Whether the language is there in the older and in the newer version. */
    inFrom: Type.Boolean(),
    inTo: Type.Boolean(),
    /** Word by word. */
    title: Type.Array(DiffPart),
    /** Line by line; a part holds whole lines. */
    body: Type.Array(DiffPart),
    /** False when the bodies were too different to compare in time: then all old lines are removed, all new added. */
    compared: Type.Boolean(),
  },
  { title: 'HandbookLanguageDiff' },
);
export type LanguageDiff = Static<typeof LanguageDiff>;

export const HandbookDiff = Type.Object(
  {
    pageId: uuid,
    slug: Type.String(),
    from: HandbookVersionSummary,
    to: HandbookVersionSummary,
    en: LanguageDiff,
    de: LanguageDiff,
  },
  { title: 'HandbookDiff' },
);
export type HandbookDiff = Static<typeof HandbookDiff>;

export const HandbookStarterPages = Type.Object(
  {
    /** The slugs of the starter pages added; one whose slug the handbook has already is left out. */
    created: Type.Array(Type.String()),
    /** The keys of TMA's measure types whose playbook became one of the pages added. */
    linkedMeasureTypes: Type.Array(Type.String()),
  },
  { title: 'HandbookStarterPages' },
);
export type HandbookStarterPages = Static<typeof HandbookStarterPages>;
