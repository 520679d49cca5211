import { Alert, Anchor, Badge, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SessionInfo } from '../api/auth.ts';
import { ApiError } from '../api/client.ts';
import { type HandbookText, readsHandbook } from '../api/handbook.ts';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { currentLanguage } from '../i18n/index.ts';
import type { Language } from '../i18n/language.ts';
import { HandbookMarkdown } from './Markdown.tsx';

// What the handbook's pages share: the sign-in and role check, the order of the two languages (the
// interface's first), and a page's two languages side by side.

/** A page of the handbook: signed in, in a role that reads it (the server checks every call all the same). */
export function RequireHandbook({ children }: { children: (session: SessionInfo) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <RequireSignIn>
      {(session) =>
        readsHandbook(session) ? (
          children(session)
        ) : (
          <Alert color="orange" variant="light" title={t('handbook.access.title')} maw={560}>
            {t('handbook.access.text')}
          </Alert>
        )
      }
    </RequireSignIn>
  );
}

/** German and English, the interface's language first. */
export function useLanguageOrder(): [Language, Language] {
  useTranslation();
  return currentLanguage() === 'de' ? ['de', 'en'] : ['en', 'de'];
}

/** A page's title in the interface's language, else in the other one. */
export function titleOf(texts: { en: string | null; de: string | null }, first: Language): string {
  const other = first === 'de' ? 'en' : 'de';
  return texts[first] ?? texts[other] ?? '';
}

export function Loading({ label }: { label: string }) {
  return (
    <Group gap="sm" role="status">
      <Loader size="sm" aria-hidden="true" />
      <Text>{label}</Text>
    </Group>
  );
}

/** 404 as "no such page" with a way back; other failures with the server's message. */
export function PageLoadError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const notFound = error instanceof ApiError && error.status === 404;
  return (
    <Alert color={notFound ? 'orange' : 'red'} variant="light" role="alert" maw={640}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          {notFound ? t('handbook.page.notFound') : t('handbook.loadError', { message: error.message })}
        </Text>
        <Anchor component={Link} to="/handbook" size="sm">
          {t('handbook.page.back')}
        </Anchor>
      </Stack>
    </Alert>
  );
}

/**
 * Both languages of a page (or version) in two columns on wide screens, one above the other on phones, the
 * interface's language first; each column names its language, and says so when the page lacks it.
 */
export function LanguageColumns({ texts }: { texts: { en: HandbookText | null; de: HandbookText | null } }) {
  const { t } = useTranslation();
  const order = useLanguageOrder();
  return (
    <SimpleGrid
      cols={{ base: 1, md: 2 }}
      spacing="lg"
      aria-label={t('handbook.page.languages')}
      component="section"
    >
      {order.map((language) => {
        const text = texts[language];
        return (
          <Paper key={language} withBorder p="md" radius="md" component="article" lang={language}>
            <Stack gap="sm">
              <Group gap="xs">
                <Badge variant="light" color={language === 'de' ? 'grape' : 'blue'}>
                  {t(`handbook.languageNames.${language}`)}
                </Badge>
              </Group>
              {text ? (
                <>
                  <Title order={2} size="h3">
                    {text.title}
                  </Title>
                  <HandbookMarkdown lang={language}>{text.body}</HandbookMarkdown>
                </>
              ) : (
                <Text c="dimmed" fs="italic">
                  {t('handbook.page.missing', { language: t(`handbook.languageNames.${language}`) })}
                </Text>
              )}
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
