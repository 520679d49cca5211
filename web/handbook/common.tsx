import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/auth.ts';
import { type HandbookText, readsHandbook } from '../api/handbook.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { HiddenPageTitle, NoticePage } from '../components/PageNotice.tsx';
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
          <NoticePage title={t('handbook.access.title')}>{t('handbook.access.text')}</NoticePage>
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

export { Loading } from '../components/PageSkeleton.tsx';

/** 404 as "no such page" with a way back; other failures say what to do next. */
export function PageLoadError({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <>
      <HiddenPageTitle>{t('shell.error.loadFailed')}</HiddenPageTitle>
      <ErrorNotice
        error={error}
        notFound={t('handbook.page.notFound')}
        back={{ to: '/handbook', label: t('handbook.page.back') }}
        maw={640}
      />
    </>
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
