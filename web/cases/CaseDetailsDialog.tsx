import { Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseDetailsChange, useCaseTeam, useUpdateCaseDetails } from '../api/case-file.ts';
import type { CaseDetail } from '../api/cases.ts';
import { ActionDialog, useRequired } from '../components/ActionDialog.tsx';
import { CandidateSelect, type PersonOption, personOption } from './CandidateSelect.tsx';
import { useCategoryOptions } from './categories.ts';

/** What the server takes as a tag (server/modules/cases/case-file-schemas.ts): no names, short. */
const tagPattern = /^[\p{L}\p{N}][\p{L}\p{N} _-]*$/u;
export const maxTags = 20;
export const validTag = (tag: string) => tag.length <= 40 && tagPattern.test(tag);

/**
 * The form for title, summary, category, tags, due date and – for whoever also manages the team, since the
 * people to pick from are the team candidates – the owner; sends only what changed.
 */
export function CaseDetailsDialog({
  detail,
  onClose,
  onDone,
}: {
  detail: CaseDetail;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const update = useUpdateCaseDetails(detail.id);
  const categories = useCategoryOptions(detail.category);
  const [title, setTitle] = useState(detail.title ?? '');
  const [summary, setSummary] = useState(detail.summary ?? '');
  const [category, setCategory] = useState<string | null>(detail.category);
  const [tags, setTags] = useState<string[]>(detail.tags);
  const [dueOn, setDueOn] = useState(detail.dueOn ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(detail.owner?.id ?? null);
  const mayChangeOwner = detail.can.manage && detail.can.manage_team;
  const required = useRequired();
  const tagsInvalid = tags.some((tag) => !validTag(tag));

  const changes = (): CaseDetailsChange => {
    const change: CaseDetailsChange = {};
    if (title.trim() !== (detail.title ?? '')) change.title = title.trim();
    if (summary.trim() !== (detail.summary ?? ''))
      change.summary = summary.trim() === '' ? null : summary.trim();
    if (category !== detail.category) change.category = category;
    if (tags.join('\n') !== detail.tags.join('\n')) change.tags = tags;
    if (dueOn !== (detail.dueOn ?? '')) change.dueOn = dueOn === '' ? null : dueOn;
    if (ownerId !== null && ownerId !== (detail.owner?.id ?? null)) change.ownerId = ownerId;
    return change;
  };

  return (
    <ActionDialog
      title={t('cases.detailsDialog.title', { reference: detail.reference })}
      intro={t('cases.detailsDialog.intro')}
      submitLabel={t('cases.detailsDialog.submit')}
      pending={update.isPending}
      error={update.error}
      onClose={onClose}
      onSubmit={() => {
        if (!required.check(title) || tagsInvalid) return;
        const change = changes();
        if (Object.keys(change).length === 0) {
          onClose();
          return;
        }
        update.mutate(change, { onSuccess: onDone });
      }}
    >
      <TextInput
        label={t('cases.detailsDialog.caseTitle')}
        description={t('cases.detailsDialog.caseTitleDescription')}
        maxLength={200}
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
        error={required.tried && title.trim() === '' ? t('reports.actions.required') : undefined}
        required
        data-autofocus
      />
      <Textarea
        label={t('cases.detailsDialog.summary')}
        description={t('cases.detailsDialog.summaryDescription')}
        autosize
        minRows={4}
        maxRows={14}
        maxLength={20_000}
        value={summary}
        onChange={(event) => setSummary(event.currentTarget.value)}
      />
      <Select
        label={t('cases.detailsDialog.category')}
        placeholder={t('cases.detailsDialog.categoryPlaceholder')}
        data={categories}
        value={category}
        onChange={setCategory}
        clearable
        clearButtonProps={{ 'aria-label': t('cases.detailsDialog.clearCategory') }}
        comboboxProps={{ withinPortal: true }}
      />
      <TagsInput
        label={t('cases.detailsDialog.tags')}
        description={t('cases.detailsDialog.tagsDescription')}
        value={tags}
        onChange={(next) =>
          setTags([...new Set(next.map((tag) => tag.trim().toLowerCase()))].filter(Boolean))
        }
        maxTags={maxTags}
        clearable
        clearButtonProps={{ 'aria-label': t('cases.detailsDialog.clearTags') }}
        error={tagsInvalid ? t('cases.detailsDialog.tagsInvalid') : undefined}
        comboboxProps={{ withinPortal: true }}
      />
      <TextInput
        type="date"
        label={t('cases.detailsDialog.dueOn')}
        description={t('cases.detailsDialog.dueOnDescription')}
        value={dueOn}
        onChange={(event) => setDueOn(event.currentTarget.value)}
      />
      {mayChangeOwner && (
        <OwnerField
          detail={detail}
          value={ownerId}
          onChange={(option) => setOwnerId(option?.value ?? null)}
        />
      )}
    </ActionDialog>
  );
}

/** Who may own the case: its current owner, threat managers on its team, and candidates who may own it. */
function OwnerField({
  detail,
  value,
  onChange,
}: {
  detail: CaseDetail;
  value: string | null;
  onChange: (option: PersonOption | null) => void;
}) {
  const { t } = useTranslation();
  const team = useCaseTeam(detail.id);
  const onTeam = (team.data ?? [])
    .filter((member) => member.role === 'owner' || member.user.role === 'threat_manager')
    .map((member) => personOption(t, member.user));
  const owner = detail.owner;
  const extra =
    owner && !onTeam.some((option) => option.value === owner.id)
      ? [{ value: owner.id, name: owner.name, label: owner.name }, ...onTeam]
      : onTeam;
  return (
    <CandidateSelect
      caseId={detail.id}
      label={t('cases.detailsDialog.owner')}
      description={t('cases.detailsDialog.ownerDescription')}
      placeholder={t('cases.detailsDialog.ownerPlaceholder')}
      value={value}
      onChange={onChange}
      include={(candidate) => candidate.mayOwn}
      extra={extra}
      empty={t('cases.detailsDialog.noOwners')}
    />
  );
}
