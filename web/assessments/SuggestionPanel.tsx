import { Alert, Badge, Group, List, Paper, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssessmentComputation, ModelDefinition } from '../api/assessments.ts';
import { LevelBadge, useLevelText } from '../cases/CaseBadges.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatDerived, isShare, levelOf, localised } from './model-text.ts';

/**
 * The model's suggestion for the answers: the level (decision support, in the model's own words), every
 * rule that fired with its explanation, the adjustments of protective factors and of too much unknown,
 * the flags, and the derived values the rules used. `live` while answers are being given: a change of the
 * suggested level is announced to screen readers.
 */
export function SuggestionPanel({
  computed,
  definition,
  live,
}: {
  computed: AssessmentComputation | null;
  definition: ModelDefinition;
  live: boolean;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const headingId = useId();
  const levelText = useLevelText();
  const code = (level: string) => levelText(levelOf(level as 'L1'));
  // The model says in its own words what the suggestion is (decision support, not a decision).
  const modelNote = localised(definition.suggestionPolicy.labelForUsers, language);
  const announcement = useAnnouncement(live ? (computed?.suggestedLevel ?? null) : null);
  const insufficientFlag = definition.suggestionPolicy.insufficientInformation?.flag;
  const flagText = (flag: string) => {
    if (flag === insufficientFlag || flag === 'INSUFFICIENT_INFO')
      return t('assessments.suggestion.flags.insufficient');
    const [kind, id] = flag.split(':');
    if (kind === 'RULE_ERROR') return t('assessments.suggestion.flags.ruleError', { id });
    if (kind === 'DERIVED_ERROR') return t('assessments.suggestion.flags.derivedError', { id });
    return flag;
  };
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      data-testid="suggestion-panel"
      style={{ borderTop: '4px solid var(--mantine-color-blue-8)' }}
    >
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {t('assessments.suggestion.heading')}
        </Title>
        {computed ? (
          <Group gap="xs">
            <LevelBadge
              level={levelOf(computed.suggestedLevel)}
              label={t('assessments.levelLabel.suggested')}
              suggested
              size="xl"
              testId="suggested-level"
            />
          </Group>
        ) : (
          <Text>{t('assessments.suggestion.none')}</Text>
        )}
        <VisuallyHidden role="status" aria-live="polite">
          {announcement}
        </VisuallyHidden>
        <Text size="sm" c="dimmed" data-testid="suggestion-note">
          {modelNote || t('assessments.suggestion.disclaimer')}
        </Text>
        <Text size="xs" c="dimmed">
          {live ? t('assessments.suggestion.live') : t('assessments.suggestion.stored')}
        </Text>
        {computed && computed.flags.length > 0 && (
          <Alert color="orange" variant="light" title={t('assessments.suggestion.flagsHeading')} p="xs">
            <List size="sm" data-testid="suggestion-flags">
              {computed.flags.map((flag) => (
                <List.Item key={flag}>
                  <Badge color="orange.9" variant="outline" radius="sm" mr={6}>
                    {flag}
                  </Badge>
                  {flagText(flag)}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        {computed && (
          <Stack gap={6}>
            <Title order={4} size="h5">
              {t('assessments.suggestion.firedHeading')}
            </Title>
            {computed.fired.length === 0 ? (
              <Text size="sm">{t('assessments.suggestion.noneFired')}</Text>
            ) : (
              <Stack
                component="ul"
                gap="xs"
                m={0}
                p={0}
                style={{ listStyle: 'none' }}
                data-testid="fired-rules"
              >
                {computed.fired.map((rule) => (
                  <Paper component="li" key={rule.id} withBorder p="xs" bg="gray.0" data-testid="fired-rule">
                    <Group gap={6} wrap="wrap" mb={4}>
                      <Text size="sm" fw={700} ff="monospace">
                        {rule.id}
                      </Text>
                      <Text size="sm">
                        {t('assessments.suggestion.suggests', { level: code(rule.suggest) })}
                      </Text>
                      {rule.floor && (
                        <Badge
                          size="sm"
                          variant="light"
                          color="grape"
                          radius="sm"
                          title={t('assessments.suggestion.floorHint')}
                        >
                          {t('assessments.suggestion.floor')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm">{localised(rule.explain, language)}</Text>
                  </Paper>
                ))}
              </Stack>
            )}
          </Stack>
        )}
        {computed && computed.adjustments.length > 0 && (
          <Stack gap={6}>
            <Title order={4} size="h5">
              {t('assessments.suggestion.adjustmentsHeading')}
            </Title>
            <List size="sm" data-testid="suggestion-adjustments">
              {computed.adjustments.map((adjustment) => (
                <List.Item key={`${adjustment.kind}-${adjustment.from}`}>
                  {t(`assessments.suggestion.adjustments.${adjustment.kind}`, {
                    from: code(adjustment.from),
                    to: code(adjustment.to),
                  })}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
        {computed && Object.keys(computed.derived).length > 0 && (
          <Stack gap={4}>
            <Title order={4} size="h5">
              {t('assessments.suggestion.derivedHeading')}
            </Title>
            <Table fz="sm" verticalSpacing={4} horizontalSpacing="xs" data-testid="derived-values">
              <Table.Tbody>
                {definition.derived.map((entry) => (
                  <Table.Tr key={entry.id}>
                    <Table.Th scope="row" fw={400}>
                      {entry.label ? localised(entry.label, language) : entry.id}
                    </Table.Th>
                    <Table.Td ta="right" fw={600} style={{ whiteSpace: 'nowrap' }}>
                      {formatDerived(
                        computed.derived[entry.id] ?? null,
                        isShare(definition, entry.id),
                        language,
                        {
                          yes: t('assessments.suggestion.yes'),
                          no: t('assessments.suggestion.no'),
                          none: t('assessments.suggestion.notComputed'),
                        },
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              {t('assessments.suggestion.engine', { engine: computed.engineVersion })}
            </Text>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}

/** "Suggested level now L3 · high", once the suggestion changes (not on the first showing). */
function useAnnouncement(level: string | null): string {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const previous = useRef(level);
  const [text, setText] = useState('');
  useEffect(() => {
    if (level !== null && previous.current !== null && level !== previous.current)
      setText(t('assessments.suggestion.announce', { level: levelText(levelOf(level as 'L1')) }));
    previous.current = level;
  }, [level, t, levelText]);
  return text;
}
