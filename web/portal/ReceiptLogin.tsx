import { Alert, Button, Paper, Stack, Text, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import {
  fetchPortalChallenge,
  openReceiptSession,
  portalErrorCodes,
  type ReceiptSession,
} from '../api/portal.ts';
import { formatWait } from '../auth/wait-time.ts';
import { errorId, fieldId } from './field-ids.ts';
import { useLocalised } from './localised.ts';
import { ProofOfWorkFailed, solvePortalChallenge } from './proof-of-work.ts';
import { formatReceipt, normaliseReceipt } from './receipt.ts';

type Phase = 'idle' | 'solving' | 'opening';

/**
 * The work a receipt login costs can rise while the reporter solves (wrong receipts entered meanwhile): the
 * server then asks for a new challenge. It doubles at most a few times, so a few rounds always suffice.
 */
const MAX_ROUNDS = 5;

/** Fetches and solves a receipt-login challenge, and exchanges the receipt; again if the work has risen. */
async function openWithProof(
  tenant: string,
  receipt: string,
  signal: AbortSignal,
  onPhase: (phase: Phase) => void,
): Promise<ReceiptSession> {
  for (let round = 1; ; round++) {
    onPhase('solving');
    const challenge = await fetchPortalChallenge(tenant, signal, 'receipt');
    const proof = await solvePortalChallenge(challenge, { signal });
    onPhase('opening');
    try {
      return await openReceiptSession(tenant, { receipt, proof }, signal);
    } catch (error) {
      const outdated = error instanceof ApiError && error.code === portalErrorCodes.proofOfWorkOutdated;
      if (!outdated || round >= MAX_ROUNDS) throw error;
    }
  }
}

/**
 * The receipt, typed with or without spaces; a proof-of-work, then the dialogue token. A wrong receipt gets
 * one sentence and nothing more (the server answers the same whether or not a report exists).
 */
export function ReceiptLogin({
  tenant,
  notice,
  onOpened,
}: {
  tenant: string;
  /** Why the reporter sees this form again, if they were in the dialogue before. */
  notice: string | undefined;
  onOpened: (session: ReceiptSession) => void;
}) {
  const { t } = useTranslation();
  const { language } = useLocalised();
  const input = useRef<HTMLInputElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [phase, setPhase] = useState<Phase>('idle');
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  // The one field of the page: the cursor starts there.
  useEffect(() => {
    input.current?.focus();
  }, []);

  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (phase !== 'idle') return;
    setFailure(undefined);
    const digits = normaliseReceipt(value);
    if (!digits) {
      setFieldError(t('portal.dialogue.receiptMalformed'));
      input.current?.focus();
      return;
    }
    setFieldError(undefined);
    const controller = new AbortController();
    abort.current = controller;
    try {
      const session = await openWithProof(tenant, formatReceipt(digits), controller.signal, setPhase);
      onOpened(session);
    } catch (error) {
      if (controller.signal.aborted) return;
      setPhase('idle');
      if (error instanceof ApiError && error.status === 401) {
        setFieldError(t('portal.dialogue.invalid'));
        input.current?.focus();
        return;
      }
      setFailure(loginFailure(t, error, language));
    }
  };

  const busy = phase !== 'idle';
  return (
    <Stack gap="md">
      {notice && (
        <Alert
          color="blue"
          variant="light"
          role="status"
          styles={{ message: { color: 'var(--mantine-color-text)' } }}
        >
          {notice}
        </Alert>
      )}
      <Text>{t('portal.dialogue.loginIntro')}</Text>
      <Paper withBorder p={{ base: 'md', sm: 'lg' }} maw={520}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {failure && (
              <Alert
                ref={failureRef}
                tabIndex={-1}
                color="red"
                variant="light"
                title={t('portal.dialogue.errorTitle')}
                styles={{ title: { color: 'var(--mantine-color-red-9)' } }}
              >
                {failure}
              </Alert>
            )}
            <TextInput
              ref={input}
              id={fieldId('receipt')}
              label={t('portal.dialogue.receipt')}
              description={t('portal.dialogue.receiptDescription')}
              required
              inputMode="numeric"
              // Never kept in the browser's form history: the next person at a shared computer would see it.
              autoComplete="off"
              autoCorrect="off"
              spellCheck={false}
              name="receipt"
              value={value}
              onChange={(event) => {
                setValue(event.currentTarget.value);
                setFieldError(undefined);
              }}
              error={fieldError}
              errorProps={{ id: errorId('receipt') }}
              styles={{
                input: {
                  fontFamily: 'var(--mantine-font-family-monospace)',
                  fontSize: '1.25rem',
                  letterSpacing: '0.08em',
                },
              }}
            />
            <Button type="submit" aria-disabled={busy || undefined}>
              {t('portal.dialogue.open')}
            </Button>
            <div role="status">
              {busy && (
                <Text size="sm">
                  {phase === 'solving' ? t('portal.dialogue.solving') : t('portal.dialogue.opening')}
                </Text>
              )}
            </div>
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}

function loginFailure(t: TFunction, error: unknown, language: 'de' | 'en'): string {
  if (error instanceof ProofOfWorkFailed) return t('portal.form.proofFailed');
  if (!(error instanceof ApiError)) return t('portal.loadError.other');
  if (error.code === clientErrorCodes.network) return t('portal.loadError.network');
  if (
    error.code === portalErrorCodes.proofOfWorkInvalid ||
    error.code === portalErrorCodes.proofOfWorkOutdated
  )
    return t('portal.form.proofFailed');
  if (error.status === 429)
    return error.retryAfterSeconds === undefined
      ? t('portal.dialogue.throttledNoWait')
      : t('portal.dialogue.throttled', { wait: formatWait(error.retryAfterSeconds, language) });
  return t('portal.loadError.other');
}
