import { Textarea } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

const pretty = (value: unknown) => JSON.stringify(value, null, 2) ?? '';

function parses(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A JSON value edited as text (a rule's JsonLogic condition, a derived value's expression, a fixture's
 * answers): every change that parses is passed on; text that does not parse is marked and reported through
 * `onValidity`, so the draft is not saved with it. A new value from outside replaces the text unless it is
 * what the text already says.
 */
export function JsonField({
  label,
  description,
  value,
  onChange,
  onValidity,
  minRows = 3,
  testId,
}: {
  label: string;
  description?: string;
  value: unknown;
  onChange: (value: unknown) => void;
  onValidity: (id: string, valid: boolean) => void;
  minRows?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => pretty(value));
  const [problem, setProblem] = useState<string | null>(null);
  const shown = useRef(value);

  useEffect(() => {
    if (value === shown.current) return;
    shown.current = value;
    const current = parses(text);
    if (!current.ok || JSON.stringify(current.value) !== JSON.stringify(value)) {
      setText(pretty(value));
      setProblem(null);
      onValidity(id, true);
    }
  }, [value, text, id, onValidity]);

  // An invalid field that goes away no longer blocks saving.
  useEffect(() => () => onValidity(id, true), [id, onValidity]);

  return (
    <Textarea
      label={label}
      description={description}
      value={text}
      onChange={(event) => {
        const next = event.currentTarget.value;
        setText(next);
        const parsed = parses(next);
        if (parsed.ok) {
          setProblem(null);
          onValidity(id, true);
          shown.current = parsed.value;
          onChange(parsed.value);
        } else {
          setProblem(t('models.editor.jsonInvalid', { message: parsed.message }));
          onValidity(id, false);
        }
      }}
      error={problem}
      autosize
      minRows={minRows}
      maxRows={18}
      spellCheck={false}
      styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
      data-testid={testId}
    />
  );
}
