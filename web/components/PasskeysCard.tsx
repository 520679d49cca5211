import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import {
  browserRefusal,
  type Passkey,
  useAddPasskey,
  usePasskeys,
  useRemovePasskey,
} from '../api/passkeys.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { Loading } from './PageSkeleton.tsx';

/** The account page's card for passkeys: the list (added, last used), adding one with a name, removing. */
export function PasskeysCard({ setupRequired }: { setupRequired: boolean }) {
  const { t } = useTranslation();
  const headingId = useId();
  const list = usePasskeys();
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Passkey | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const passwordRequired = list.data?.passwordRequired ?? true;

  return (
    <Paper
      component="section"
      id="passkeys"
      aria-labelledby={headingId}
      withBorder
      p={{ base: 'md', sm: 'lg' }}
    >
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id={headingId}>
            {t('passkeys.card.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('passkeys.card.intro')}
          </Text>
          {setupRequired && (
            <Text size="sm" fw={500}>
              {t('passkeys.card.requiredHint')}
            </Text>
          )}
        </Stack>
        {/* Always present (and empty until something happens), so screen readers announce the outcome. */}
        <div role="status">
          {notice && (
            <Alert color="green" variant="light">
              {notice}
            </Alert>
          )}
        </div>
        {list.isPending && !list.error && <Loading label={t('passkeys.card.loading')} />}
        <ErrorNotice error={list.error} title={t('passkeys.card.errorTitle')} />
        {list.data &&
          (list.data.passkeys.length === 0 ? (
            <Text size="sm">{t('passkeys.card.none')}</Text>
          ) : (
            <Stack
              component="ul"
              gap="sm"
              m={0}
              p={0}
              style={{ listStyle: 'none' }}
              aria-labelledby={headingId}
            >
              {list.data.passkeys.map((passkey) => (
                <PasskeyItem key={passkey.id} passkey={passkey} onRemove={() => setRemoving(passkey)} />
              ))}
            </Stack>
          ))}
        {list.data && (
          <Group>
            <Button
              onClick={() => {
                setNotice(undefined);
                setAdding(true);
              }}
            >
              {t('passkeys.card.add')}
            </Button>
          </Group>
        )}
      </Stack>
      <AddDialog
        opened={adding}
        passwordRequired={passwordRequired}
        onClose={() => setAdding(false)}
        onAdded={(name) => {
          setAdding(false);
          setNotice(t('passkeys.card.added', { name }));
        }}
      />
      <RemoveDialog
        passkey={removing}
        passwordRequired={passwordRequired}
        onClose={() => setRemoving(undefined)}
        onRemoved={(name) => {
          setRemoving(undefined);
          setNotice(t('passkeys.card.removed', { name }));
        }}
      />
    </Paper>
  );
}

function PasskeyItem({ passkey, onRemove }: { passkey: Passkey; onRemove: () => void }) {
  const { t } = useTranslation();
  const time = (iso: string) => <time dateTime={iso}>{formatDateTime(iso, currentLanguage())}</time>;
  return (
    <Paper component="li" withBorder p="sm">
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} miw={0} style={{ flex: '1 1 220px' }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
              {passkey.name}
            </Text>
            {passkey.backedUp && (
              <Badge variant="light" color="gray">
                {t('passkeys.card.synced')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('passkeys.card.created')}: {time(passkey.createdAt)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('passkeys.card.lastUsed')}:{' '}
            {passkey.lastUsedAt ? time(passkey.lastUsedAt) : t('passkeys.card.neverUsed')}
          </Text>
        </Stack>
        <Button
          variant="default"
          size="xs"
          onClick={onRemove}
          aria-label={t('passkeys.card.removeNamed', { name: passkey.name })}
        >
          {t('passkeys.card.remove')}
        </Button>
      </Group>
    </Paper>
  );
}

/** The message for a failed add or remove: the browser's refusal, a wrong password, or the server's words. */
function useFailureMessage(error: Error | null): string | undefined {
  const { t } = useTranslation();
  if (!error) return undefined;
  const refusal = browserRefusal(error);
  if (refusal) return t(`passkeys.card.${refusal}`);
  if (error instanceof ApiError && error.code === 'password_incorrect')
    return t('passkeys.card.wrongPassword');
  if (error instanceof ApiError && error.code === 'passkey_invalid') return t('passkeys.card.invalid');
  // The server's own words name the address to use; they follow the explanation in the user's language.
  const addressRefusal = {
    passkey_origin_mismatch: 'originMismatch',
    passkey_needs_host_name: 'needsHostName',
  } as const;
  if (
    error instanceof ApiError &&
    (error.code === 'passkey_origin_mismatch' || error.code === 'passkey_needs_host_name')
  )
    return `${t(`passkeys.card.${addressRefusal[error.code]}`, { here: window.location.origin })} ${t('shell.error.serverSaid', { message: error.message })}`;
  return error.message;
}

function AddDialog({
  opened,
  passwordRequired,
  onClose,
  onAdded,
}: {
  opened: boolean;
  passwordRequired: boolean;
  onClose: () => void;
  onAdded: (name: string) => void;
}) {
  const { t } = useTranslation();
  const add = useAddPasskey();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const error = useFailureMessage(add.error);
  const close = () => {
    setName('');
    setPassword('');
    add.reset();
    onClose();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (passwordRequired && password === '') return;
    const chosen = name.trim() || t('passkeys.card.defaultName');
    add.mutate(
      { name: chosen, ...(passwordRequired ? { password } : {}) },
      {
        onSuccess: () => {
          setName('');
          setPassword('');
          add.reset();
          onAdded(chosen);
        },
        onError: (failure) => {
          if (failure instanceof ApiError && failure.code === 'password_incorrect') setPassword('');
        },
      },
    );
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t('passkeys.card.addTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('passkeys.card.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {passwordRequired ? t('passkeys.card.addTextPassword') : t('passkeys.card.addText')}
          </Text>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          <TextInput
            label={t('passkeys.card.name')}
            description={t('passkeys.card.nameDescription')}
            name="passkeyName"
            autoComplete="off"
            maxLength={100}
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
          {passwordRequired && (
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('passkeys.card.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} disabled={passwordRequired && password === ''}>
              {t('passkeys.card.continue')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RemoveDialog({
  passkey,
  passwordRequired,
  onClose,
  onRemoved,
}: {
  passkey: Passkey | undefined;
  passwordRequired: boolean;
  onClose: () => void;
  onRemoved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const remove = useRemovePasskey();
  const [password, setPassword] = useState('');
  const error = useFailureMessage(remove.error);
  const close = () => {
    setPassword('');
    remove.reset();
    onClose();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!passkey || (passwordRequired && password === '')) return;
    remove.mutate(
      { id: passkey.id, ...(passwordRequired ? { password } : {}) },
      {
        onSuccess: () => {
          setPassword('');
          remove.reset();
          onRemoved(passkey.name);
        },
        onError: () => setPassword(''),
      },
    );
  };
  const name = passkey?.name ?? '';
  return (
    <Modal
      opened={passkey !== undefined}
      onClose={close}
      title={t('passkeys.card.removeTitle')}
      centered
      closeButtonProps={{ 'aria-label': t('passkeys.card.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm">
            {passwordRequired
              ? t('passkeys.card.removeTextPassword', { name })
              : t('passkeys.card.removeText', { name })}
          </Text>
          {error && (
            <Alert color="red" variant="light" role="alert">
              {error}
            </Alert>
          )}
          {passwordRequired && (
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              visibilityToggleButtonProps={{ 'aria-label': t('login.showPassword') }}
              data-autofocus
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
            />
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('passkeys.card.cancel')}
            </Button>
            <Button
              type="submit"
              color="red"
              loading={remove.isPending}
              disabled={passwordRequired && password === ''}
            >
              {t('passkeys.card.removeConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
