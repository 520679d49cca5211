import { useTranslation } from 'react-i18next';
import { caseCategories, isCaseCategory } from '../api/case-file.ts';

/** A category in words; one this version of the app does not know yet is shown as it is. */
export function useCategoryLabel() {
  const { t } = useTranslation();
  return (category: string): string =>
    isCaseCategory(category) ? t(`cases.categories.${category}`) : category;
}

/** The categories to choose from, with the case's own when the app does not know it. */
export function useCategoryOptions(current: string | null) {
  const label = useCategoryLabel();
  const known = caseCategories.map((value) => ({ value, label: label(value) }));
  return current && !isCaseCategory(current) ? [...known, { value: current, label: current }] : known;
}
