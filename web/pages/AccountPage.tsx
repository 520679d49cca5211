import {
  Alert,
  Badge,
  Button,
  DataList,
  Group,
  Modal,
  Paper,
  Stack,
  Text,
  Title,
  useMatches,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordCard } from '../account/PasswordCard.tsx';
import { type AccountSession, type SessionInfo, useRevokeSession, useSessions } from '../api/auth.ts';
import { summariseUserAgent } from '../auth/user-agent.ts';
import { explainError } from '../components/ErrorNotice.tsx';
import { roleLabel, specialtyLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { PasskeysCard } from '../components/PasskeysCard.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { TwoStepCard } from '../components/TwoStepCard.tsx';
import { formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/** `/account`: who the user is, how they sign in (password, second factors) and where they are signed in. */
export function AccountPage() {
  return <RequireSignIn>{(session) => <Account session={session} />}</RequireSignIn>;
}

function Account({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const required = session.secondFactorSetupRequired === true;
  const profile = <Profile key="profile" session={session} />;
  const twoStep = <TwoStepCard key="two-step" setupRequired={required} />;
  const passkeys = <PasskeysCard key="passkeys" setupRequired={required} />;
  const password = (
    <PasswordCard key="password" email={session.user.email} noPassword={session.noPassword === true} />
  );
  return (
    <Stack gap="lg" maw={720}>
      <Stack gap={4}>
        <PageTitle>{t('account.title')}</PageTitle>
        <Text c="dimmed">{t('account.intro')}</Text>
      </Stack>
      {/* A user who must set up two-step sign-in sees that card first; keyed, so it keeps its state (the
          recovery codes on screen) when the finished setup moves it back below the profile. Until then the
          server answers nothing else: no password change, no session list. */}
      {required ? [twoStep, passkeys, profile] : [profile, password, twoStep, passkeys]}
      {!required && <Sessions />}
    </Stack>
  );
}

function Profile({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const headingId = useId();
  const { user } = session;
  const orientation = useMatches<'horizontal' | 'vertical'>(
    { base: 'vertical', sm: 'horizontal' },
    { getInitialValueInEffect: false },
  );
  const items: [string, string][] = [
    [t('account.profile.name'), user.displayName],
    [t('account.profile.email'), user.email],
    [t('account.profile.role'), roleLabel(t, user.role)],
  ];
  if (user.specialty) items.push([t('account.profile.specialty'), specialtyLabel(t, user.specialty)]);
  items.push([t('account.profile.organisation'), user.tenant.name]);
  if (user.tenantWide) items.push([t('account.profile.scope'), t('account.profile.tenantWide')]);

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {t('account.profile.heading')}
        </Title>
        <DataList orientation={orientation} labelWidth={160}>
          {items.map(([label, value]) => (
            <DataList.Item key={label}>
              <DataList.ItemLabel>{label}</DataList.ItemLabel>
              <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{value}</DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList>
      </Stack>
    </Paper>
  );
}

/** "Firefox, Windows"; whatever part is known. */
export function sessionName(t: TFunction, session: AccountSession): string {
  const { browser, system } = summariseUserAgent(session.userAgent);
  if (browser && system) return t('account.sessions.browserOn', { browser, system });
  return browser ?? system ?? t('account.sessions.unknownBrowser');
}

function Sessions() {
  const { t } = useTranslation();
  const headingId = useId();
  const { data: sessions, error, isPending } = useSessions();
  const revoke = useRevokeSession();
  const [confirming, setConfirming] = useState<AccountSession | undefined>();
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | undefined>();

  const confirmRevoke = () => {
    const session = confirming;
    if (!session) return;
    const name = sessionName(t, session);
    revoke.mutate(session.id, {
      onSuccess: () => setOutcome({ ok: true, text: t('account.sessions.revoked', { name }) }),
      onError: (failure) =>
        setOutcome({
          ok: false,
          text: t('account.sessions.revokeFailed', { message: explainError(failure, t).message }),
        }),
      onSettled: () => setConfirming(undefined),
    });
  };

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id={headingId}>
            {t('account.sessions.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('account.sessions.intro')}
          </Text>
          {/* Always present (and empty until something happens), so screen readers announce the outcome. */}
          <div role="status">
            {outcome?.ok && (
              <Alert color="green" variant="light" mt="sm">
                {outcome.text}
              </Alert>
            )}
          </div>
        </Stack>
        {outcome && !outcome.ok && (
          <Alert color="red" variant="light" role="alert">
            {outcome.text}
          </Alert>
        )}

        {isPending && !error && <Loading label={t('account.sessions.loading')} />}
        {error && (
          <Alert color="red" variant="light" title={t('account.sessions.errorTitle')} role="alert">
            {error.message}
          </Alert>
        )}
        {sessions && (
          <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
            {sessions.map((session) => (
              <SessionItem key={session.id} session={session} onSignOut={() => setConfirming(session)} />
            ))}
          </Stack>
        )}
      </Stack>

      <Modal
        opened={confirming !== undefined}
        onClose={() => setConfirming(undefined)}
        title={t('account.sessions.confirmTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('account.sessions.cancel') }}
      >
        <Stack gap="md">
          <Text>{confirming && t('account.sessions.confirmText', { name: sessionName(t, confirming) })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(undefined)}>
              {t('account.sessions.cancel')}
            </Button>
            <Button color="red" loading={revoke.isPending} onClick={confirmRevoke}>
              {t('account.sessions.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function SessionItem({ session, onSignOut }: { session: AccountSession; onSignOut: () => void }) {
  const { t } = useTranslation();
  const name = sessionName(t, session);
  const time = (iso: string) => <time dateTime={iso}>{formatDateTime(iso, currentLanguage())}</time>;
  return (
    <Paper component="li" withBorder p="sm" bg={session.current ? 'blue.0' : undefined}>
      <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
        <Stack gap={2} miw={0} style={{ flex: '1 1 220px' }}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600}>{name}</Text>
            {session.current && (
              <Badge variant="filled" color="blue">
                {t('account.sessions.thisSession')}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('account.sessions.created')}: {time(session.createdAt)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('account.sessions.lastActive')}: {time(session.lastSeenAt)}
          </Text>
        </Stack>
        {!session.current && (
          <Button
            variant="default"
            size="xs"
            onClick={onSignOut}
            aria-label={t('account.sessions.signOutNamed', { name })}
          >
            {t('account.sessions.signOut')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
