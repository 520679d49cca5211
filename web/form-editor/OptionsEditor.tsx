import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { limits } from './form-checks.ts';
import { addOption, type FormDraft, moveOption, removeOption, updateOption, withText } from './form-draft.ts';
import { editorFieldId, LocalisedInputs, OrderButtons, useEditorFields } from './parts.tsx';

/** The answers of one answer list (or the roles of people): each with its code and both languages. */
export function OptionsEditor({
  form,
  scaleId,
  heading,
  onChange,
}: {
  form: FormDraft;
  scaleId: string;
  heading: string;
  onChange: (change: (form: FormDraft) => FormDraft) => void;
}) {
  const { t } = useTranslation();
  const { errorFor } = useEditorFields();
  const options = form.scales[scaleId]?.options ?? [];
  const path = `scales.${scaleId}.options`;
  const listError = errorFor(path);
  return (
    <Stack gap="xs" data-testid="form-editor-options">
      <Title order={5} component="h4">
        {heading}
      </Title>
      <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
        {options.map((option, index) => {
          const number = index + 1;
          const at = `${path}.${index}`;
          return (
            // Codes are edited in place: a key that changed with them would lose the input's focus.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <Paper component="li" key={`${scaleId}-${index}`} withBorder p="sm" radius="sm" bg="gray.0">
              <Stack gap={6}>
                <Group justify="space-between" gap="xs" wrap="nowrap">
                  <Text size="sm" fw={600}>
                    {t('formEditor.scale.answer', { number })}
                  </Text>
                  <Group gap={2} wrap="nowrap">
                    <OrderButtons
                      canMoveUp={index > 0}
                      canMoveDown={index < options.length - 1}
                      labels={{
                        up: t('formEditor.scale.moveUp', { number }),
                        down: t('formEditor.scale.moveDown', { number }),
                        remove: t('formEditor.scale.remove', { number }),
                      }}
                      onMove={(delta) => onChange((current) => moveOption(current, scaleId, index, delta))}
                      onRemove={() => onChange((current) => removeOption(current, scaleId, index))}
                    />
                  </Group>
                </Group>
                <LocalisedInputs
                  path={`${at}.label`}
                  value={option.label}
                  labels={{ de: t('formEditor.scale.labelDe'), en: t('formEditor.scale.labelEn') }}
                  onChange={(language, text) =>
                    onChange((current) =>
                      updateOption(current, scaleId, index, (o) => ({
                        ...o,
                        label: withText(o.label, language, text),
                      })),
                    )
                  }
                />
                <TextInput
                  id={editorFieldId(`${at}.code`)}
                  name={`${at}.code`}
                  label={t('formEditor.scale.code')}
                  size="xs"
                  maw={240}
                  value={option.code}
                  required
                  spellCheck={false}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  error={errorFor(`${at}.code`)}
                  onChange={(event) => {
                    const code = event.currentTarget.value;
                    onChange((current) => updateOption(current, scaleId, index, (o) => ({ ...o, code })));
                  }}
                />
              </Stack>
            </Paper>
          );
        })}
      </Stack>
      {listError && (
        <Text size="sm" c="red.8" role="alert">
          {listError}
        </Text>
      )}
      <Group>
        <Button
          variant="light"
          size="xs"
          disabled={options.length >= limits.options}
          onClick={() => onChange((current) => addOption(current, scaleId))}
        >
          {t('formEditor.scale.add')}
        </Button>
      </Group>
    </Stack>
  );
}
