import { Stack, Switch, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useContentRoles, useSaveContentRoles } from '../api/access.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';

/**
 * In "Change role" of another admin: whether they also work as a threat manager of their units, and so read
 * the content of reports and cases there. Saved at once and audited; an admin cannot give it to themselves.
 */
export function ContentRolesSwitch({ userId, name }: { userId: string; name: string }) {
  const { t } = useTranslation();
  const roles = useContentRoles(userId);
  const save = useSaveContentRoles(userId);
  const error = roles.error ?? save.error;
  return (
    <Stack gap="xs">
      {roles.isPending && <Loading label={t('users.contentRoles.label')} />}
      {roles.data && (
        <Switch
          label={t('users.contentRoles.label')}
          description={t('users.contentRoles.help', { name })}
          checked={roles.data.contentRoles.includes('threat_manager')}
          disabled={save.isPending}
          onChange={(event) =>
            save.mutate({ contentRoles: event.currentTarget.checked ? ['threat_manager'] : [] })
          }
        />
      )}
      {save.isSuccess && (
        <Text size="sm" role="status">
          {t('users.contentRoles.saved')}
        </Text>
      )}
      <ErrorNotice error={error} />
    </Stack>
  );
}
