import { Anchor, Box, Container, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type CSSProperties, type ReactNode, type Ref, useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PortalInfo } from '../api/portal.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { SkipLink } from '../components/SkipLink.tsx';
import { useLocalised } from './localised.ts';

const mainId = 'portal-main';

const portalRootStyle = {
  display: 'flex',
  flexDirection: 'column',
  // Mantine draws the borders of inputs, checkboxes, radios and default buttons in gray.4, 1.5:1 on white.
  // WCAG 1.4.11 asks 3:1 for what identifies a control: gray.6 has 3.3:1.
  '--mantine-color-gray-4': 'var(--mantine-color-gray-6)',
  '--mantine-color-default-border': 'var(--mantine-color-gray-6)',
} as CSSProperties;

/**
 * The frame of the public portal pages: the organisation's name and the language switch, the page, and links
 * between reporting and reading replies. No navigation of the team's app and no sign-in: reporters have
 * no account, and nothing here should look as if it needed one.
 */
export function PortalLayout({
  tenant,
  organisation,
  children,
}: {
  tenant: string;
  organisation: string | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const navigationId = useId();
  const base = `/report/${encodeURIComponent(tenant)}`;
  return (
    <Box mih="100vh" bg="gray.0" style={portalRootStyle}>
      <SkipLink targetId={mainId} />
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size={760} py="sm" px={{ base: 'sm', sm: 'md' }}>
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Box miw={0}>
              <Text
                fw={700}
                fz={{ base: 'md', sm: 'lg' }}
                lh={1.25}
                c="blue.9"
                data-testid="portal-organisation"
              >
                {organisation ?? '\u00a0'}
              </Text>
              <Text size="sm" c="dimmed" lh={1.3}>
                {t('portal.layout.portalName')}
              </Text>
            </Box>
            <LanguageSwitch />
          </Group>
        </Container>
      </Box>
      <Container
        component="main"
        id={mainId}
        tabIndex={-1}
        size={760}
        w="100%"
        py={{ base: 'md', sm: 'xl' }}
        px={{ base: 'sm', sm: 'md' }}
        style={{ outline: 'none', flex: 1 }}
      >
        {children}
      </Container>
      <Box component="footer" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }} bg="white">
        <Container size={760} py="md" px={{ base: 'sm', sm: 'md' }}>
          <Stack gap="xs">
            <nav aria-labelledby={navigationId}>
              <Text id={navigationId} component="h2" size="sm" fw={600} mb={4}>
                {t('portal.layout.navigation')}
              </Text>
              <Group
                component="ul"
                style={{ listStyle: 'none', margin: 0, padding: 0, columnGap: 24, rowGap: 4 }}
              >
                <li>
                  <Anchor component={Link} to={base} size="sm">
                    {t('portal.layout.report')}
                  </Anchor>
                </li>
                <li>
                  <Anchor component={Link} to={`${base}/dialogue`} size="sm">
                    {t('portal.layout.dialogue')}
                  </Anchor>
                </li>
              </Group>
            </nav>
            <Text size="xs" c="dimmed">
              {t('portal.layout.footer')}
            </Text>
          </Stack>
        </Container>
      </Box>
    </Box>
  );
}

/** Names the browser tab after the page and the organisation. */
export function usePortalTitle(page: string, organisation: string | undefined): void {
  const { t } = useTranslation();
  const title = organisation ? t('portal.layout.documentTitle', { page, organisation }) : page;
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/** The tenant's emergency notice in the current language, at the top of the page, when it has one. */
export function EmergencyNotice({ notice }: { notice: PortalInfo['emergencyNotice'] }) {
  const { t } = useTranslation();
  const { text } = useLocalised();
  const titleId = useId();
  if (!notice) return null;
  return (
    // A landmark rather than role="alert": it is there when the page opens, and is read first in order.
    <Paper
      component="section"
      aria-labelledby={titleId}
      bg="red.0"
      p={{ base: 'sm', sm: 'md' }}
      radius="md"
      style={{
        border: '1px solid var(--mantine-color-red-8)',
        borderLeft: '6px solid var(--mantine-color-red-8)',
      }}
      data-testid="emergency-notice"
    >
      <Title order={2} size="h4" id={titleId} c="red.9" mb={4}>
        {t('portal.emergency.title')}
      </Title>
      <Text style={{ whiteSpace: 'pre-line' }}>{text(notice)}</Text>
    </Paper>
  );
}

/**
 * Shown at once when the reporter answers that someone is in danger now: the tenant's emergency notice (or
 * the emergency number, when it has none) first, then what sending the report does. `role="alert"`: it
 * appears because of the answer, and a screen reader must say it without the reporter looking for it.
 */
export function DangerCallout({ notice }: { notice: PortalInfo['emergencyNotice'] }) {
  const { t } = useTranslation();
  const { text } = useLocalised();
  const titleId = useId();
  return (
    <Paper
      role="alert"
      aria-labelledby={titleId}
      bg="red.0"
      p={{ base: 'sm', sm: 'md' }}
      radius="md"
      style={{
        border: '2px solid var(--mantine-color-red-8)',
        borderLeft: '8px solid var(--mantine-color-red-8)',
      }}
      data-testid="danger-callout"
    >
      <Text component="p" fw={700} fz="lg" c="red.9" id={titleId} mb={6}>
        {t('portal.emergency.dangerTitle')}
      </Text>
      <Text fw={600} style={{ whiteSpace: 'pre-line' }} data-testid="danger-callout-notice">
        {notice ? text(notice) : t('portal.emergency.dangerFallback')}
      </Text>
      <Text size="sm" mt={6}>
        {t('portal.emergency.dangerUrgent')}
      </Text>
    </Paper>
  );
}

/** The page heading; focusable, so that the page can move the focus to it when its content changes. */
export function PortalHeading({
  children,
  headingRef,
}: {
  children: string;
  headingRef?: Ref<HTMLHeadingElement>;
}) {
  return (
    <Title order={1} ref={headingRef} tabIndex={-1} fz={{ base: 26, sm: 32 }} style={{ outline: 'none' }}>
      {children}
    </Title>
  );
}

/**
 * Runs `forget` when the browser shows this page again from its back/forward cache: a receipt or a dialogue
 * must not reappear for the next person at a shared computer who presses Back.
 */
export function useForgetOnRestore(forget: () => void): void {
  useEffect(() => {
    const onPageShow = (event: PageTransitionEvent) => {
      if (event.persisted) forget();
    };
    window.addEventListener('pageshow', onPageShow);
    return () => window.removeEventListener('pageshow', onPageShow);
  }, [forget]);
}
