import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  List,
  Modal,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TotpSetup, useTotpConfirm, useTotpRemove, useTotpSetup, useTotpStatus } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import { formatDate } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Loading } from './PageSkeleton.tsx';

/** The server's QR code SVG as an image: shown as a picture, never inserted into the page as markup. */
function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** `ABCD EFGH …`: easier to type from the screen. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** The account page's card for two-step sign-in: set up (QR code, confirm, recovery codes) or remove. */
export function TwoStepCard({ setupRequired }: { setupRequired: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const status = useTotpStatus();
  const setup = useTotpSetup();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | undefined>();
  const [removing, setRemoving] = useState(false);
  const [notice, setNotice] = useState<string | undefined>();

  const enabled = status.data?.enabled === true;

  return (
    <Paper
      component="section"
      id="two-step"
      aria-labelledby={headingId}
      withBorder
      p={{ base: 'md', sm: 'lg' }}
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Group gap="sm" wrap="wrap">
            <Title order={2} size="h3" id={headingId}>
              {t('account.twoStep.heading')}
            </Title>
            {status.data && (
              <Badge color={enabled ? 'green' : 'gray'} variant={enabled ? 'filled' : 'light'}>
                {enabled ? t('account.twoStep.on') : t('account.twoStep.off')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('account.twoStep.intro')}
          </Text>
        </Stack>
        {setupRequired && !recoveryCodes && (
          <Alert color="orange" variant="light" title={t('account.twoStep.requiredTitle')} role="alert">
            {t('account.twoStep.required')}
          </Alert>
        )}
        <div role="status">
          {notice && (
            <Alert color="green" variant="light">
              {notice}
            </Alert>
          )}
        </div>

        {status.isPending && !status.error && <Loading label={t('account.twoStep.loading')} />}
        <ErrorNotice error={status.error} title={t('account.twoStep.errorTitle')} />

        {recoveryCodes ? (
          <RecoveryCodesPanel
            codes={recoveryCodes}
            onDone={() => {
              setRecoveryCodes(undefined);
              setNotice(t('account.twoStep.enabledNotice'));
            }}
          />
        ) : setup.data ? (
          <Enrolment
            setup={setup.data}
            onConfirmed={(codes) => {
              setup.reset();
              setRecoveryCodes(codes);
            }}
            onCancel={() => setup.reset()}
          />
        ) : enabled && status.data ? (
          <Stack gap="sm">
            <Text size="sm">
              {status.data.confirmedAt &&
                t('account.twoStep.since', {
                  date: formatDate(status.data.confirmedAt, currentLanguage()),
                })}{' '}
              {t('account.twoStep.codesLeft', { count: status.data.recoveryCodesLeft })}
            </Text>
            <Group>
              <Button variant="default" color="red" onClick={() => setRemoving(true)}>
                {t('account.twoStep.remove')}
              </Button>
            </Group>
          </Stack>
        ) : (
          status.data && (
            <Stack gap="xs" align="flex-start">
              <ErrorNotice error={setup.error} />
              <Button
                onClick={() => {
                  setNotice(undefined);
                  setup.mutate();
                }}
                loading={setup.isPending}
              >
                {t('account.twoStep.start')}
              </Button>
            </Stack>
          )
        )}
      </Stack>
      <RemoveDialog
        opened={removing}
        onClose={() => setRemoving(false)}
        onRemoved={() => {
          setRemoving(false);
          setNotice(t('account.twoStep.removedNotice'));
        }}
      />
    </Paper>
  );
}

function Enrolment({
  setup,
  onConfirmed,
  onCancel,
}: {
  setup: TotpSetup;
  onConfirmed: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const confirm = useTotpConfirm();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const secretId = useId();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const entered = code.replace(/\s/g, '');
    if (entered === '') return setMissing(true);
    confirm.mutate(entered, {
      onSuccess: (answer) => onConfirmed(answer.recoveryCodes),
      onError: () => setCode(''),
    });
  };
  const error =
    confirm.error instanceof ApiError && confirm.error.code === 'totp_code_invalid'
      ? t('account.twoStep.wrongCode')
      : confirm.error?.message;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Stack gap="xs">
          <Text fw={600}>{t('account.twoStep.step1')}</Text>
          <Text size="sm">{t('account.twoStep.scan')}</Text>
          <Box
            component="img"
            src={svgDataUrl(setup.qrCodeSvg)}
            alt={t('account.twoStep.qrAlt')}
            w={200}
            h={200}
            bg="white"
            style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }}
          />
        </Stack>
        <Stack gap="xs" miw={0}>
          <Text size="sm" id={secretId}>
            {t('account.twoStep.manual')}
          </Text>
          <Code
            block
            aria-labelledby={secretId}
            data-testid="totp-secret"
            fz="md"
            style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}
          >
            {grouped(setup.secretBase32)}
          </Code>
          <Group gap="xs">
            <CopyButton value={setup.secretBase32}>
              {({ copied, copy }) => (
                <Button variant="default" size="xs" onClick={copy}>
                  {copied ? t('account.twoStep.copied') : t('account.twoStep.copyKey')}
                </Button>
              )}
            </CopyButton>
            {/* On the phone itself there is nothing to scan: the otpauth link opens the authenticator app. */}
            <Button component="a" href={setup.otpauthUri} variant="default" size="xs">
              {t('account.twoStep.openApp')}
            </Button>
          </Group>
        </Stack>
      </SimpleGrid>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text fw={600}>{t('account.twoStep.step2')}</Text>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('account.twoStep.code')}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            maw={220}
            required
            value={code}
            onChange={(event) => {
              setCode(event.currentTarget.value);
              setMissing(false);
            }}
            error={missing ? t('login.required') : undefined}
            styles={{ input: { fontFamily: 'monospace', letterSpacing: '0.2em', fontSize: '1.2rem' } }}
          />
          <Group gap="sm">
            <Button type="submit" loading={confirm.isPending}>
              {t('account.twoStep.confirm')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('account.twoStep.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function RecoveryCodesPanel({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const panel = useRef<HTMLDivElement>(null);
  // The form that had the focus is gone: move it to what must be read now.
  useEffect(() => {
    panel.current?.focus();
  }, []);
  const text = `${t('account.twoStep.fileHeading')}\n\n${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'tma-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1_000);
  };
  return (
    <Stack gap="sm" ref={panel} tabIndex={-1} style={{ outline: 'none' }}>
      <Alert color="blue" variant="light" title={t('account.twoStep.codesTitle')}>
        {t('account.twoStep.codesIntro')}
      </Alert>
      <List
        data-testid="recovery-codes"
        listStyleType="none"
        spacing={4}
        ff="monospace"
        // One column on a phone: a code must never wrap in the middle.
        style={{ columns: '2 12rem', whiteSpace: 'nowrap' }}
        p={0}
      >
        {codes.map((code) => (
          <List.Item key={code}>{code}</List.Item>
        ))}
      </List>
      <Group gap="sm" wrap="wrap">
        <CopyButton value={codes.join('\n')}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('account.twoStep.copied') : t('account.twoStep.copyCodes')}
            </Button>
          )}
        </CopyButton>
        <Button variant="default" onClick={download}>
          {t('account.twoStep.downloadCodes')}
        </Button>
        <Button onClick={onDone}>{t('account.twoStep.savedCodes')}</Button>
      </Group>
    </Stack>
  );
}

function RemoveDialog({
  opened,
  onClose,
  onRemoved,
}: {
  opened: boolean;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const remove = useTotpRemove();
  const [password, setPassword] = useState('');
  const close = () => {
    setPassword('');
    remove.reset();
    onClose();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (password === '') return;
    remove.mutate(password, {
      onSuccess: () => {
        setPassword('');
        remove.reset();
        onRemoved();
      },
      onError: () => setPassword(''),
    });
  };
  const error =
    remove.error instanceof ApiError && remove.error.code === 'password_incorrect'
      ? t('account.twoStep.wrongPassword')
      : remove.error?.message;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('account.twoStep.removeTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('account.twoStep.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('account.twoStep.removeText')}</Text>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
            data-autofocus
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('account.twoStep.cancel')}
            </Button>
            <Button type="submit" color="red" loading={remove.isPending} disabled={password === ''}>
              {t('account.twoStep.removeConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
