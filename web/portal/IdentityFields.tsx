import { List, Paper, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IdentityDraft } from './answers.ts';
import { GroupLabel } from './FormItemField.tsx';
import { errorId, fieldId } from './field-ids.ts';

/**
 * Anonymous (the default) or named, with a plain explanation of what anonymous means; a named reporter
 * gives a name and may give an e-mail address and a phone number.
 */
export function IdentityFields({
  identity,
  onChange,
  errorFor,
}: {
  identity: IdentityDraft;
  onChange: (identity: IdentityDraft) => void;
  errorFor: (path: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const set = (change: Partial<IdentityDraft>) => onChange({ ...identity, ...change });
  const id = fieldId('anonymous');

  return (
    <Stack gap="md">
      <Radio.Group
        id={`${id}-group`}
        label={<GroupLabel label={t('portal.form.identity.legend')} required />}
        withAsterisk
        value={identity.anonymous ? 'anonymous' : 'named'}
        onChange={(value) => set({ anonymous: value === 'anonymous' })}
        name="identity"
      >
        <Stack gap="sm" mt="xs">
          <Radio
            id={id}
            value="anonymous"
            label={t('portal.form.identity.anonymous')}
            description={t('portal.form.identity.anonymousDescription')}
          />
          <Radio
            id={fieldId('named')}
            value="named"
            label={t('portal.form.identity.named')}
            description={t('portal.form.identity.namedDescription')}
          />
        </Stack>
      </Radio.Group>

      {identity.anonymous ? (
        <Paper withBorder p={{ base: 'sm', sm: 'md' }} bg="blue.0">
          <Text fw={700} mb={4}>
            {t('portal.form.identity.explanationTitle')}
          </Text>
          <List spacing={4} size="sm">
            <List.Item>{t('portal.form.identity.explanation1')}</List.Item>
            <List.Item>{t('portal.form.identity.explanation2')}</List.Item>
            <List.Item>{t('portal.form.identity.explanation3')}</List.Item>
          </List>
        </Paper>
      ) : (
        <Stack gap="md">
          <TextInput
            id={fieldId('reporter.name')}
            label={t('portal.form.identity.name')}
            required
            autoComplete="off"
            value={identity.name}
            onChange={(event) => set({ name: event.currentTarget.value })}
            error={errorFor('reporter.name')}
            errorProps={{ id: errorId('reporter.name') }}
          />
          <TextInput
            id={fieldId('reporter.email')}
            type="email"
            label={t('portal.form.identity.email')}
            description={t('portal.form.identity.emailDescription')}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={identity.email}
            onChange={(event) => set({ email: event.currentTarget.value })}
            error={errorFor('reporter.email')}
            errorProps={{ id: errorId('reporter.email') }}
          />
          <TextInput
            id={fieldId('reporter.phone')}
            type="tel"
            label={t('portal.form.identity.phone')}
            description={t('portal.form.identity.phoneDescription')}
            autoComplete="off"
            value={identity.phone}
            onChange={(event) => set({ phone: event.currentTarget.value })}
            error={errorFor('reporter.phone')}
            errorProps={{ id: errorId('reporter.phone') }}
            maw={320}
          />
        </Stack>
      )}
    </Stack>
  );
}
