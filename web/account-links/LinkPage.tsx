import { Alert, Anchor, DataList, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LinkDetails } from '../api/users.ts';
import { explainError } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { linkProblem } from './link-token.ts';

/** The frame of a page opened from an e-mailed link: title, intro, and the link's state. */
export function LinkPage({
  title,
  intro,
  token,
  details,
  error,
  children,
}: {
  title: string;
  intro: string;
  token: string | null;
  details: LinkDetails | undefined;
  error: Error | null;
  children: (details: LinkDetails) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={460} mx="auto" mt={{ base: 0, sm: 'xl' }}>
      <Stack gap={4}>
        <PageTitle>{title}</PageTitle>
        <Text c="dimmed">{intro}</Text>
      </Stack>
      {token === null ? (
        <LinkError text={t('users.links.missingToken')} />
      ) : error ? (
        <LinkError error={error} />
      ) : !details ? (
        <Loading label={t('users.links.checking')} />
      ) : (
        <Paper withBorder p={{ base: 'md', sm: 'lg' }}>
          <Stack gap="md">
            <DataList orientation="vertical">
              <DataList.Item>
                <DataList.ItemLabel>{t('users.links.organisation')}</DataList.ItemLabel>
                <DataList.ItemValue>{details.organisation.name}</DataList.ItemValue>
              </DataList.Item>
              <DataList.Item>
                <DataList.ItemLabel>{t('users.links.account')}</DataList.ItemLabel>
                <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{details.email}</DataList.ItemValue>
              </DataList.Item>
            </DataList>
            {children(details)}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}

/** Why a link cannot be used, in words, with the way on. */
export function LinkError({ error, text }: { error?: Error; text?: string }) {
  const { t } = useTranslation();
  const problem = linkProblem(error);
  const message =
    text ??
    (problem
      ? t(`users.links.${problem}`)
      : t('users.failed', { message: error ? explainError(error, t).message : '' }));
  return (
    <Alert color="red" variant="light" title={t('users.links.invalidTitle')} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message}</Text>
        <Group gap="md">
          <Anchor component={Link} to="/login" size="sm" c="red.9" underline="always">
            {t('users.links.toLogin')}
          </Anchor>
          {problem && problem !== 'link_used' && (
            <Anchor component={Link} to="/forgot-password" size="sm" c="red.9" underline="always">
              {t('users.forgot.loginLink')}
            </Anchor>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
