import { Alert, Badge, Box, Button, Grid, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AssessmentDetail, useAssessment, useDiscardAssessment } from '../api/assessments.ts';
import type { CaseDetail } from '../api/cases.ts';
import { formatMoment } from '../cases/case-times.ts';
import { ActionDialog, ErrorAlert } from '../components/ActionDialog.tsx';
import { explainError } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { AssessmentForm } from './AssessmentForm.tsx';
import { StatusBadge, TabBackLink } from './bits.tsx';
import { ExternalBadge, ExternalResultView } from './ExternalResult.tsx';
import { EvidenceProvider } from './evidence.tsx';
import { JudgementForm, JudgementView } from './Judgement.tsx';
import { answeredCount, definitionOf, itemsOf, localised } from './model-text.ts';
import { SuggestionPanel } from './SuggestionPanel.tsx';
import { type SaveState, useAnswerDraft } from './useAnswerDraft.ts';

/**
 * One assessment of the case. A draft the user may answer: the items with the answers saved as they go and
 * the suggestion beside them, updated with every save; below, the final judgement for those who make it. A
 * decided assessment (or one the user may only read): answers, the stored trace and the judgement.
 */
export function AssessmentView({
  detail: caseDetail,
  assessmentId,
  onBack,
  onNotice,
}: {
  detail: CaseDetail;
  assessmentId: string;
  onBack: () => void;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const found = useAssessment(caseDetail.id, assessmentId);
  if (found.isPending) return <Loading label={t('assessments.view.loading')} />;
  if (found.isError)
    return (
      <Stack gap="sm">
        <TabBackLink onClick={onBack} label={t('assessments.view.back')} />
        <ErrorAlert
          error={found.error}
          title={t('assessments.view.loadError')}
          onRetry={() => void found.refetch()}
        />
      </Stack>
    );
  return (
    <EvidenceProvider
      detail={caseDetail}
      loadNow={found.data.status !== 'draft' || !found.data.can.contribute}
      key={found.data.id}
    >
      {found.data.status === 'draft' && found.data.can.contribute ? (
        <DraftView caseDetail={caseDetail} detail={found.data} onBack={onBack} onNotice={onNotice} />
      ) : (
        <DecidedView caseDetail={caseDetail} detail={found.data} onBack={onBack} onNotice={onNotice} />
      )}
    </EvidenceProvider>
  );
}

function Header({
  detail,
  onBack,
  extra,
}: {
  detail: AssessmentDetail;
  onBack: () => void;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const external = detail.external;
  const title = detail.model
    ? t('assessments.view.title', {
        title: localised(detail.model.title, language),
        version: detail.model.version,
      })
    : external
      ? t('assessments.external.title', {
          instrument: external.instrumentName,
          version: external.instrumentVersion,
        })
      : t('assessments.list.external');
  return (
    <Stack gap="xs">
      <TabBackLink onClick={onBack} label={t('assessments.view.back')} />
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Group gap="xs" align="center">
            <Title order={2} size="h3" data-testid="assessment-title">
              {title}
            </Title>
            {detail.kind === 'external' ? <ExternalBadge /> : <StatusBadge status={detail.status} />}
          </Group>
          <Text size="sm" c="dimmed">
            {t(detail.kind === 'external' ? 'assessments.external.recordedBy' : 'assessments.view.started', {
              when: formatMoment(detail.startedAt, language),
              name: detail.startedBy?.name || t('assessments.list.someone'),
            })}
            {detail.model && (
              <>
                {' · '}
                <span title={detail.model.contentHash}>
                  {t('assessments.view.modelHash', { hash: shortHash(detail.model.contentHash) })}
                </span>
              </>
            )}
          </Text>
        </Stack>
        {extra}
      </Group>
      {detail.unreadable.length > 0 && (
        <Alert color="red" variant="light">
          {t('assessments.view.unreadable', { fields: detail.unreadable.join(', ') })}
        </Alert>
      )}
    </Stack>
  );
}

/** `sha256:7f4c…` → `7f4c1a2b3c4d`: enough to tell versions apart; the whole hash in the title. */
export const shortHash = (hash: string) => hash.replace(/^sha256:/, '').slice(0, 12);

function DraftView({
  caseDetail,
  detail,
  onBack,
  onNotice,
}: {
  caseDetail: CaseDetail;
  detail: AssessmentDetail;
  onBack: () => void;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const draft = useAnswerDraft(caseDetail.id, detail);
  const discard = useDiscardAssessment(caseDetail.id);
  const [discarding, setDiscarding] = useState(false);
  // Items the server named when it refused the judgement for a missing note or evidence.
  const [unsupported, setUnsupported] = useState<ReadonlySet<string>>(() => new Set());
  const definition = definitionOf(detail);
  if (!definition)
    return (
      <Stack gap="md">
        <Header detail={detail} onBack={onBack} />
        <Alert color="red">{t('assessments.view.noDefinition')}</Alert>
      </Stack>
    );
  const total = itemsOf(definition).length;
  return (
    <Stack gap="lg">
      <Header
        detail={detail}
        onBack={onBack}
        extra={
          detail.can.discard && (
            <Button variant="default" color="red" onClick={() => setDiscarding(true)}>
              {t('assessments.view.discard')}
            </Button>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <Group gap="sm" justify="space-between">
              <Text size="sm" fw={500} data-testid="answered-count">
                {t('assessments.view.answered', {
                  answered: answeredCount(definition, draft.answers),
                  total,
                })}
              </Text>
              <SaveStatus state={draft.state} />
            </Group>
            {draft.state === 'failed' && draft.error && (
              <Alert color="red" variant="light" role="alert">
                <Stack gap="xs" align="flex-start">
                  <Text size="sm">
                    {t('assessments.view.saveFailed', { message: explainError(draft.error, t).message })}
                  </Text>
                  <Button size="xs" variant="default" onClick={() => void draft.flush()}>
                    {t('assessments.view.retry')}
                  </Button>
                </Stack>
              </Alert>
            )}
            <AssessmentForm
              definition={definition}
              answers={draft.answers}
              onChange={draft.change}
              flagged={unsupported}
            />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          {/* Beside the items while they are answered; scrolls on its own when taller than the window. */}
          <Box
            tabIndex={0}
            aria-label={t('assessments.suggestion.heading')}
            style={{
              position: 'sticky',
              top: 76,
              maxHeight: 'calc(100vh - 92px)',
              overflowY: 'auto',
            }}
          >
            <SuggestionPanel computed={detail.computed} definition={definition} live />
          </Box>
        </Grid.Col>
      </Grid>
      {detail.can.finalise ? (
        <JudgementForm
          caseId={caseDetail.id}
          detail={detail}
          beforeSubmit={draft.flush}
          onDone={(message) => {
            onNotice(message);
          }}
          onSupportMissing={(itemIds) => setUnsupported(new Set(itemIds))}
        />
      ) : (
        <Text size="sm" c="dimmed">
          {t('assessments.judgement.notAllowed')}
        </Text>
      )}
      {discarding && (
        <ActionDialog
          title={t('assessments.view.discardTitle')}
          intro={t('assessments.view.discardText')}
          submitLabel={t('assessments.view.discardConfirm')}
          submitColor="red"
          pending={discard.isPending}
          error={discard.error}
          onClose={() => setDiscarding(false)}
          onSubmit={() =>
            // The view goes away with the draft: what follows comes from the promise, which outlives it.
            void discard.mutateAsync(detail.id).then(
              () => {
                onNotice(t('assessments.view.discarded'));
                onBack();
              },
              () => undefined,
            )
          }
        >
          {null}
        </ActionDialog>
      )}
    </Stack>
  );
}

function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  const text = {
    saved: t('assessments.view.saved'),
    pending: t('assessments.view.unsaved'),
    saving: t('assessments.view.saving'),
    failed: t('assessments.view.unsaved'),
  }[state];
  return (
    <Group gap={6} role="status" data-testid="save-state" data-state={state}>
      {state === 'saving' && <Loader size="xs" aria-hidden="true" />}
      <Badge
        variant="light"
        color={state === 'saved' ? 'teal' : state === 'failed' ? 'red' : 'gray'}
        radius="sm"
        tt="none"
      >
        {text}
      </Badge>
    </Group>
  );
}

function DecidedView({
  caseDetail,
  detail,
  onBack,
  onNotice,
}: {
  caseDetail: CaseDetail;
  detail: AssessmentDetail;
  onBack: () => void;
  onNotice: (message: string) => void;
}) {
  const { t } = useTranslation();
  const definition = definitionOf(detail);
  if (detail.kind === 'external')
    return (
      <Stack gap="lg">
        <Header detail={detail} onBack={onBack} />
        <Alert color="gray" variant="light">
          {t('assessments.external.readOnly')}
        </Alert>
        <ExternalResultView detail={detail} />
      </Stack>
    );
  return (
    <Stack gap="lg">
      <Header detail={detail} onBack={onBack} />
      <Alert color="gray" variant="light">
        {detail.status === 'draft'
          ? t('assessments.view.readOnlyDraft')
          : detail.status === 'awaiting_sign_off'
            ? t('assessments.view.readOnlyAwaiting')
            : t('assessments.view.readOnly')}
      </Alert>
      {detail.status !== 'draft' && (
        <JudgementView caseId={caseDetail.id} detail={detail} onNotice={onNotice} />
      )}
      {definition ? (
        <Grid gap="lg" align="flex-start">
          <Grid.Col span={{ base: 12, md: 7 }}>
            <AssessmentForm definition={definition} answers={detail.answers} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Box style={{ position: 'sticky', top: 76 }}>
              <SuggestionPanel computed={detail.computed} definition={definition} live={false} />
            </Box>
          </Grid.Col>
        </Grid>
      ) : (
        <Alert color="red">{t('assessments.view.noDefinition')}</Alert>
      )}
    </Stack>
  );
}
