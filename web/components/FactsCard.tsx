import { DataList, Paper, Stack, Title, useMatches } from '@mantine/core';
import { type ReactNode, useId } from 'react';

/** A titled section of label–value facts, side by side on wide screens and stacked on phones. */
export function FactsCard({
  heading,
  facts,
  labelWidth = 160,
}: {
  heading: string;
  facts: ReadonlyArray<readonly [string, ReactNode]>;
  labelWidth?: number;
}) {
  const headingId = useId();
  const orientation = useMatches<'horizontal' | 'vertical'>(
    { base: 'vertical', sm: 'horizontal' },
    { getInitialValueInEffect: false },
  );
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {heading}
        </Title>
        <DataList orientation={orientation} labelWidth={labelWidth}>
          {facts.map(([label, value]) => (
            <DataList.Item key={label}>
              <DataList.ItemLabel>{label}</DataList.ItemLabel>
              <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{value}</DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList>
      </Stack>
    </Paper>
  );
}
