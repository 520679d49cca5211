import { Alert, Badge, Button, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { FixtureOutcome, ModelCheck } from '../api/assessment-models.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';

const bumpColor = { major: 'red.9', minor: 'orange.9', patch: 'gray.8' } as const;

/**
 * What publishing would say about a draft: its problems by path, its fixtures (passed or failed, with a way
 * to take a changed result over as the expectation), and its diff against the previous published version
 * with the bump that requires.
 */
export function ModelCheckPanel({
  check,
  live,
  checking,
  error,
  onTakeOver,
}: {
  check: ModelCheck | null;
  live: boolean;
  checking: boolean;
  error: Error | null;
  onTakeOver?: ((fixture: FixtureOutcome) => void) | undefined;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      data-testid="model-check"
      data-publishable={check?.publishable ?? false}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {t('models.check.heading')}
          </Title>
          {checking && (
            <Group gap={6} role="status">
              <Loader size="xs" aria-hidden="true" />
              <Text size="sm">{t('models.check.checking')}</Text>
            </Group>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {live ? t('models.check.live') : t('models.check.saved')}
        </Text>
        <ErrorNotice error={error} />
        {check && (
          <>
            <Alert
              color={check.publishable ? 'teal' : 'orange'}
              variant="light"
              data-testid="check-summary"
              title={
                check.publishable
                  ? t('models.check.publishable')
                  : t('models.check.notPublishable', { count: check.problems.length })
              }
            >
              {null}
            </Alert>
            {check.problems.length > 0 && <Problems check={check} />}
            <Fixtures check={check} onTakeOver={onTakeOver} />
            <Diff check={check} />
          </>
        )}
      </Stack>
    </Paper>
  );
}

function Problems({ check }: { check: ModelCheck }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {t('models.check.problems')}
      </Title>
      <Stack component="ul" gap={6} m={0} p={0} style={{ listStyle: 'none' }} data-testid="check-problems">
        {check.problems.map((problem) => (
          <Paper
            component="li"
            key={`${problem.path}:${problem.message}`}
            withBorder
            p="xs"
            style={{ borderLeft: '3px solid var(--mantine-color-orange-7)' }}
          >
            <Text size="xs" c="dimmed">
              {t('models.check.path')}:{' '}
              <Text span size="xs" ff="monospace" c="dark" fw={600}>
                {problem.path}
              </Text>
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {problem.message}
            </Text>
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}

function Fixtures({
  check,
  onTakeOver,
}: {
  check: ModelCheck;
  onTakeOver?: ((fixture: FixtureOutcome) => void) | undefined;
}) {
  const { t } = useTranslation();
  const passed = check.fixtures.filter((fixture) => fixture.passed).length;
  const failed = check.fixtures.filter((fixture) => !fixture.passed);
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        {t('models.check.fixtures')}
      </Title>
      <Text size="sm" data-testid="fixtures-summary">
        {t('models.check.fixturesSummary', { passed, total: check.fixtures.length })}
      </Text>
      {failed.length > 0 && (
        <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
          {failed.map((fixture) => (
            <Paper
              component="li"
              key={fixture.id}
              withBorder
              p="xs"
              data-testid="failing-fixture"
              data-fixture={fixture.id}
            >
              <Stack gap={4}>
                <Group gap="xs" wrap="wrap">
                  <Badge color="red.9" variant="outline" radius="sm">
                    {t('models.check.failedFixture')}
                  </Badge>
                  <Text size="sm" fw={700} ff="monospace">
                    {fixture.id}
                  </Text>
                  <Text size="sm">
                    {t('models.check.expected')}: {fixture.expected} · {t('models.check.actual')}:{' '}
                    {fixture.actual}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {t('models.check.firedRules', {
                    rules: fixture.fired.join(', ') || t('models.check.noRules'),
                  })}
                </Text>
                {fixture.problem && (
                  <Text size="xs" style={{ overflowWrap: 'anywhere' }}>
                    {fixture.problem}
                  </Text>
                )}
                {onTakeOver && (
                  <Group>
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => onTakeOver(fixture)}
                      aria-label={t('models.check.takeOverLabel', { id: fixture.id })}
                    >
                      {t('models.check.takeOver')}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function Diff({ check }: { check: ModelCheck }) {
  const { t } = useTranslation();
  const opLabel = (op: string) => {
    const key = `models.check.ops.${op}` as 'models.check.ops.addItem';
    const text = t(key);
    return text === key ? op : text;
  };
  if (!check.previousVersion)
    return (
      <Text size="sm" c="dimmed">
        {t('models.check.noPrevious')}
      </Text>
    );
  const diff = check.diff;
  return (
    <Stack gap={4} data-testid="check-diff">
      <Title order={3} size="h5">
        {t('models.check.diff', { version: check.previousVersion })}
      </Title>
      {!diff || diff.changes.length === 0 ? (
        <Text size="sm">{t('models.check.noChanges')}</Text>
      ) : (
        <>
          {diff.required && (
            <Text size="sm" fw={600}>
              {t('models.check.required', { bump: t(`models.check.bumps.${diff.required}`) })}
            </Text>
          )}
          {diff.affectsSuggestion && (
            <Text size="sm" c="orange.9">
              {t('models.check.affects')}
            </Text>
          )}
          <Table fz="sm" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('models.check.op')}</Table.Th>
                <Table.Th>{t('models.check.target')}</Table.Th>
                <Table.Th>{t('models.check.bump')}</Table.Th>
                <Table.Th>{t('models.check.changesSuggestions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {diff.changes.map((change) => (
                <Table.Tr key={`${change.op}:${change.target}`} data-testid="diff-change" data-op={change.op}>
                  <Table.Td>{opLabel(change.op)}</Table.Td>
                  <Table.Td ff="monospace">{change.target ?? '–'}</Table.Td>
                  <Table.Td>
                    <Badge size="sm" variant="outline" radius="sm" color={bumpColor[change.bump]}>
                      {t(`models.check.bumps.${change.bump}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {change.affectsSuggestion ? t('models.check.yes') : t('models.check.no')}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
