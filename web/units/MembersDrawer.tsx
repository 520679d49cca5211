import { Anchor, Badge, Drawer, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type UnitSummary, useUnitMembers } from '../api/units.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { roleLabel, specialtyLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';

const statusColor = { active: 'green', invited: 'blue', deactivated: 'gray' } as const;

/** The users who belong to a unit, beside the tree; who belongs where is changed on the users page. */
export function MembersDrawer({
  unit,
  opened,
  onClose,
}: {
  unit: UnitSummary | null;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const members = useUnitMembers(unit?.id ?? null);
  return (
    <Drawer
      opened={opened && unit !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={unit ? t('units.members.title', { name: unit.name }) : ''}
      closeButtonProps={{ 'aria-label': t('units.members.close') }}
    >
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('units.members.intro')}
        </Text>
        {members.isPending && unit && <Loading label={t('units.members.loading')} />}
        {members.error && (
          <ErrorNotice
            error={members.error}
            title={t('shell.error.loadFailed')}
            onRetry={() => void members.refetch()}
          />
        )}
        {members.data?.members.length === 0 && <Text>{t('units.members.empty')}</Text>}
        {members.data && members.data.members.length > 0 && (
          <Stack
            component="ul"
            gap="sm"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label={t('units.members.listLabel')}
            data-testid="unit-members"
          >
            {members.data.members.map((member) => (
              <li key={member.id}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text fw={600} size="sm">
                      {member.displayName}
                    </Text>
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {member.email}
                    </Text>
                    <Text size="sm">
                      {roleLabel(t, member.role)}
                      {member.specialty && ` · ${specialtyLabel(t, member.specialty)}`}
                      {member.tenantWide && ` · ${t('units.members.tenantWide')}`}
                    </Text>
                  </Stack>
                  <Badge color={statusColor[member.status]} variant="light">
                    {t(`units.status.${member.status}`)}
                  </Badge>
                </Group>
              </li>
            ))}
          </Stack>
        )}
        <Anchor component={Link} to="/admin/users" size="sm">
          {t('units.members.manage')}
        </Anchor>
      </Stack>
    </Drawer>
  );
}
