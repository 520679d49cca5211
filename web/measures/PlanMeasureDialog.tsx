import { Anchor, Paper, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { CaseDetail } from '../api/cases.ts';
import {
  type CaseMeasure,
  type MeasureChange,
  type MeasureType,
  type NewMeasure,
  playbookPath,
  useChangeMeasure,
  useHandbookPageIndex,
  useMeasureTypes,
  usePlanMeasure,
} from '../api/measures.ts';
import type { ExpertSpecialty } from '../api/types.ts';
import { localDayOf } from '../cases/case-times.ts';
import { ActionDialog } from '../components/ActionDialog.tsx';
import { specialtyLabel } from '../components/labels.ts';
import { currentLanguage } from '../i18n/index.ts';
import { AssessmentLink, type AssessmentLinkValue } from './AssessmentLink.tsx';
import { ExpertsSelect, InvitationNote, type MeasurePerson, OwnerSelect } from './MeasurePeople.tsx';

const sameIndexes = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((index, position) => index === b[position]);

/**
 * Plans a measure from the organisation's active catalogue (`measure` undefined), or changes one: what
 * exactly is done, who carries it out and who takes part (people off the team are invited and join only by
 * accepting), the due day, and the scenarios of a final assessment it answers. `onDone` gets the type's name.
 */
export function PlanMeasureDialog({
  detail,
  measure,
  onClose,
  onDone,
}: {
  detail: CaseDetail;
  measure?: CaseMeasure;
  onClose: () => void;
  onDone: (name: string) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const types = useMeasureTypes();
  const plan = usePlanMeasure(detail.id);
  const change = useChangeMeasure(detail.id);
  const mutation = measure ? change : plan;
  const [typeKey, setTypeKey] = useState<string | null>(measure?.typeKey ?? null);
  const [description, setDescription] = useState(measure?.description ?? '');
  const initialOwner: MeasurePerson | null = measure?.owner
    ? { ...measure.owner, role: '', specialty: null, onTeam: true }
    : null;
  const [owner, setOwner] = useState<MeasurePerson | null>(initialOwner);
  const [experts, setExperts] = useState<MeasurePerson[]>([]);
  const [dueOn, setDueOn] = useState(measure?.dueOn ?? '');
  const [link, setLink] = useState<AssessmentLinkValue>({
    assessmentId: measure?.assessmentId ?? null,
    scenarioIndexes: measure?.scenarioIndexes ?? [],
  });
  const [tried, setTried] = useState(false);

  const offered = (types.data?.types ?? []).filter((type) => type.active || type.key === measure?.typeKey);
  const type = offered.find((candidate) => candidate.key === typeKey) ?? null;
  const specialty = (type?.specialty ?? null) as ExpertSpecialty | null;
  const name = type?.names[language] ?? measure?.typeKey ?? '';
  const today = localDayOf(new Date());
  const dueChanged = dueOn !== (measure?.dueOn ?? '');
  const tooEarly = dueChanged && dueOn !== '' && dueOn < today;
  const ownerChanged = (owner?.id ?? null) !== (measure?.owner?.id ?? null);
  const involved = new Set((measure?.experts ?? []).map((expert) => expert.user.id));
  const invited = [...(ownerChanged && owner ? [owner] : []), ...experts].filter((person) => !person.onTeam);

  const submit = () => {
    setTried(true);
    if (typeKey === null || description.trim() === '' || tooEarly) return;
    const done = () => onDone(name);
    if (!measure) {
      const input: NewMeasure = { typeKey, description: description.trim() };
      if (owner) input.ownerId = owner.id;
      if (dueOn) input.dueOn = dueOn;
      if (experts.length > 0) input.expertIds = experts.map((person) => person.id);
      if (link.assessmentId) {
        input.assessmentId = link.assessmentId;
        input.scenarioIndexes = link.scenarioIndexes;
      }
      plan.mutate(input, { onSuccess: done });
      return;
    }
    const input: MeasureChange = {};
    if (description.trim() !== (measure.description ?? '')) input.description = description.trim();
    if (ownerChanged) input.ownerId = owner?.id ?? null;
    if (dueChanged) input.dueOn = dueOn === '' ? null : dueOn;
    if (experts.length > 0) input.addExpertIds = experts.map((person) => person.id);
    if (link.assessmentId !== measure.assessmentId) input.assessmentId = link.assessmentId;
    if (!sameIndexes(link.scenarioIndexes, measure.scenarioIndexes))
      input.scenarioIndexes = link.scenarioIndexes;
    if (Object.keys(input).length === 0) return done();
    change.mutate({ measureId: measure.id, ...input }, { onSuccess: done });
  };

  return (
    <ActionDialog
      title={measure ? t('measures.dialog.changeTitle', { name }) : t('measures.dialog.planTitle')}
      intro={measure ? undefined : t('measures.dialog.intro')}
      submitLabel={measure ? t('measures.dialog.submitChange') : t('measures.dialog.submitPlan')}
      pending={mutation.isPending}
      error={mutation.error ?? types.error}
      onClose={onClose}
      onSubmit={submit}
    >
      {!measure &&
        (types.isSuccess && offered.length === 0 ? (
          <Text size="sm" data-testid="no-measure-types">
            {t('measures.dialog.noTypes')}
          </Text>
        ) : (
          <Select
            label={t('measures.dialog.type')}
            placeholder={t('measures.dialog.typePlaceholder')}
            data={offered.map((option) => ({ value: option.key, label: option.names[language] }))}
            value={typeKey}
            onChange={setTypeKey}
            searchable
            required
            error={tried && typeKey === null ? t('measures.dialog.typeRequired') : undefined}
            comboboxProps={{ withinPortal: true }}
            maxDropdownHeight={320}
            data-autofocus
          />
        ))}
      {type && <TypeDescription type={type} />}
      <Textarea
        label={t('measures.dialog.description')}
        description={t('measures.dialog.descriptionHelp')}
        value={description}
        onChange={(event) => setDescription(event.currentTarget.value)}
        autosize
        minRows={3}
        maxRows={10}
        maxLength={4000}
        required
        error={tried && description.trim() === '' ? t('measures.dialog.required') : undefined}
        data-autofocus={measure ? true : undefined}
      />
      <OwnerSelect
        caseId={detail.id}
        specialty={specialty}
        mayInvite={detail.can.manage_team}
        seed={initialOwner ? [initialOwner] : []}
        value={owner?.id ?? null}
        onChange={setOwner}
        exclude={new Set(experts.map((person) => person.id))}
      />
      {measure && measure.experts.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('measures.dialog.currentExperts', {
            names: measure.experts.map((expert) => expert.user.name).join(', '),
          })}
        </Text>
      )}
      <ExpertsSelect
        caseId={detail.id}
        specialty={specialty}
        mayInvite={detail.can.manage_team}
        value={experts}
        onChange={setExperts}
        exclude={new Set([...(owner ? [owner.id] : []), ...involved])}
      />
      <InvitationNote invited={invited} />
      <TextInput
        type="date"
        label={t('measures.dialog.dueOn')}
        min={today}
        value={dueOn}
        onChange={(event) => setDueOn(event.currentTarget.value)}
        error={tooEarly ? t('measures.dialog.duePast') : undefined}
        maw={260}
      />
      <AssessmentLink caseId={detail.id} value={link} onChange={setLink} />
    </ActionDialog>
  );
}

/** The chosen type's description, the expert who usually carries it out, and its playbook. */
function TypeDescription({ type }: { type: MeasureType }) {
  const { t } = useTranslation();
  const pages = useHandbookPageIndex(type.playbookPageId !== null);
  return (
    <Paper withBorder p="sm" bg="gray.0" data-testid="measure-type-description">
      <Stack gap={4}>
        <Text size="sm">{type.descriptions[currentLanguage()]}</Text>
        {type.specialty && (
          <Text size="sm" c="dimmed">
            {t('measures.dialog.suggestedExpert', { specialty: specialtyLabel(t, type.specialty) })}
          </Text>
        )}
        {type.playbookPageId && (
          <Anchor
            component={Link}
            to={playbookPath(type.playbookPageId, pages.data)}
            target="_blank"
            size="sm"
          >
            {t('measures.dialog.playbook')}
          </Anchor>
        )}
      </Stack>
    </Paper>
  );
}
