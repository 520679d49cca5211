import { Button, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../api/auth.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SetupNotice } from '../setup/SetupNotice.tsx';
import { MyWorkPage } from './MyWorkPage.tsx';

/**
 * `/`: a signed-in user lands on their work; anyone else sees what TMA is and the way to sign in. The
 * server's health is an administrator's page now (/admin/status), not the front door.
 */
export function HomePage() {
  const { t } = useTranslation();
  const { data: session, isPending } = useSession();
  if (isPending) return <Loading label={t('auth.checking')} />;
  if (session) return <MyWorkPage session={session} />;
  return (
    <Stack gap="lg" maw={720}>
      <Stack gap={4}>
        <PageTitle>{t('overview.title')}</PageTitle>
        <Text c="dimmed">{t('work.welcome')}</Text>
      </Stack>
      <SetupNotice />
      <Group>
        <Button component={Link} to="/login">
          {t('work.signIn')}
        </Button>
      </Group>
    </Stack>
  );
}
