import { Group, Paper, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { levels } from '../../api/assessments.ts';
import { useLevelText } from '../../cases/CaseBadges.tsx';
import { currentLanguage } from '../../i18n/index.ts';
import { levelOf } from '../model-text.ts';
import { type Definition, NumberField, type Recipe } from './fields.tsx';

type Policy = Definition['suggestionPolicy'];
type Protective = NonNullable<Policy['protectiveAdjustment']>;
type Insufficient = NonNullable<Policy['insufficientInformation']>;

/**
 * The suggestion policy: the highest level among the rules that fire, lowered one level by protective
 * factors from a threshold on (never below a floor), raised to a level when too much is unknown. The
 * thresholds are the organisation's to set; off keeps the last values, on again brings them back.
 */
export function PolicyTab({
  definition,
  update,
  onValidity,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
  onValidity: (id: string, valid: boolean) => void;
}) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const number = new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: 4 });
  const policy = definition.suggestionPolicy;
  const derivedIds = definition.derived.map((entry) => entry.id);
  const variables = (current: string) =>
    [...new Set([...derivedIds, current])].map((id) => ({ value: id, label: id }));
  const lastProtective = useRef<Protective | undefined>(policy.protectiveAdjustment);
  const lastInsufficient = useRef<Insufficient | undefined>(policy.insufficientInformation);
  const protective = policy.protectiveAdjustment;
  const insufficient = policy.insufficientInformation;
  if (protective) lastProtective.current = protective;
  if (insufficient) lastInsufficient.current = insufficient;
  const changeProtective = (patch: Partial<Protective>) =>
    update((draft) => {
      const current = draft.suggestionPolicy.protectiveAdjustment;
      if (current) draft.suggestionPolicy.protectiveAdjustment = { ...current, ...patch };
    });
  const changeInsufficient = (patch: Partial<Insufficient>) =>
    update((draft) => {
      const current = draft.suggestionPolicy.insufficientInformation;
      if (current) draft.suggestionPolicy.insufficientInformation = { ...current, ...patch };
    });
  const unknownShare =
    definition.derived.find(
      (entry) => typeof entry.expr === 'object' && entry.expr !== null && 'unknownShare' in entry.expr,
    )?.id ?? derivedIds[0];
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('models.editor.policyIntro')}
      </Text>
      <Paper withBorder p="md" data-testid="editor-policy-protective">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('models.editor.protectiveHeading')}
          </Title>
          <Switch
            label={t('models.editor.protectiveOn')}
            checked={protective !== undefined}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              update((draft) => {
                if (!on) delete draft.suggestionPolicy.protectiveAdjustment;
                else
                  draft.suggestionPolicy.protectiveAdjustment = lastProtective.current ?? {
                    variable: derivedIds[0] ?? 'protectiveWeight',
                    ifAtLeast: 2,
                    steps: -1,
                    neverBelowFloor: true,
                  };
              });
            }}
          />
          {protective && (
            <>
              <Group align="flex-start" gap="md" wrap="wrap">
                <Select
                  label={t('models.editor.protectiveVariable')}
                  description={t('models.editor.protectiveVariableHelp')}
                  data={variables(protective.variable)}
                  value={protective.variable}
                  allowDeselect={false}
                  w={260}
                  onChange={(value) => {
                    if (value) changeProtective({ variable: value });
                  }}
                />
                <NumberField
                  label={t('models.editor.protectiveIfAtLeast')}
                  description={t('models.editor.protectiveIfAtLeastHelp')}
                  value={protective.ifAtLeast}
                  onValidity={onValidity}
                  onChange={(value) => changeProtective({ ifAtLeast: value })}
                />
              </Group>
              <Text size="sm" data-testid="policy-protective-summary">
                {t('models.view.protective', {
                  variable: protective.variable,
                  value: number.format(protective.ifAtLeast),
                })}
              </Text>
            </>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" data-testid="editor-policy-insufficient">
        <Stack gap="sm">
          <Title order={3} size="h5">
            {t('models.editor.insufficientHeading')}
          </Title>
          <Switch
            label={t('models.editor.insufficientOn')}
            checked={insufficient !== undefined}
            onChange={(event) => {
              const on = event.currentTarget.checked;
              update((draft) => {
                if (!on) delete draft.suggestionPolicy.insufficientInformation;
                else
                  draft.suggestionPolicy.insufficientInformation = lastInsufficient.current ?? {
                    variable: unknownShare ?? 'unknownShare',
                    above: 0.3,
                    flag: 'INSUFFICIENT_INFO',
                    blocksLevelBelow: 'L2',
                  };
              });
            }}
          />
          {insufficient && (
            <>
              <Group align="flex-start" gap="md" wrap="wrap">
                <Select
                  label={t('models.editor.insufficientVariable')}
                  description={t('models.editor.insufficientVariableHelp')}
                  data={variables(insufficient.variable)}
                  value={insufficient.variable}
                  allowDeselect={false}
                  w={260}
                  onChange={(value) => {
                    if (value) changeInsufficient({ variable: value });
                  }}
                />
                <NumberField
                  label={t('models.editor.insufficientAbove')}
                  description={t('models.editor.insufficientAboveHelp')}
                  value={insufficient.above}
                  min={0}
                  max={1}
                  step={0.05}
                  onValidity={onValidity}
                  onChange={(value) => changeInsufficient({ above: value })}
                />
              </Group>
              <Group align="flex-start" gap="md" wrap="wrap">
                <TextInput
                  label={t('models.editor.insufficientFlag')}
                  description={t('models.editor.insufficientFlagHelp')}
                  value={insufficient.flag}
                  required
                  w={260}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  onChange={(event) => changeInsufficient({ flag: event.currentTarget.value })}
                />
                <Select
                  label={t('models.editor.insufficientLevel')}
                  description={t('models.editor.insufficientLevelHelp')}
                  data={levels.map((level) => ({ value: level, label: levelText(levelOf(level)) }))}
                  value={insufficient.blocksLevelBelow}
                  allowDeselect={false}
                  w={220}
                  onChange={(value) => {
                    if (value && (levels as readonly string[]).includes(value))
                      changeInsufficient({ blocksLevelBelow: value as Insufficient['blocksLevelBelow'] });
                  }}
                />
              </Group>
              <Text size="sm" data-testid="policy-insufficient-summary">
                {t('models.view.insufficient', {
                  variable: insufficient.variable,
                  value: number.format(insufficient.above),
                  flag: insufficient.flag,
                  level: insufficient.blocksLevelBelow,
                })}
              </Text>
            </>
          )}
        </Stack>
      </Paper>
    </Stack>
  );
}
