import { Button, FileButton, Group, Paper, Stack, Text, VisuallyHidden } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AttachmentRules, acceptAttribute, allowedTypeNames, formatFileSize } from './attachments.ts';
import { errorId, fieldId, labelLegend, plainFieldset, plainLegend } from './field-ids.ts';
import { useLocalised } from './localised.ts';

const sameFile = (a: File, b: File) =>
  a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

/**
 * Files to send along: a button that opens the file picker (several files at once), then each chosen file
 * with its name, size and any problem, and a button to remove it. `path` is the problems' path
 * (`attachments`, and `attachments.<index>` per file).
 */
export function AttachmentsField({
  files,
  onChange,
  rules,
  errorFor,
  path = 'attachments',
  asHeading = false,
}: {
  files: readonly File[];
  onChange: (files: File[]) => void;
  rules: AttachmentRules;
  errorFor: (path: string) => string | undefined;
  path?: string;
  /** The label as the heading of a form section (h2), instead of a field label. */
  asHeading?: boolean;
}) {
  const { t } = useTranslation();
  const { language } = useLocalised();
  const labelId = useId();
  const descriptionId = useId();
  const listId = useId();
  const reset = useRef<() => void>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusAfterRemove, setFocusAfterRemove] = useState<number | null>(null);
  const error = errorFor(path);

  useEffect(() => {
    if (focusAfterRemove === null) return;
    const next = document.getElementById(fieldId(`${path}.${focusAfterRemove}`));
    (next ?? addButton.current)?.focus();
    setFocusAfterRemove(null);
  }, [focusAfterRemove, path]);

  const add = (chosen: File[]) => {
    reset.current?.();
    const fresh = chosen.filter((file) => !files.some((known) => sameFile(known, file)));
    if (fresh.length === 0) return;
    const next = [...files, ...fresh];
    onChange(next);
    setAnnouncement(t('portal.form.attachments.count', { count: next.length }));
  };

  const remove = (index: number) => {
    const next = files.filter((_, i) => i !== index);
    onChange(next);
    setFocusAfterRemove(Math.min(index, next.length - 1) >= 0 ? Math.min(index, next.length - 1) : -1);
    setAnnouncement(
      next.length === 0
        ? t('portal.form.attachments.none')
        : t('portal.form.attachments.count', { count: next.length }),
    );
  };

  const describedBy = [descriptionId, error ? errorId(path) : ''].filter(Boolean).join(' ');

  return (
    <fieldset aria-describedby={describedBy} style={plainFieldset}>
      <legend id={labelId} style={plainLegend}>
        {asHeading ? (
          <Text component="h2" fz={{ base: 'lg', sm: 'xl' }} fw={700} mb={4}>
            {t('portal.form.attachments.label')}
          </Text>
        ) : (
          <Text component="span" style={labelLegend}>
            {t('portal.form.attachments.label')}
          </Text>
        )}
      </legend>
      <Stack gap="xs">
        <div>
          <Text id={descriptionId} size={asHeading ? 'sm' : 'xs'} c="dimmed" mt={2}>
            {t('portal.form.attachments.description', {
              types: allowedTypeNames(rules),
              count: rules.maxFiles,
              size: formatFileSize(rules.maxBytes, language),
            })}{' '}
            {t('portal.form.attachments.privacy')}
          </Text>
        </div>
        {/* The list's name stands outside it: a list holds list items only. */}
        {files.length > 0 && (
          <VisuallyHidden id={listId}>{t('portal.form.attachments.chosen')}</VisuallyHidden>
        )}
        {files.length > 0 && (
          <Stack
            component="ul"
            gap="xs"
            aria-labelledby={listId}
            style={{ listStyle: 'none', margin: 0, padding: 0 }}
          >
            {files.map((file, index) => {
              const filePath = `${path}.${index}`;
              const fileError = errorFor(filePath);
              return (
                <Paper
                  component="li"
                  key={`${file.name}-${file.size}-${file.lastModified}`}
                  withBorder
                  px="sm"
                  py="xs"
                  bg="white"
                  style={fileError ? { borderColor: 'var(--mantine-color-error)' } : undefined}
                  data-testid="attachment"
                >
                  <Group justify="space-between" wrap="nowrap" gap="sm" align="center">
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                        {file.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatFileSize(file.size, language)}
                      </Text>
                      {fileError && (
                        <Text id={errorId(filePath)} size="sm" c="var(--mantine-color-error)">
                          {fileError}
                        </Text>
                      )}
                    </div>
                    <Button
                      id={fieldId(filePath)}
                      variant="subtle"
                      color="red.9"
                      size="compact-sm"
                      onClick={() => remove(index)}
                      aria-label={t('portal.form.attachments.remove', { name: file.name })}
                      aria-describedby={fileError ? errorId(filePath) : undefined}
                      style={{ flexShrink: 0 }}
                    >
                      {t('portal.form.attachments.removeShort')}
                    </Button>
                  </Group>
                </Paper>
              );
            })}
          </Stack>
        )}
        <div>
          <FileButton
            onChange={add}
            multiple
            accept={acceptAttribute(rules)}
            resetRef={reset}
            inputProps={
              { name: path, 'data-testid': `${path}-input`, tabIndex: -1, 'aria-hidden': true } as object
            }
          >
            {(props) => (
              <Button
                {...props}
                ref={addButton}
                id={fieldId(path)}
                variant="default"
                aria-describedby={describedBy}
                leftSection={<PaperclipIcon />}
              >
                {files.length === 0 ? t('portal.form.attachments.add') : t('portal.form.attachments.addMore')}
              </Button>
            )}
          </FileButton>
        </div>
        {error && (
          <Text id={errorId(path)} size="sm" c="var(--mantine-color-error)">
            {error}
          </Text>
        )}
        <VisuallyHidden role="status">{announcement}</VisuallyHidden>
      </Stack>
    </fieldset>
  );
}

function PaperclipIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" aria-hidden="true" focusable="false">
      <path
        d="M21 11.5l-8.6 8.6a5 5 0 01-7.1-7.1l8.6-8.6a3.5 3.5 0 015 5l-8.6 8.6a2 2 0 01-2.8-2.8l7.9-7.9"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
