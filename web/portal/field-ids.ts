/** The DOM id of the control for a problem's path (`answers.when` → `field-answers-when`). */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/** The id of the element that holds a field's error message, for aria-describedby. */
export function errorId(path: string): string {
  return `${fieldId(path)}-error`;
}

/** A fieldset without the browser's border and padding: the group semantics without the look. */
export const plainFieldset = { border: 0, margin: 0, padding: 0, minWidth: 0 } as const;
/** Its legend, as a block that takes the full width. */
export const plainLegend = { padding: 0, width: '100%' } as const;
/** A legend that looks like Mantine's field labels. */
export const labelLegend = {
  ...plainLegend,
  fontWeight: 'var(--mantine-font-weight-medium)',
  fontSize: 'var(--mantine-font-size-sm)',
} as const;
