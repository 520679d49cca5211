import { Group, Radio, Stack, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localDayOf, type MembershipEndChoice, membershipEndChoices } from './case-times.ts';

export interface MembershipEndValue {
  choice: MembershipEndChoice;
  /** The last day (`YYYY-MM-DD`) when `choice` is `custom`. */
  day: string;
}

/** How long someone stays on the team: no end, 14 days, 30 days, or until a chosen last day. */
export function MembershipEndField({
  value,
  onChange,
  error,
}: {
  value: MembershipEndValue;
  onChange: (value: MembershipEndValue) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const isChoice = (candidate: string): candidate is MembershipEndChoice =>
    (membershipEndChoices as readonly string[]).includes(candidate);
  return (
    <Stack gap="xs">
      <Radio.Group
        label={t('cases.membershipEnd.label')}
        value={value.choice}
        onChange={(choice) => isChoice(choice) && onChange({ ...value, choice })}
        error={value.choice === 'custom' ? undefined : error}
      >
        <Group gap="lg" mt="xs">
          {membershipEndChoices.map((choice) => (
            <Radio key={choice} value={choice} label={t(`cases.membershipEnd.${choice}`)} />
          ))}
        </Group>
      </Radio.Group>
      {value.choice === 'custom' && (
        <TextInput
          type="date"
          label={t('cases.membershipEnd.date')}
          description={t('cases.membershipEnd.dateDescription')}
          min={localDayOf(new Date())}
          value={value.day}
          onChange={(event) => onChange({ ...value, day: event.currentTarget.value })}
          error={error}
          required
          maw={260}
        />
      )}
    </Stack>
  );
}
