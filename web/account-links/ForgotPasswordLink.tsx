import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The login page's way to `/forgot-password`. */
export function ForgotPasswordLink() {
  const { t } = useTranslation();
  return (
    <Group justify="center">
      <Anchor component={Link} to="/forgot-password" size="sm">
        {t('users.forgot.loginLink')}
      </Anchor>
    </Group>
  );
}
