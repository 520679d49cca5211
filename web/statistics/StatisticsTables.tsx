import { BarChart } from '@mantine/charts';
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PublishedCount, StatisticsTable } from '../api/statistics.ts';

// One breakdown of the statistics as a table (every figure, as published: numbers, "< 5", "x") and, where
// it helps, a bar chart of the counts that are shown. The table beside a chart is its text alternative, so
// the drawing is hidden from screen readers.

const numberFormats = new Map<string, Intl.NumberFormat>();
const tabular = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' } as const;

export function formatCount(count: PublishedCount, language: 'de' | 'en'): string {
  if (typeof count !== 'number') return count;
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language);
    numberFormats.set(language, format);
  }
  return format.format(count);
}

export function BreakdownCard({
  title,
  table,
  language,
  testId,
  chart = false,
}: {
  title: string;
  table: StatisticsTable;
  language: 'de' | 'en';
  testId: string;
  /** Draw the shown counts as bars under the table. */
  chart?: boolean;
}) {
  const { t } = useTranslation();
  const drawn = table.rows.flatMap((row) =>
    typeof row.count === 'number' ? [{ label: row.label, count: row.count }] : [],
  );
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {title}
        </Title>
        <Table verticalSpacing={4} fz="sm" data-testid={`${testId}-table`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('statistics.columns.item')}</Table.Th>
              <Table.Th scope="col" ta="end">
                {t('statistics.columns.count')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.rows.map((row) => (
              <Table.Tr key={row.key} data-key={row.key}>
                <Table.Th scope="row" fw={400}>
                  {row.label}
                </Table.Th>
                <Table.Td ta="end" style={tabular} data-testid="count">
                  {formatCount(row.count, language)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-key="total">
              <Table.Th scope="row">{t('statistics.total')}</Table.Th>
              <Table.Td ta="end" fw={700} style={tabular} data-testid="count">
                {formatCount(table.total, language)}
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
        {chart && drawn.length > 0 ? (
          <>
            <div aria-hidden="true" data-chart>
              <BarChart
                h={Math.max(120, drawn.length * 34 + 30)}
                data={drawn}
                dataKey="label"
                orientation="vertical"
                series={[{ name: 'count', label: t('statistics.chart.count'), color: 'indigo.6' }]}
                accessibilityLayer={false}
                tooltipAnimationDuration={0}
                yAxisProps={{ width: 150 }}
                xAxisProps={{ allowDecimals: false }}
                gridAxis="y"
              />
            </div>
            <Text size="xs" c="dimmed">
              {t('statistics.chart.note')}
            </Text>
          </>
        ) : null}
      </Stack>
    </Paper>
  );
}
