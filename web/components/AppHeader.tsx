import { Burger, Group, Text, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { UserMenu } from './UserMenu.tsx';

interface AppHeaderProps {
  navigationOpen: boolean;
  onToggleNavigation: () => void;
  navigationId: string;
}

/**
 * Product name (linking to the overview), the burger that opens the navigation on phones, the language switch,
 * the notification bell (for those who work with reports) and the signed-in user's menu.
 */
export function AppHeader({ navigationOpen, onToggleNavigation, navigationId }: AppHeaderProps) {
  const { t } = useTranslation();
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
      <Group gap="sm" wrap="nowrap" miw={0}>
        <Burger
          opened={navigationOpen}
          onClick={onToggleNavigation}
          hiddenFrom="sm"
          size="sm"
          aria-label={navigationOpen ? t('header.closeNavigation') : t('header.openNavigation')}
          aria-expanded={navigationOpen}
          aria-controls={navigationId}
        />
        <UnstyledButton component={Link} to="/" miw={0}>
          <Group gap="xs" wrap="nowrap" align="baseline">
            <Text component="span" fz="xl" fw={800} c="blue.9" lh={1}>
              {t('app.productName')}
            </Text>
            <Text component="span" size="sm" c="dimmed" visibleFrom="xs" truncate>
              {t('app.fullName')}
            </Text>
          </Group>
        </UnstyledButton>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <LanguageSwitch />
        <NotificationBell />
        <UserMenu />
      </Group>
    </Group>
  );
}
