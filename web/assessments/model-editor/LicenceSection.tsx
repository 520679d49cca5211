import {
  Alert,
  Checkbox,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Definition, Recipe } from './fields.tsx';

type License = Definition['license'];
const licenceTypes = ['internal', 'open', 'public-domain', 'proprietary'] as const;

/**
 * The model's licence: its kind, holder and instrument, whether it may be passed on and exported, the
 * attribution and how much of the source's text it may carry. A proprietary instrument is neither
 * redistributable nor exportable: the server refuses to publish one that says otherwise, so the two are
 * switched off with it.
 */
export function LicenceSection({
  definition,
  update,
}: {
  definition: Definition;
  update: (recipe: Recipe) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const license = definition.license;
  const proprietary = license.type === 'proprietary';
  const change = (recipe: (license: License) => void) =>
    update((draft) => {
      recipe(draft.license);
    });
  /** An optional text: empty leaves it out (or null, where the model had null). */
  const optional =
    (field: 'holder' | 'instrument' | 'attribution' | 'spdx' | 'licenseEvidence') => (value: string) =>
      change((draft) => {
        if (value.trim()) draft[field] = value;
        else if (field === 'spdx' || field === 'licenseEvidence') {
          if (draft[field] !== undefined) draft[field] = null;
        } else delete draft[field];
      });
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" data-testid="editor-licence">
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          {t('models.editor.licenceHeading')}
        </Title>
        <Group align="flex-start" gap="md" wrap="wrap">
          <Select
            label={t('models.editor.licenceType')}
            data={licenceTypes.map((type) => ({
              value: type,
              label: t(`models.editor.licenceTypes.${type}`),
            }))}
            value={license.type}
            allowDeselect={false}
            w={260}
            onChange={(value) => {
              const type = licenceTypes.find((candidate) => candidate === value);
              if (!type) return;
              change((draft) => {
                draft.type = type;
                if (type === 'proprietary') {
                  draft.redistributable = false;
                  draft.exportAllowed = false;
                }
              });
            }}
          />
          <TextInput
            label={t('models.editor.licenceSpdx')}
            description={t('models.editor.licenceSpdxHelp')}
            value={license.spdx ?? ''}
            maxLength={60}
            w={260}
            onChange={(event) => optional('spdx')(event.currentTarget.value)}
          />
        </Group>
        <Text size="sm" c="dimmed">
          {t(`models.editor.licenceTypeHelp.${license.type}`)}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('models.editor.licenceHolder')}
            value={license.holder ?? ''}
            maxLength={200}
            onChange={(event) => optional('holder')(event.currentTarget.value)}
          />
          <TextInput
            label={t('models.editor.licenceInstrument')}
            description={t('models.editor.licenceInstrumentHelp')}
            value={license.instrument ?? ''}
            maxLength={200}
            onChange={(event) => optional('instrument')(event.currentTarget.value)}
          />
        </SimpleGrid>
        {proprietary && (
          <Alert color="blue" variant="light" data-testid="licence-proprietary">
            {t('models.editor.proprietaryNote')}
          </Alert>
        )}
        <Stack gap="xs">
          <Checkbox
            label={t('models.editor.redistributable')}
            description={t('models.editor.redistributableHelp')}
            checked={license.redistributable}
            disabled={proprietary}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              change((draft) => {
                draft.redistributable = checked;
              });
            }}
          />
          <Checkbox
            label={t('models.editor.exportAllowed')}
            description={t('models.editor.exportAllowedHelp')}
            checked={license.exportAllowed}
            disabled={proprietary}
            onChange={(event) => {
              const checked = event.currentTarget.checked;
              change((draft) => {
                draft.exportAllowed = checked;
              });
            }}
          />
        </Stack>
        <Select
          label={t('models.editor.textPolicy')}
          description={t('models.editor.textPolicyHelp')}
          data={[
            { value: '', label: t('models.editor.textPolicies.unset') },
            { value: 'full', label: t('models.editor.textPolicies.full') },
            { value: 'labels-only', label: t('models.editor.textPolicies.labelsOnly') },
          ]}
          value={license.textPolicy ?? ''}
          allowDeselect={false}
          maw={420}
          onChange={(value) =>
            change((draft) => {
              if (value === 'full' || value === 'labels-only') draft.textPolicy = value;
              else delete draft.textPolicy;
            })
          }
        />
        <Textarea
          label={t('models.editor.attribution')}
          description={t('models.editor.attributionHelp')}
          value={license.attribution ?? ''}
          maxLength={1000}
          autosize
          minRows={2}
          onChange={(event) => optional('attribution')(event.currentTarget.value)}
        />
        <TextInput
          label={t('models.editor.licenseEvidence')}
          description={t('models.editor.licenseEvidenceHelp')}
          value={license.licenseEvidence ?? ''}
          maxLength={200}
          maw={520}
          onChange={(event) => optional('licenseEvidence')(event.currentTarget.value)}
        />
      </Stack>
    </Paper>
  );
}
