import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import type { ParseKeys, TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import { loginPathFor } from '../auth/redirect.ts';

/** What the user can do about a failed request. */
export type ErrorRemedy = 'retry' | 'reload' | 'signIn' | 'none';

export interface ErrorExplanation {
  /** What happened and what to do next, in the user's language. */
  message: string;
  remedy: ErrorRemedy;
  /** The server's own words (validation problems, "already exists"), shown below as the detail. */
  detail: string | null;
  requestId: string | null;
}

// 409 codes that mean "it changed under you" rather than "it clashes with something that exists".
const changedCodes = /(_changed|_conflict|_stale|_modified)$/;

/**
 * Turns any error a page may meet into words that say what to do next: the HTTP status and the server's
 * code decide; the server's message is kept as detail, never shown alone.
 */
export function explainError(error: unknown, t: TFunction): ErrorExplanation {
  if (!(error instanceof ApiError))
    return {
      message: t('shell.error.unexpected'),
      remedy: 'retry',
      detail: error instanceof Error ? error.message : null,
      requestId: null,
    };
  const detail = error.status === 0 || error.message.trim() === '' ? null : error.message;
  const requestId = error.requestId ?? null;
  const explain = (key: ParseKeys, remedy: ErrorRemedy, options?: Record<string, unknown>) => ({
    message: (options ? t(key, options) : t(key)) as string,
    remedy,
    detail,
    requestId,
  });
  if (error.status === 0 && error.code === clientErrorCodes.network)
    return explain('shell.error.network', 'retry');
  if (error.code === clientErrorCodes.invalidResponse) return explain('shell.error.server', 'retry');
  switch (error.status) {
    case 401:
      return explain('shell.error.signedOut', 'signIn');
    case 403:
      return explain('shell.error.forbidden', 'none');
    case 404:
      return explain('shell.error.notFound', 'none');
    case 410:
      return explain('shell.error.gone', 'none');
    case 409:
      return changedCodes.test(error.code)
        ? explain('shell.error.changed', 'reload')
        : explain('shell.error.conflict', 'none');
    case 413:
      return explain('shell.error.tooLarge', 'none');
    case 429:
      return error.retryAfterSeconds !== undefined
        ? explain('shell.error.rateLimited', 'retry', { count: error.retryAfterSeconds })
        : explain('shell.error.rateLimitedNoTime', 'retry');
    case 502:
    case 503:
    case 504:
      return explain('shell.error.unavailable', 'retry');
  }
  if (error.status >= 500) return explain('shell.error.server', 'retry');
  return explain('shell.error.invalid', 'none');
}

/**
 * A failed load or step, said so that the user knows what to do next (sign in again, ask an admin, reload,
 * wait, try again), with the server's own message, its per-field problems and the request number as detail.
 * `onRetry` adds a "Try again" button where trying again can help; `back` a way out; `notFound` the page's own
 * words for a 404 or 403 (which the server answers alike so as not to tell whether something exists).
 */
export function ErrorNotice({
  error,
  title,
  onRetry,
  back,
  maw,
  notFound,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  back?: { to: string; label: string };
  maw?: number;
  notFound?: string;
}) {
  const { t } = useTranslation();
  const location = useLocation();
  if (!error) return null;
  const missing = error instanceof ApiError && (error.status === 404 || error.status === 403);
  const explained: ErrorExplanation =
    notFound && missing
      ? { message: notFound, remedy: 'none', detail: null, requestId: null }
      : explainError(error, t);
  const fields = error instanceof ApiError ? error.fields : [];
  const actions: ReactNode[] = [];
  if (explained.remedy === 'signIn')
    actions.push(
      <Button
        key="sign-in"
        component={Link}
        to={loginPathFor(`${location.pathname}${location.search}`)}
        size="xs"
      >
        {t('shell.error.signIn')}
      </Button>,
    );
  if (explained.remedy === 'reload')
    actions.push(
      <Button key="reload" size="xs" onClick={() => window.location.reload()}>
        {t('shell.error.reload')}
      </Button>,
    );
  if (explained.remedy === 'retry' && onRetry)
    actions.push(
      <Button key="retry" size="xs" variant="default" onClick={onRetry}>
        {t('shell.error.retry')}
      </Button>,
    );
  if (back)
    actions.push(
      <Button key="back" component={Link} to={back.to} size="xs" variant="default">
        {back.label}
      </Button>,
    );
  return (
    <Alert
      color="red"
      variant="light"
      title={title ?? t('shell.error.title')}
      role="alert"
      maw={maw}
      data-error-status={error instanceof ApiError ? error.status : undefined}
    >
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{explained.message}</Text>
        {fields.length > 0 ? (
          <List size="sm">
            {fields.map((field) => (
              <List.Item key={`${field.path}:${field.message}`}>
                {field.path}: {field.message}
              </List.Item>
            ))}
          </List>
        ) : (
          explained.detail && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {t('shell.error.serverSaid', { message: explained.detail })}
            </Text>
          )
        )}
        {explained.requestId && (
          <Text size="xs" c="dimmed">
            {t('shell.error.requestId', { id: explained.requestId })}
          </Text>
        )}
        {actions.length > 0 && <Group gap="xs">{actions}</Group>}
      </Stack>
    </Alert>
  );
}
