import { ActionIcon, SimpleGrid, Textarea, TextInput, Tooltip } from '@mantine/core';
import { createContext, useContext } from 'react';
import type { LocalisedText } from '../api/portal.ts';
import type { Language } from '../i18n/language.ts';

// The pieces the editor's parts share: where a field's problem comes from, the DOM id of a field by its
// path in the definition, a German and English pair of inputs, and the small icon buttons.

export interface EditorFields {
  /** The message for the part at a dotted path of the definition, once it is to be shown. */
  errorFor: (path: string) => string | undefined;
  /** Whether anything at or inside a path has a problem to show (opens a closed question). */
  hasProblemWithin: (path: string) => boolean;
}

export const EditorFieldsContext = createContext<EditorFields>({
  errorFor: () => undefined,
  hasProblemWithin: () => false,
});

export const useEditorFields = () => useContext(EditorFieldsContext);

/** The DOM id of the input for a path (`sections.0.title.de` → `form-editor-sections-0-title-de`). */
export function editorFieldId(path: string): string {
  return `form-editor-${path.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

/** A German and an English input side by side (one above the other on a phone). */
export function LocalisedInputs({
  path,
  value,
  labels,
  onChange,
  multiline = false,
  required = true,
}: {
  path: string;
  value: LocalisedText | undefined;
  labels: Record<Language, string>;
  onChange: (language: Language, text: string) => void;
  multiline?: boolean;
  required?: boolean;
}) {
  const { errorFor } = useEditorFields();
  const input = (language: Language) => {
    const at = `${path}.${language}`;
    const common = {
      id: editorFieldId(at),
      name: at,
      label: labels[language],
      lang: language,
      value: value?.[language] ?? '',
      required,
      error: errorFor(at),
      maxLength: 2000,
      onChange: (event: { currentTarget: { value: string } }) =>
        onChange(language, event.currentTarget.value),
    };
    return multiline ? <Textarea {...common} autosize minRows={1} maxRows={6} /> : <TextInput {...common} />;
  };
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="xs">
      {input('de')}
      {input('en')}
    </SimpleGrid>
  );
}

const icons = {
  up: <path d="M12 19V5M6 11l6-6 6 6" />,
  down: <path d="M12 5v14M6 13l6 6 6-6" />,
  remove: <path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3" />,
};

/** An icon button whose name is its label (also shown as a tooltip for those who point). */
export function IconButton({
  icon,
  label,
  disabled = false,
  onClick,
}: {
  icon: keyof typeof icons;
  label: string;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <Tooltip label={label} openDelay={400} withinPortal>
      <ActionIcon
        variant="subtle"
        color={icon === 'remove' ? 'red' : 'gray'}
        aria-label={label}
        disabled={disabled}
        onClick={onClick}
        size="lg"
      >
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
          strokeLinejoin="round"
          focusable="false"
          aria-hidden="true"
        >
          {icons[icon]}
        </svg>
      </ActionIcon>
    </Tooltip>
  );
}

/** Up, down and remove for one entry of a list. */
export function OrderButtons({
  canMoveUp,
  canMoveDown,
  labels,
  onMove,
  onRemove,
}: {
  canMoveUp: boolean;
  canMoveDown: boolean;
  labels: { up: string; down: string; remove: string };
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  return (
    <>
      <IconButton icon="up" label={labels.up} disabled={!canMoveUp} onClick={() => onMove(-1)} />
      <IconButton icon="down" label={labels.down} disabled={!canMoveDown} onClick={() => onMove(1)} />
      <IconButton icon="remove" label={labels.remove} onClick={onRemove} />
    </>
  );
}
