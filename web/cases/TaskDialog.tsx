import { Checkbox, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseTeam } from '../api/case-file.ts';
import type { CaseDetail } from '../api/cases.ts';
import { type NewCaseTask, useCreateTask } from '../api/collaboration.ts';
import { ActionDialog, useRequired } from '../components/ActionDialog.tsx';
import { personOption } from './CandidateSelect.tsx';
import { localDayOf } from './case-times.ts';

/** A new task: what to do, who does it (someone on the team, who is told) and by when. */
export function TaskDialog({
  detail,
  onClose,
  onDone,
}: {
  detail: CaseDetail;
  onClose: () => void;
  onDone: (title: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateTask(detail.id);
  const team = useCaseTeam(detail.id);
  const [title, setTitle] = useState('');
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const [managersOnly, setManagersOnly] = useState(false);
  const required = useRequired();
  // Experts never read a managers-only task: it goes to no one of them.
  const assignees = (team.data ?? [])
    .filter((member) => !managersOnly || member.user.role !== 'expert')
    .map((member) => personOption(t, member.user));
  const assignee = assignees.some((option) => option.value === assigneeId) ? assigneeId : null;
  const today = localDayOf(new Date());
  const tooEarly = dueOn !== '' && dueOn < today;

  return (
    <ActionDialog
      title={t('cases.taskDialog.title')}
      intro={t('cases.taskDialog.intro')}
      submitLabel={t('cases.taskDialog.submit')}
      pending={create.isPending}
      error={create.error ?? team.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(title) || tooEarly) return;
        const input: NewCaseTask = { title: title.trim() };
        if (assignee) input.assigneeId = assignee;
        if (dueOn) input.dueOn = dueOn;
        if (managersOnly) input.managersOnly = true;
        create.mutate(input, { onSuccess: () => onDone(title.trim()) });
      }}
    >
      <TextInput
        label={t('cases.taskDialog.taskTitle')}
        description={t('cases.taskDialog.taskTitleDescription')}
        maxLength={500}
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
        error={required.tried && title.trim() === '' ? t('reports.actions.required') : undefined}
        required
        data-autofocus
      />
      <Select
        label={t('cases.taskDialog.assignee')}
        description={t('cases.taskDialog.assigneeDescription')}
        placeholder={t('cases.taskDialog.assigneePlaceholder')}
        data={assignees.map(({ value, label }) => ({ value, label }))}
        value={assignee}
        onChange={setAssigneeId}
        searchable
        clearable
        clearButtonProps={{ 'aria-label': t('cases.taskDialog.clearAssignee') }}
        nothingFoundMessage={t('cases.candidates.noMatch')}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        type="date"
        label={t('cases.taskDialog.dueOn')}
        min={today}
        value={dueOn}
        onChange={(event) => setDueOn(event.currentTarget.value)}
        error={tooEarly ? t('cases.taskDialog.duePast') : undefined}
      />
      {detail.can.read_managers_only && (
        <Checkbox
          label={t('cases.taskDialog.managersOnly')}
          description={t('cases.taskDialog.managersOnlyDescription')}
          checked={managersOnly}
          onChange={(event) => setManagersOnly(event.currentTarget.checked)}
        />
      )}
    </ActionDialog>
  );
}
