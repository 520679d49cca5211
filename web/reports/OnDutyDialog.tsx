import { Button, Group, Modal, MultiSelect, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOnDuty, useSetOnDuty } from '../api/on-duty.ts';
import { useUnits } from '../api/reports.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';

/** The inbox's "On duty" button: choose a unit, see and set who is told of its new reports. */
export function OnDutyButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        {t('reports.onDuty.button')}
      </Button>
      {open && <OnDutyDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function OnDutyDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const units = useUnits();
  const [unitId, setUnitId] = useState<string | null>(null);
  const chosen = unitId ?? (units.data?.length === 1 ? (units.data[0]?.id ?? null) : null);
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('reports.onDuty.title')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('reports.actions.cancel') }}
    >
      <Stack gap="md">
        <Text size="sm">{t('reports.onDuty.intro')}</Text>
        <Select
          label={t('reports.onDuty.unit')}
          data={(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
          value={chosen}
          onChange={setUnitId}
          allowDeselect={false}
        />
        {chosen && <Roster key={chosen} unitId={chosen} onClose={onClose} />}
      </Stack>
    </Modal>
  );
}

function Roster({ unitId, onClose }: { unitId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const roster = useOnDuty(unitId);
  const save = useSetOnDuty(unitId);
  const [picked, setPicked] = useState<string[] | null>(null);
  if (roster.isPending) return <Loading label={t('reports.onDuty.loading')} />;
  if (roster.isError) return <ErrorNotice error={roster.error} title={t('reports.onDuty.failed')} />;
  const value = picked ?? roster.data.onDuty.map((person) => person.id);
  return (
    <Stack gap="md">
      <MultiSelect
        label={t('reports.onDuty.people')}
        description={t('reports.onDuty.peopleDescription')}
        data={roster.data.candidates.map((person) => ({ value: person.id, label: person.name }))}
        value={value}
        onChange={setPicked}
        searchable
        clearable
      />
      <ErrorNotice error={save.error} title={t('reports.onDuty.failed')} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('reports.actions.cancel')}
        </Button>
        <Button loading={save.isPending} onClick={() => save.mutate(value, { onSuccess: onClose })}>
          {t('reports.onDuty.save')}
        </Button>
      </Group>
    </Stack>
  );
}
