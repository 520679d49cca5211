import { Type } from 'typebox';

// The building blocks that TMA's versioned data formats share: the report form (models/report-form.*.json)
// and the assessment models (models/*.model.json, ../shared/MODELS.md) are one family. Both name things
// with the same ids, version with semver, and carry every text in German and English.

/** A text in each language the UI speaks; German and English are both required, and not blank. */
export const LocalisedText = Type.Object(
  {
    en: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
    de: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }),
  },
  { title: 'LocalisedText', additionalProperties: false },
);

/** An answer option's code or an item's id inside a form: lower-case letters, digits and underscores. */
export const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' });
/** Scales are named like model ids: lower-case words joined by hyphens, e.g. `yes-no-unsure`. */
export const ScaleId = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' });
/** A definition's id: dot-separated lower-case words, reverse-DNS-like (`tma.core.warning-behaviours`). */
export const DefinitionId = Type.String({
  pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$',
  maxLength: 100,
});
/** A semantic version without pre-release or build parts: `MAJOR.MINOR.PATCH`. */
export const SemanticVersion = Type.String({ pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$' });

/** A problem of a definition, by the dotted path of the offending part (`sections.0.items.3.scale`). */
export interface DefinitionProblem {
  path: string;
  message: string;
}

/** A JSON pointer from a schema error (`/sections/0/items`) as the dotted path problems use. */
export function dottedPath(instancePath: string): string {
  return instancePath.replace(/^\//, '').replaceAll('/', '.').replaceAll('~1', '/').replaceAll('~0', '~');
}
