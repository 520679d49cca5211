import { type Static, Type } from 'typebox';
import { ExpertSpecialty } from '../identity/schemas.ts';

// Case templates: what the API takes and answers. The rules are in templates.ts and template-service.ts.

const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const inBothLanguages = (maxLength: number, title: string) =>
  Type.Object({ de: text(maxLength), en: text(maxLength) }, { title, additionalProperties: false });

export const TemplateTask = Type.Object(
  {
    title: inBothLanguages(200, 'TemplateTaskTitle'),
    /** Due this many days after the case is opened; null: no due day. */
    dueInDays: Type.Union([Type.Integer({ minimum: 0, maximum: 365 }), Type.Null()]),
  },
  { title: 'CaseTemplateTask', additionalProperties: false },
);

/** What a template holds; the same for TMA's defaults and an organisation's own. */
export const TemplateDefinition = Type.Object(
  {
    names: inBothLanguages(80, 'CaseTemplateNames'),
    descriptions: inBothLanguages(500, 'CaseTemplateDescriptions'),
    /** A category key of the organisation; null: none set. */
    category: Type.Union([Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Type.Null()]),
    /** As a case's tags: short labels, no names (lower-cased on save). */
    tags: Type.Array(
      Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} _-]*$' }),
      {
        maxItems: 20,
      },
    ),
    tasks: Type.Array(TemplateTask, { maxItems: 20 }),
    /** Experts to invite: shown on the new case's team tab. */
    specialties: Type.Array(ExpertSpecialty, { maxItems: 7, uniqueItems: true }),
  },
  { title: 'CaseTemplateDefinition', additionalProperties: false },
);
export type TemplateDefinition = Static<typeof TemplateDefinition>;

export const CaseTemplate = Type.Object(
  {
    key: Type.String(),
    /** One of TMA's defaults (perhaps changed by the organisation). */
    builtIn: Type.Boolean(),
    /** Changed from TMA's default (for built-in ones). */
    customised: Type.Boolean(),
    active: Type.Boolean(),
    ...TemplateDefinition.properties,
  },
  { title: 'CaseTemplate' },
);
export type CaseTemplate = Static<typeof CaseTemplate>;

export const CaseTemplateList = Type.Object(
  { templates: Type.Array(CaseTemplate), can: Type.Object({ configure: Type.Boolean() }) },
  { title: 'CaseTemplateList' },
);
export type CaseTemplateList = Static<typeof CaseTemplateList>;

export const NewCaseTemplate = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'e.g. threat_against_manager' }),
    ...TemplateDefinition.properties,
  },
  { title: 'NewCaseTemplate', additionalProperties: false },
);
export type NewCaseTemplate = Static<typeof NewCaseTemplate>;

export const CaseTemplateChange = Type.Object(
  {
    definition: Type.Optional(TemplateDefinition),
    active: Type.Optional(Type.Boolean()),
    /** Back to TMA's default (built-in templates only). */
    reset: Type.Optional(Type.Literal(true)),
  },
  { title: 'CaseTemplateChange', additionalProperties: false, minProperties: 1 },
);
export type CaseTemplateChange = Static<typeof CaseTemplateChange>;

export const TemplateKeyParam = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }) });
