import { Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { roles } from '../api/auth.ts';
import type { TeamMember } from '../api/case-file.ts';
import { roleLabel, specialtyLabel } from '../components/labels.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { formatMoment } from './case-times.ts';

const isRole = (value: string): value is (typeof roles)[number] =>
  (roles as readonly string[]).includes(value);

/**
 * One person on the team: name, their part in the case and their role (and specialty), until when they
 * stay; "Change end" and "Remove" for whoever manages the team (never for the owner).
 */
export function TeamMemberItem({
  member,
  manage,
  onChangeEnd,
  onRemove,
}: {
  member: TeamMember;
  manage: boolean;
  onChangeEnd: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { user } = member;
  const owner = member.role === 'owner';
  const role = isRole(user.role) ? roleLabel(t, user.role) : user.role;
  const added = formatDay(member.addedAt.slice(0, 10), language);
  return (
    <Paper component="li" withBorder p="md" data-testid="team-member">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} miw={0}>
          <Group gap="xs" wrap="wrap">
            <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
              {user.name}
            </Text>
            <Badge variant={owner ? 'filled' : 'light'} color={owner ? 'violet' : 'gray'} radius="sm">
              {t(`cases.team.roles.${member.role}`)}
            </Badge>
            {member.expiresAt && (
              <Badge variant="outline" color="orange.9" radius="sm" tt="none" data-testid="member-until">
                {t('cases.team.until', { date: formatMoment(member.expiresAt, language) })}
              </Badge>
            )}
          </Group>
          <Text size="sm">
            {role}
            {user.specialty && ` · ${specialtyLabel(t, user.specialty)}`}
          </Text>
          <Text size="xs" c="dimmed">
            {member.addedBy
              ? t('cases.team.addedBy', { date: added, name: member.addedBy.name })
              : t('cases.team.added', { date: added })}
            {!owner && !member.expiresAt && ` · ${t('cases.team.noEnd')}`}
          </Text>
          {owner && manage && (
            <Text size="xs" c="dimmed">
              {t('cases.team.ownerStays')}
            </Text>
          )}
        </Stack>
        {manage && !owner && (
          <Group gap="xs">
            <Button
              variant="default"
              size="compact-sm"
              onClick={onChangeEnd}
              aria-label={t('cases.team.changeEndLabel', { name: user.name })}
            >
              {t('cases.team.changeEnd')}
            </Button>
            <Button
              variant="outline"
              color="red"
              size="compact-sm"
              onClick={onRemove}
              aria-label={t('cases.team.removeLabel', { name: user.name })}
            >
              {t('cases.team.remove')}
            </Button>
          </Group>
        )}
      </Group>
    </Paper>
  );
}
