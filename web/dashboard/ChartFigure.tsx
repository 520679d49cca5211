import { Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';

/** The figures behind a chart: its text alternative. */
export interface ChartTable {
  columns: string[];
  rows: Array<{ key: string; cells: Array<string | number> }>;
}

/**
 * A chart with a heading, what it shows, a one-line summary and its figures as a table for screen readers
 * (the drawing itself is hidden from them: the table says the same, in order).
 */
export function ChartFigure({
  title,
  description,
  summary,
  table,
  children,
  testId,
}: {
  title: string;
  description: string;
  summary?: string;
  table: ChartTable;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <Paper withBorder p="md" component="figure" m={0} aria-labelledby={`${id}-title`} data-testid={testId}>
      <Stack gap="xs">
        <Title order={3} size="h4" id={`${id}-title`}>
          {title}
        </Title>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
        <div aria-hidden="true" data-chart>
          {children}
        </div>
        {summary ? (
          <Text size="sm" data-testid={testId ? `${testId}-summary` : undefined}>
            {summary}
          </Text>
        ) : null}
        <VisuallyHidden>
          <Table>
            <caption>{t('dashboard.charts.tableCaption', { title })}</caption>
            <Table.Thead>
              <Table.Tr>
                {table.columns.map((column) => (
                  <Table.Th key={column} scope="col">
                    {column}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {table.rows.map((row) => (
                <Table.Tr key={row.key}>
                  {table.columns.map((column, index) =>
                    index === 0 ? (
                      <Table.Th key={column} scope="row">
                        {row.cells[index]}
                      </Table.Th>
                    ) : (
                      <Table.Td key={column}>{row.cells[index]}</Table.Td>
                    ),
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </VisuallyHidden>
      </Stack>
    </Paper>
  );
}

/** "Mar 26" / "März 26" for `2026-03` (web/i18n/dates.ts). */
export { formatMonth } from '../i18n/dates.ts';
