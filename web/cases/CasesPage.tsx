import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCaseList } from '../api/cases.ts';
import { LoadMore } from '../components/LoadMore.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';
import { Day, LoadError, Loading } from '../reports/ReportBits.tsx';

/**
 * `/cases`: the open cases the user can see, and the tombstones of deleted ones ("Deleted on …"), newest
 * first, 50 at a time with "Load more cases". Whoever sees a case's metadata only (`can.read` false) sees
 * no title.
 */
export function CasesPage() {
  return <RequireArea area="cases">{() => <Cases />}</RequireArea>;
}

function Cases() {
  const { t } = useTranslation();
  const cases = useCaseList();
  const loaded = cases.data?.pages.flatMap((page) => page.cases) ?? [];
  return (
    <Stack gap="lg" maw={1040}>
      <Stack gap="xs">
        <PageTitle>{t('deletion.cases.title')}</PageTitle>
        <Text c="dimmed">{t('deletion.cases.intro')}</Text>
      </Stack>
      {cases.isPending ? (
        <Loading label={t('deletion.cases.loading')} />
      ) : cases.isError ? (
        <LoadError
          error={cases.error}
          title={t('deletion.cases.errorTitle')}
          notFound={t('deletion.cases.errorTitle')}
          back={{ to: '/', label: t('nav.overview') }}
        />
      ) : loaded.length === 0 ? (
        <Text>{t('deletion.cases.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover aria-label={t('deletion.cases.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('deletion.cases.reference')}</Table.Th>
                <Table.Th>{t('deletion.cases.caseTitle')}</Table.Th>
                <Table.Th>{t('deletion.cases.status')}</Table.Th>
                <Table.Th>{t('deletion.cases.unit')}</Table.Th>
                <Table.Th>{t('deletion.cases.opened')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {loaded.map((item) => (
                <Table.Tr
                  key={item.id}
                  data-testid="case-row"
                  data-deleted={item.deleted ? 'true' : undefined}
                >
                  <Table.Td>
                    {item.deleted ? (
                      <Text ff="monospace" fw={700} c="dimmed">
                        {item.reference}
                      </Text>
                    ) : (
                      <Anchor component={Link} to={`/cases/${item.id}`} ff="monospace" fw={700}>
                        {item.reference}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    {item.deleted ? (
                      <Badge color="gray" variant="light" radius="sm" tt="none">
                        {t('deletion.cases.deletedOn', {
                          day: formatDay(item.deleted.on, currentLanguage()),
                        })}
                      </Badge>
                    ) : item.can.read ? (
                      <Text size="sm">{item.title ?? t('reports.integrity.unreadableTitle')}</Text>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('cases.withheld.short')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`cases.statuses.${item.status}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{item.unit.name}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      <Day day={item.createdAt.slice(0, 10)} />
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={cases} label={t('deletion.cases.loadMore')} />
    </Stack>
  );
}
