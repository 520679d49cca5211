import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMayTakePart } from '../api/assessments.ts';
import { useSession } from '../api/auth.ts';
import type { CaseDetail } from '../api/cases.ts';
import {
  type CaseMeasure,
  isOpenMeasure,
  playbookPath,
  useChangeMeasure,
  useHandbookPageIndex,
  useMeasurePlan,
  useMeasureTypes,
} from '../api/measures.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { CancelMeasureDialog, CompleteMeasureDialog, MeasureNotesDialog } from './MeasureDialogs.tsx';
import { type MeasureAction, MeasureItem } from './MeasureItem.tsx';
import { PlanMeasureDialog } from './PlanMeasureDialog.tsx';

type Dialog =
  | { kind: 'plan' }
  | { kind: 'change' | 'complete' | 'cancel' | 'notes'; measure: CaseMeasure }
  | null;

/**
 * `/cases/:id?tab=measures`: the case's measure plan, open measures first (overdue ones marked red), then
 * the done and cancelled ones. The case's threat managers plan, change, cancel and reopen; whoever carries
 * a measure out starts it, keeps notes and completes it with an outcome and its effectiveness.
 */
export function CaseMeasuresTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const plan = useMeasurePlan(detail.id);
  const types = useMeasureTypes();
  const change = useChangeMeasure(detail.id);
  const { data: session } = useSession();
  const readsAssessments = useMayTakePart(session);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const measures = plan.data?.measures ?? [];
  const typeOf = (key: string) => types.data?.types.find((type) => type.key === key);
  const nameOf = (key: string) => typeOf(key)?.names[language] ?? key;
  const pages = useHandbookPageIndex(measures.some((measure) => typeOf(measure.typeKey)?.playbookPageId));
  const open = measures.filter(isOpenMeasure);
  const closed = measures.filter((measure) => !isOpenMeasure(measure));
  const overdue = open.filter((measure) => measure.overdue).length;

  const done = (text: string) => {
    setDialog(null);
    setNotice(text);
  };
  const act = (measure: CaseMeasure, action: MeasureAction) => {
    const name = nameOf(measure.typeKey);
    setNotice(null);
    switch (action) {
      case 'start':
        change.mutate(
          { measureId: measure.id, status: 'in_progress' },
          { onSuccess: () => setNotice(t('measures.tab.started', { name })) },
        );
        return;
      case 'reopen':
        change.mutate(
          { measureId: measure.id, status: measure.startedAt ? 'in_progress' : 'planned' },
          { onSuccess: () => setNotice(t('measures.tab.reopened', { name })) },
        );
        return;
      default:
        setDialog({ kind: action, measure });
    }
  };
  const items = (group: CaseMeasure[]) => (
    <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
      {group.map((measure) => {
        const playbookId = typeOf(measure.typeKey)?.playbookPageId ?? null;
        return (
          <MeasureItem
            key={measure.id}
            caseId={detail.id}
            measure={measure}
            name={nameOf(measure.typeKey)}
            playbook={playbookId ? playbookPath(playbookId, pages.data) : null}
            readsAssessments={readsAssessments}
            pending={change.isPending && change.variables?.measureId === measure.id}
            onAction={(action) => act(measure, action)}
          />
        );
      })}
    </Stack>
  );

  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4} maw={640}>
          <Title order={2} size="h3" id={headingId}>
            {t('measures.tab.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('measures.tab.intro')}
          </Text>
        </Stack>
        {plan.data?.can.plan && (
          <Button onClick={() => setDialog({ kind: 'plan' })}>{t('measures.tab.plan')}</Button>
        )}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {overdue > 0 && (
        <Alert color="red" variant="light" data-testid="measures-overdue">
          {t('measures.tab.overdueAlert', { count: overdue })}
        </Alert>
      )}
      <ErrorAlert error={change.error} />
      {plan.isPending ? (
        <Loading label={t('measures.tab.loading')} />
      ) : plan.isError ? (
        <ErrorAlert error={plan.error} title={t('measures.tab.errorTitle')} />
      ) : measures.length === 0 ? (
        <Text data-testid="measures-empty">
          {plan.data.can.plan ? t('measures.tab.empty') : t('measures.tab.emptyReadOnly')}
        </Text>
      ) : (
        <>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('measures.tab.open', { count: open.length })}
            </Title>
            {open.length === 0 ? <Text size="sm">{t('measures.tab.noneOpen')}</Text> : items(open)}
          </Stack>
          {closed.length > 0 && (
            <Stack gap="xs">
              <Title order={3} size="h4">
                {t('measures.tab.closed', { count: closed.length })}
              </Title>
              {items(closed)}
            </Stack>
          )}
        </>
      )}
      {dialog?.kind === 'plan' && (
        <PlanMeasureDialog
          detail={detail}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('measures.tab.planned', { name }))}
        />
      )}
      {dialog?.kind === 'change' && (
        <PlanMeasureDialog
          detail={detail}
          measure={dialog.measure}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('measures.tab.changed', { name }))}
        />
      )}
      {dialog && dialog.kind !== 'plan' && dialog.kind !== 'change' && (
        <EndingDialog
          kind={dialog.kind}
          caseId={detail.id}
          measure={dialog.measure}
          name={nameOf(dialog.measure.typeKey)}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      )}
    </Stack>
  );
}

function EndingDialog({
  kind,
  caseId,
  measure,
  name,
  onClose,
  onDone,
}: {
  kind: 'complete' | 'cancel' | 'notes';
  caseId: string;
  measure: CaseMeasure;
  name: string;
  onClose: () => void;
  onDone: (notice: string) => void;
}) {
  const { t } = useTranslation();
  const props = { caseId, measure, name, onClose };
  switch (kind) {
    case 'complete':
      return (
        <CompleteMeasureDialog {...props} onDone={() => onDone(t('measures.tab.completed', { name }))} />
      );
    case 'cancel':
      return <CancelMeasureDialog {...props} onDone={() => onDone(t('measures.tab.cancelled', { name }))} />;
    case 'notes':
      return <MeasureNotesDialog {...props} onDone={() => onDone(t('measures.tab.notesSaved', { name }))} />;
  }
}
