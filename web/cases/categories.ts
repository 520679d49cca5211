import { useTranslation } from 'react-i18next';
import { type CaseCategory, useCaseCategories } from '../api/case-categories.ts';
import { isBuiltInCategory } from '../api/case-file.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * A category in words: a built-in one as the app names it, an organisation's own by the names its admins
 * gave it; one not known (yet) is shown by its key.
 */
export function useCategoryLabel() {
  const { t } = useTranslation();
  const { data } = useCaseCategories();
  const language = currentLanguage();
  const own = new Map((data?.categories ?? []).map((category) => [category.key, category.names]));
  return (category: string): string =>
    isBuiltInCategory(category)
      ? t(`cases.categories.${category}`)
      : (own.get(category)?.[language] ?? category);
}

/**
 * The categories to choose from: those the organisation uses, and `current` when it was switched off since
 * (a case keeps its category). `withSwitchedOff`: every category, e.g. to filter a list by.
 */
export function useCategoryOptions(current: string | null, options: { withSwitchedOff?: boolean } = {}) {
  const label = useCategoryLabel();
  const { data } = useCaseCategories();
  const all: CaseCategory[] = data?.categories ?? [];
  const offered = all.filter(
    (category) => category.active || options.withSwitchedOff || category.key === current,
  );
  const choices = offered.map(({ key }) => ({ value: key, label: label(key) }));
  return current && !choices.some((choice) => choice.value === current)
    ? [...choices, { value: current, label: label(current) }]
    : choices;
}
