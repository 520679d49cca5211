import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CaseCategory,
  useCaseCategories,
  useCreateCaseCategory,
  useUpdateCaseCategory,
} from '../api/case-categories.ts';
import { useCategoryLabel } from '../cases/categories.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';

/** `/admin/case-categories`: the organisation's own case categories, and which categories are used. */
export function CaseCategoriesPage() {
  return <RequireArea area="administration">{() => <CaseCategories />}</RequireArea>;
}

/** A key from a name: `Threat against a manager` → `threat_against_a_manager`. */
export function keyFromName(name: string): string {
  const key = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return key;
}

function CaseCategories() {
  const { t } = useTranslation();
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <PageTitle>{t('adminTools.categories.title')}</PageTitle>
        <Text c="dimmed" maw={720}>
          {t('adminTools.categories.intro')}
        </Text>
      </Stack>
      <NewCategory />
      <CategoryList />
    </Stack>
  );
}

function NamesFields({
  names,
  onChange,
  tried,
}: {
  names: { de: string; en: string };
  onChange: (names: { de: string; en: string }) => void;
  tried: boolean;
}) {
  const { t } = useTranslation();
  const missing = t('adminTools.categories.nameRequired');
  return (
    <>
      <TextInput
        label={t('adminTools.categories.nameEn')}
        value={names.en}
        onChange={(event) => onChange({ ...names, en: event.currentTarget.value })}
        maxLength={60}
        required
        error={tried && names.en.trim() === '' ? missing : undefined}
      />
      <TextInput
        label={t('adminTools.categories.nameDe')}
        value={names.de}
        onChange={(event) => onChange({ ...names, de: event.currentTarget.value })}
        maxLength={60}
        required
        error={tried && names.de.trim() === '' ? missing : undefined}
      />
    </>
  );
}

function NewCategory() {
  const { t } = useTranslation();
  const headingId = useId();
  const create = useCreateCaseCategory();
  const [names, setNames] = useState({ de: '', en: '' });
  const [key, setKey] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const shownKey = key ?? keyFromName(names.en);
  const keyValid = /^[a-z][a-z0-9_]{0,39}$/.test(shownKey);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (names.de.trim() === '' || names.en.trim() === '' || !keyValid) return;
    create.mutate(
      { key: shownKey, names: { de: names.de.trim(), en: names.en.trim() } },
      {
        onSuccess: () => {
          setNames({ de: '', en: '' });
          setKey(null);
          setTried(false);
        },
      },
    );
  };

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }} maw={720}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id={headingId}>
            {t('adminTools.categories.add.heading')}
          </Title>
          <NamesFields names={names} onChange={setNames} tried={tried} />
          <TextInput
            label={t('adminTools.categories.key')}
            description={t('adminTools.categories.keyHelp')}
            value={shownKey}
            onChange={(event) => setKey(event.currentTarget.value)}
            maxLength={40}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            error={tried && !keyValid ? t('adminTools.categories.keyInvalid') : undefined}
          />
          <ErrorNotice error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('adminTools.categories.add.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function CategoryList() {
  const { t } = useTranslation();
  const headingId = useId();
  const categories = useCaseCategories();
  const update = useUpdateCaseCategory();
  const label = useCategoryLabel();
  const [renaming, setRenaming] = useState<CaseCategory | null>(null);
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('adminTools.categories.list.heading')}
        </Title>
        {categories.isPending && <Loading label={t('adminTools.categories.list.heading')} />}
        {categories.error && (
          <ErrorNotice
            error={categories.error}
            title={t('shell.error.loadFailed')}
            onRetry={() => void categories.refetch()}
          />
        )}
        <ErrorNotice error={update.error} />
        {categories.data && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('adminTools.categories.list.name')}</Table.Th>
                  <Table.Th>{t('adminTools.categories.key')}</Table.Th>
                  <Table.Th>{t('adminTools.categories.list.kind')}</Table.Th>
                  <Table.Th>{t('adminTools.categories.list.used')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {categories.data.categories.map((category) => (
                  <Table.Tr key={category.key}>
                    <Table.Td>
                      <Text fw={500}>{label(category.key)}</Text>
                      {category.names && (
                        <Text size="sm" c="dimmed">
                          {category.names.de} · {category.names.en}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {category.key}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={category.builtIn ? 'gray' : 'blue'}>
                        {t(
                          category.builtIn
                            ? 'adminTools.categories.list.builtIn'
                            : 'adminTools.categories.list.own',
                        )}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        checked={category.active}
                        disabled={update.isPending}
                        aria-label={t('adminTools.categories.list.usedLabel', { name: label(category.key) })}
                        label={t(
                          category.active
                            ? 'adminTools.categories.list.on'
                            : 'adminTools.categories.list.off',
                        )}
                        onChange={(event) =>
                          update.mutate({
                            key: category.key,
                            change: { active: event.currentTarget.checked },
                          })
                        }
                      />
                    </Table.Td>
                    <Table.Td>
                      {!category.builtIn && (
                        <Button
                          variant="subtle"
                          size="xs"
                          onClick={() => setRenaming(category)}
                          aria-label={t('adminTools.categories.rename.label', { name: label(category.key) })}
                        >
                          {t('adminTools.categories.rename.button')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {renaming && <RenameDialog category={renaming} onClose={() => setRenaming(null)} />}
    </Paper>
  );
}

function RenameDialog({ category, onClose }: { category: CaseCategory; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateCaseCategory();
  const [names, setNames] = useState(category.names ?? { de: '', en: '' });
  const [tried, setTried] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (names.de.trim() === '' || names.en.trim() === '') return;
    update.mutate(
      { key: category.key, change: { names: { de: names.de.trim(), en: names.en.trim() } } },
      { onSuccess: onClose },
    );
  };
  return (
    <Modal opened onClose={onClose} title={t('adminTools.categories.rename.title')}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <NamesFields names={names} onChange={setNames} tried={tried} />
          <ErrorNotice error={update.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('adminTools.categories.rename.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('adminTools.categories.rename.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
