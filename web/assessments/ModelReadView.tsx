import { Badge, Code, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelDefinition } from '../api/assessment-models.ts';
import { currentLanguage } from '../i18n/index.ts';
import { localised } from './model-text.ts';

/** A published version as it is: sections and items, scales, derived values, rules, policy, changelog. */
export function ModelReadView({ definition }: { definition: ModelDefinition }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const policy = definition.suggestionPolicy;
  return (
    <Stack gap="lg">
      {definition.description && (
        <Part title={t('models.view.description')}>
          <Text size="sm">{localised(definition.description, language)}</Text>
        </Part>
      )}
      <Part title={t('models.view.sections')}>
        <Stack gap="md">
          {definition.sections.map((section) => (
            <Stack key={section.id} gap="xs">
              <Title order={3} size="h5">
                {localised(section.title, language)}{' '}
                <Text span size="sm" c="dimmed" ff="monospace">
                  ({section.id})
                </Text>
              </Title>
              {section.help && (
                <Text size="sm" c="dimmed">
                  {localised(section.help, language)}
                </Text>
              )}
              <Stack component="ol" gap="xs" m={0} pl="lg">
                {section.items.map((item) => (
                  <li key={item.itemId}>
                    <Text size="sm">{localised(item.text, language)}</Text>
                    <Text size="xs" c="dimmed">
                      {t('models.view.itemMeta', {
                        id: item.itemId,
                        concept: item.conceptId,
                        scale: item.scale,
                      })}
                      {item.trendScale && ` · ${t('models.view.trendScale', { scale: item.trendScale })}`}
                      {item.tags.length > 0 && ` · ${t('models.view.tags', { tags: item.tags.join(', ') })}`}
                      {item.evidence === 'requiredIfPositive' && ` · ${t('models.view.evidenceRequired')}`}
                    </Text>
                  </li>
                ))}
              </Stack>
            </Stack>
          ))}
        </Stack>
      </Part>
      <Part title={t('models.view.scales')}>
        <Stack gap="md">
          {Object.entries(definition.scales).map(([scaleId, scale]) => (
            <Stack key={scaleId} gap={4}>
              <Text size="sm" fw={700} ff="monospace">
                {scaleId}
              </Text>
              <Table fz="sm" verticalSpacing={4} aria-label={scaleId}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('models.view.code')}</Table.Th>
                    <Table.Th>{t('models.view.label')}</Table.Th>
                    <Table.Th>{t('models.view.weight')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {scale.options.map((option) => (
                    <Table.Tr key={option.code}>
                      <Table.Td ff="monospace">{option.code}</Table.Td>
                      <Table.Td>
                        {localised(option.label, language)}
                        {option.missing && (
                          <Badge ml="xs" size="sm" variant="outline" color="gray.8" radius="sm">
                            {t('models.view.unknownMark')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{option.weight ?? '–'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          ))}
        </Stack>
      </Part>
      <Part title={t('models.view.derived')}>
        <Stack gap="sm">
          {definition.derived.map((entry) => (
            <Stack key={entry.id} gap={2}>
              <Text size="sm">
                <Text span fw={700} ff="monospace">
                  {entry.id}
                </Text>
                {entry.label && ` – ${localised(entry.label, language)}`}
              </Text>
              <Code block>{JSON.stringify(entry.expr)}</Code>
            </Stack>
          ))}
        </Stack>
      </Part>
      <Part title={t('models.view.rules')}>
        <Stack gap="md">
          {definition.rules.map((rule) => (
            <Paper key={rule.id} withBorder p="sm" data-testid="model-rule" data-rule={rule.id}>
              <Stack gap={4}>
                <Group gap="xs">
                  <Text fw={700} ff="monospace">
                    {rule.id}
                  </Text>
                  <Badge variant="light" radius="sm">
                    {t('models.view.suggests', { level: rule.suggest })}
                  </Badge>
                  {rule.floor && (
                    <Badge variant="light" color="grape" radius="sm">
                      {t('models.view.floor')}
                    </Badge>
                  )}
                </Group>
                <Text size="sm">{localised(rule.explain, language)}</Text>
                <Text size="xs" fw={600}>
                  {t('models.view.condition')}
                </Text>
                <Code block>{JSON.stringify(rule.when, null, 2)}</Code>
              </Stack>
            </Paper>
          ))}
        </Stack>
      </Part>
      <Part title={t('models.view.policy')}>
        <Stack gap={4}>
          <Text size="sm">
            {t('models.view.labelForUsers', { label: localised(policy.labelForUsers, language) })}
          </Text>
          {policy.protectiveAdjustment && (
            <Text size="sm">
              {t('models.view.protective', {
                variable: policy.protectiveAdjustment.variable,
                value: policy.protectiveAdjustment.ifAtLeast,
              })}
            </Text>
          )}
          {policy.insufficientInformation && (
            <Text size="sm">
              {t('models.view.insufficient', {
                variable: policy.insufficientInformation.variable,
                value: policy.insufficientInformation.above,
                flag: policy.insufficientInformation.flag,
                level: policy.insufficientInformation.blocksLevelBelow,
              })}
            </Text>
          )}
        </Stack>
      </Part>
      <Part title={t('models.view.changelog')}>
        <Stack gap="sm">
          {definition.changelog.map((entry) => (
            <Stack key={entry.version} gap={2}>
              <Group gap="xs">
                <Text size="sm" fw={700}>
                  {t('models.view.changelogEntry', {
                    version: entry.version,
                    date: entry.date,
                    bump: entry.bump,
                  })}
                </Text>
                <Badge
                  size="sm"
                  variant="outline"
                  radius="sm"
                  color={entry.affectsSuggestion ? 'orange.9' : 'gray.8'}
                >
                  {entry.affectsSuggestion
                    ? t('models.view.affectsSuggestion')
                    : t('models.view.keepsSuggestion')}
                </Badge>
              </Group>
              <Text size="sm">{localised(entry.summary, language)}</Text>
              {entry.rationale && (
                <Text size="sm" c="dimmed">
                  {localised(entry.rationale, language)}
                </Text>
              )}
            </Stack>
          ))}
        </Stack>
      </Part>
      <Part title={t('models.view.fixtures')}>
        <Stack gap={4}>
          <Text size="sm">{t('models.view.fixturesCount', { count: definition.fixtures.length })}</Text>
          <Group gap={6} wrap="wrap">
            {definition.fixtures.map((fixture) => (
              <Badge
                key={fixture.id}
                variant="light"
                color="gray"
                radius="sm"
                tt="none"
                title={fixture.description}
              >
                {fixture.id} → {fixture.expect.suggestedLevel}
              </Badge>
            ))}
          </Group>
        </Stack>
      </Part>
      {definition.sources.length > 0 && (
        <Part title={t('models.view.sources')}>
          <Stack component="ul" gap={4} m={0} pl="lg">
            {definition.sources.map((source) => (
              <Text component="li" key={source.id} size="sm">
                {source.citation}
                {source.doi && ` (doi:${source.doi})`}
              </Text>
            ))}
          </Stack>
        </Part>
      )}
    </Stack>
  );
}

function Part({ title, children }: { title: string; children: React.ReactNode }) {
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}
