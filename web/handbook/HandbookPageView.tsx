import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useArchiveHandbookPage, useHandbookPage } from '../api/handbook.ts';
import { formatMoment } from '../cases/case-times.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { currentLanguage } from '../i18n/index.ts';
import {
  LanguageColumns,
  Loading,
  PageLoadError,
  RequireHandbook,
  titleOf,
  useLanguageOrder,
} from './common.tsx';

/** `/handbook/:slug`: a page, German and English side by side, with edit, history and archive for editors. */
export function HandbookPageView() {
  return <RequireHandbook>{() => <HandbookPageBody />}</RequireHandbook>;
}

function HandbookPageBody() {
  const { t } = useTranslation();
  const { slug } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice ?? null;
  const page = useHandbookPage(slug);
  const archive = useArchiveHandbookPage();
  const [archiving, setArchiving] = useState(false);
  const [first] = useLanguageOrder();

  if (page.isPending) return <Loading label={t('handbook.page.loading')} />;
  if (page.error || !page.data) return <PageLoadError error={page.error ?? new Error('')} />;
  const data = page.data;
  const title = titleOf({ en: data.en?.title ?? null, de: data.de?.title ?? null }, first);
  const date = formatMoment(data.updatedAt, currentLanguage());

  return (
    <Stack gap="lg" maw={1400}>
      <Anchor component={Link} to="/handbook" size="sm">
        {t('handbook.page.back')}
      </Anchor>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4}>
          <PageTitle>{title}</PageTitle>
          <Text size="sm" c="dimmed">
            {data.updatedBy
              ? t('handbook.page.meta', { version: data.version, date, name: data.updatedBy.name })
              : t('handbook.page.metaNoName', { version: data.version, date })}
            {data.restoredFrom !== null &&
              ` · ${t('handbook.page.restoredFrom', { version: data.restoredFrom })}`}
          </Text>
        </Stack>
        <Group gap="sm">
          <Button variant="default" component={Link} to={`/handbook/${data.slug}/history`}>
            {t('handbook.page.history')}
          </Button>
          {data.can.edit && (
            <Button component={Link} to={`/handbook/${data.slug}/edit`}>
              {t('handbook.page.edit')}
            </Button>
          )}
          {data.can.archive && (
            <Button variant="subtle" color="red" onClick={() => setArchiving(true)}>
              {t('handbook.page.archive')}
            </Button>
          )}
        </Group>
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light">
            {notice}
          </Alert>
        )}
      </div>
      <LanguageColumns texts={data} />
      {archiving && (
        <ActionDialog
          title={t('handbook.page.archiveTitle', { title })}
          intro={t('handbook.page.archiveText')}
          submitLabel={t('handbook.page.archiveConfirm')}
          submitColor="red"
          pending={archive.isPending}
          error={archive.error}
          onClose={() => setArchiving(false)}
          onSubmit={() =>
            archive.mutate(data.id, {
              onSuccess: () =>
                navigate('/handbook', {
                  replace: true,
                  state: { notice: t('handbook.page.archived', { title }) },
                }),
            })
          }
        >
          {null}
        </ActionDialog>
      )}
    </Stack>
  );
}
