import {
  Avatar,
  Box,
  Button,
  Group,
  Menu,
  Text,
  UnstyledButton,
  useMatches,
  VisuallyHidden,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { type SessionInfo, useLogout, useSession } from '../api/auth.ts';
import { loginPath, loginPathFor } from '../auth/redirect.ts';

/** The signed-in user's name and organisation with a menu (account, sign out), or a "Sign in" link. */
export function UserMenu() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: session } = useSession();

  if (session === undefined) return null;
  if (session === null) {
    if (location.pathname === loginPath) return null;
    return (
      <Button component={Link} to={loginPathFor(`${location.pathname}${location.search}`)} size="xs">
        {t('header.signIn')}
      </Button>
    );
  }
  return <SignedInMenu session={session} />;
}

function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((word) => [...(word ?? '')][0]?.toUpperCase() ?? '').join('');
}

function SignedInMenu({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { user } = session;
  // Phones show only the initials (the name is read, not shown); one copy of the name in the page either way.
  const phone = useMatches({ base: true, sm: false }, { getInitialValueInEffect: false });

  const signOut = () => {
    logout.mutate(undefined, {
      onSuccess: () => navigate(loginPath, { replace: true }),
      onError: () => navigate(loginPath, { replace: true, state: { signOutFailed: true } }),
    });
  };

  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        {/* Named by what it shows ("Account menu: name, organisation"), not by an aria-label that would leave
            out the visible initials; on phones, where only the initials show, the name is read all the same. */}
        <UnstyledButton miw={0} style={{ borderRadius: 'var(--mantine-radius-md)' }} p={4}>
          <Group gap="xs" wrap="nowrap" miw={0}>
            <Avatar size={32} color="blue" radius="xl" aria-hidden="true">
              {initials(user.displayName)}
            </Avatar>
            {phone ? (
              <VisuallyHidden component="span">
                {t('header.userMenu', { name: user.displayName, organisation: user.tenant.name })}
              </VisuallyHidden>
            ) : (
              <>
                <VisuallyHidden component="span">{`${t('accessibility.userMenu')} `}</VisuallyHidden>
                <Box miw={0} maw={200} style={{ textAlign: 'left' }}>
                  <Text size="sm" fw={600} truncate data-testid="user-name">
                    {user.displayName}
                    {/* Read, not shown (a visually hidden element would be read with a space before it). */}
                    <span style={{ opacity: 0 }}>,</span>
                  </Text>
                  <Text size="xs" c="dimmed" truncate>
                    {user.tenant.name}
                  </Text>
                </Box>
              </>
            )}
          </Group>
        </UnstyledButton>
      </Menu.Target>
      {/* A menu holds menu items only: the name above them is a label (a plain container). */}
      <Menu.Dropdown>
        <Menu.Label>
          <Text component="div" size="sm" fw={600} truncate c="var(--mantine-color-text)">
            {user.displayName}
          </Text>
          <Text component="div" size="xs" c="dimmed" truncate>
            {user.tenant.name}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item component={Link} to="/account">
          {t('header.account')}
        </Menu.Item>
        <Menu.Item onClick={signOut} disabled={logout.isPending}>
          {t('header.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
