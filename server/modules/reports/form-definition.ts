import { type Static, Type } from 'typebox';
import {
  Code,
  DefinitionId,
  ScaleId,
  SemanticVersion,
  LocalisedText as SharedLocalisedText,
} from '../model-format/building-blocks.ts';

// A report form is data, in the same format family as the assessment models (../shared/MODELS.md): items
// grouped in sections, answer scales referenced by id, every text in German and English. Tenants publish
// their own versions; each report stays pinned to the form id and version it was submitted with.

/** A text in each language the UI speaks; German and English are both required. */
export const LocalisedText = SharedLocalisedText;
export type LocalisedText = Static<typeof LocalisedText>;

export const AnswerOption = Type.Object(
  { code: Code, label: LocalisedText, help: Type.Optional(LocalisedText) },
  { title: 'AnswerOption', additionalProperties: false },
);

/** A list of answer options that choice items share, e.g. yes / no / not sure. */
export const AnswerScale = Type.Object(
  { options: Type.Array(AnswerOption, { minItems: 2, maxItems: 40 }) },
  { title: 'AnswerScale', additionalProperties: false },
);

const itemBase = {
  id: Code,
  label: LocalisedText,
  help: Type.Optional(LocalisedText),
  required: Type.Boolean(),
};

export const TextItem = Type.Object(
  {
    ...itemBase,
    type: Type.Literal('text'),
    multiline: Type.Boolean(),
    maxLength: Type.Integer({ minimum: 1, maximum: 20_000 }),
  },
  { title: 'TextItem', additionalProperties: false },
);
/** A calendar day (YYYY-MM-DD), never in the future. */
export const DateItem = Type.Object(
  { ...itemBase, type: Type.Literal('date') },
  { title: 'DateItem', additionalProperties: false },
);
export const ChoiceItem = Type.Object(
  { ...itemBase, type: Type.Literal('choice'), scale: ScaleId },
  { title: 'ChoiceItem', additionalProperties: false },
);
export const MultiChoiceItem = Type.Object(
  { ...itemBase, type: Type.Literal('multi_choice'), scale: ScaleId },
  { title: 'MultiChoiceItem', additionalProperties: false },
);
/** The people involved: each with a role from a scale (person of concern, affected person, witness …). */
export const PersonsItem = Type.Object(
  {
    ...itemBase,
    type: Type.Literal('persons'),
    roleScale: ScaleId,
    maxPersons: Type.Integer({ minimum: 1, maximum: 50 }),
  },
  { title: 'PersonsItem', additionalProperties: false },
);

export const FormItem = Type.Union([TextItem, DateItem, ChoiceItem, MultiChoiceItem, PersonsItem], {
  title: 'FormItem',
});
export type FormItem = Static<typeof FormItem>;

export const FormSection = Type.Object(
  {
    id: Code,
    title: LocalisedText,
    help: Type.Optional(LocalisedText),
    items: Type.Array(FormItem, { minItems: 1, maxItems: 40 }),
  },
  { title: 'FormSection', additionalProperties: false },
);

export const ReportFormDefinition = Type.Object(
  {
    kind: Type.Literal('ReportForm'),
    formId: DefinitionId,
    version: SemanticVersion,
    title: LocalisedText,
    description: Type.Optional(LocalisedText),
    scales: Type.Record(ScaleId, AnswerScale),
    sections: Type.Array(FormSection, { minItems: 1, maxItems: 20 }),
    /** The answer that marks a report as indicating immediate danger: it goes to the top and notifies at once. */
    danger: Type.Optional(
      Type.Object(
        { itemId: Code, codes: Type.Array(Code, { minItems: 1 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { title: 'ReportFormDefinition', additionalProperties: false },
);
export type ReportFormDefinition = Static<typeof ReportFormDefinition>;

/** One person named in an answer. */
export const PersonAnswer = Type.Object(
  {
    role: Code,
    name: Type.String({ maxLength: 200 }),
    description: Type.String({ maxLength: 2000 }),
  },
  { title: 'PersonAnswer', additionalProperties: false },
);
export type PersonAnswer = Static<typeof PersonAnswer>;

/** The answers of a submission, by item id: text, a day, one code, several codes, or people. */
export const ReportAnswers = Type.Record(
  Code,
  Type.Union([
    Type.String({ maxLength: 20_000 }),
    Type.Array(Code, { maxItems: 40 }),
    Type.Array(PersonAnswer, { maxItems: 50 }),
  ]),
  { title: 'ReportAnswers' },
);
export type ReportAnswers = Static<typeof ReportAnswers>;
