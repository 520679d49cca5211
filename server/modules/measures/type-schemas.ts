import { type Static, Type } from 'typebox';
import { ExpertSpecialty } from '../identity/schemas.ts';

// Measure types: what the API takes and answers. The rules are in type-service.ts.

const text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const inBothLanguages = (maxLength: number, title: string) =>
  Type.Object({ de: text(maxLength), en: text(maxLength) }, { title, additionalProperties: false });

export const MEASURE_TYPE_KEY = '^[a-z][a-z0-9_]{0,39}$';

/** What a measure type holds; the same for TMA's defaults and an organisation's own. */
export const MeasureTypeDefinition = Type.Object(
  {
    names: inBothLanguages(100, 'MeasureTypeNames'),
    descriptions: inBothLanguages(1000, 'MeasureTypeDescriptions'),
    /** The handbook page that is this measure's playbook; null: none yet. */
    playbookPageId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    /** The expert who usually carries it out or advises; null: anyone. */
    specialty: Type.Union([ExpertSpecialty, Type.Null()]),
  },
  { title: 'MeasureTypeDefinition', additionalProperties: false },
);
export type MeasureTypeDefinition = Static<typeof MeasureTypeDefinition>;

export const MeasureType = Type.Object(
  {
    key: Type.String(),
    /** One of TMA's defaults (perhaps changed by the organisation). */
    builtIn: Type.Boolean(),
    /** Changed from TMA's default (for built-in ones). */
    customised: Type.Boolean(),
    active: Type.Boolean(),
    ...MeasureTypeDefinition.properties,
  },
  { title: 'MeasureType' },
);
export type MeasureType = Static<typeof MeasureType>;

export const MeasureTypeList = Type.Object(
  { types: Type.Array(MeasureType), can: Type.Object({ configure: Type.Boolean() }) },
  { title: 'MeasureTypeList' },
);
export type MeasureTypeList = Static<typeof MeasureTypeList>;

export const NewMeasureType = Type.Object(
  {
    key: Type.String({ pattern: MEASURE_TYPE_KEY, description: 'e.g. mediation' }),
    ...MeasureTypeDefinition.properties,
  },
  { title: 'NewMeasureType', additionalProperties: false },
);
export type NewMeasureType = Static<typeof NewMeasureType>;

export const MeasureTypeChange = Type.Object(
  {
    definition: Type.Optional(MeasureTypeDefinition),
    active: Type.Optional(Type.Boolean()),
    /** Back to TMA's default (built-in types only). */
    reset: Type.Optional(Type.Literal(true)),
  },
  { title: 'MeasureTypeChange', additionalProperties: false, minProperties: 1 },
);
export type MeasureTypeChange = Static<typeof MeasureTypeChange>;

export const MeasureTypeKeyParam = Type.Object(
  { key: Type.String({ pattern: MEASURE_TYPE_KEY }) },
  { additionalProperties: false },
);
