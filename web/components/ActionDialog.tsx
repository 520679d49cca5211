import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice.tsx';

/**
 * A modal with a form: intro, fields, the server's error, Cancel and the action's button. Mounted only while
 * open, so each opening starts from a fresh form.
 */
export function ActionDialog({
  title,
  intro,
  submitLabel,
  submitColor,
  hideSubmit = false,
  pending,
  error,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  intro?: ReactNode;
  submitLabel: string;
  submitColor?: string;
  /** Nothing to send (e.g. the user cannot do the step here after all): Cancel only. */
  hideSubmit?: boolean;
  pending: boolean;
  error: Error | null;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('reports.actions.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {intro && (
            <Text size="sm" c="dimmed">
              {intro}
            </Text>
          )}
          {children}
          <ErrorAlert error={error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('reports.actions.cancel')}
            </Button>
            {!hideSubmit && (
              <Button type="submit" color={submitColor} loading={pending}>
                {submitLabel}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * A failed step or load: what to do next, with the server's message and each field it names as detail;
 * `onRetry` offers to try again where that can help.
 */
export function ErrorAlert({
  error,
  title,
  onRetry,
}: {
  error: Error | null;
  title?: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  return <ErrorNotice error={error} title={title ?? t('reports.actions.failedTitle')} onRetry={onRetry} />;
}

/** Tracks "the user tried to send with this field empty". */
export function useRequired() {
  const [tried, setTried] = useState(false);
  return {
    tried,
    check: (...values: (string | null)[]) => {
      setTried(true);
      return values.every((value) => value !== null && value.trim() !== '');
    },
  };
}
