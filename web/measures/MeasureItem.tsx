import { Anchor, Button, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAssessment } from '../api/assessments.ts';
import { type CaseMeasure, isOpenMeasure } from '../api/measures.ts';
import { formatMoment } from '../cases/case-times.ts';
import { currentLanguage } from '../i18n/index.ts';
import { Day } from '../reports/ReportBits.tsx';
import { ConsentBadge, EffectivenessBadge, MeasureStatusBadge, OverdueBadge } from './MeasureBadges.tsx';

export type MeasureAction = 'start' | 'complete' | 'notes' | 'change' | 'cancel' | 'reopen';

/**
 * One measure of the plan as a card: its type, what is done, who carries it out and who takes part (with
 * their answer to the invitation), the due day (red once overdue), the scenarios it answers, and once done
 * its outcome and effectiveness; the actions the server allows the user (`can`) below.
 */
export function MeasureItem({
  caseId,
  measure,
  name,
  playbook,
  readsAssessments,
  pending,
  onAction,
}: {
  caseId: string;
  measure: CaseMeasure;
  /** The type's name in the interface language. */
  name: string;
  /** The handbook address of the type's playbook, if it has one. */
  playbook: string | null;
  /** Whether the user takes part in assessments (and so reads the scenarios' texts). */
  readsAssessments: boolean;
  pending: boolean;
  onAction: (action: MeasureAction) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const open = isOpenMeasure(measure);
  const when = (iso: string) => formatMoment(iso, language);
  const closedLine = (() => {
    if (!measure.completedAt) return null;
    const at = when(measure.completedAt);
    if (measure.status === 'done')
      return measure.completedBy
        ? t('measures.item.completedBy', { name: measure.completedBy.name, when: at })
        : t('measures.item.completedAt', { when: at });
    if (measure.status === 'cancelled')
      return measure.completedBy
        ? t('measures.item.cancelledBy', { name: measure.completedBy.name, when: at })
        : t('measures.item.cancelledAt', { when: at });
    return null;
  })();
  const button = (action: MeasureAction, label: string, aria: string, variant = 'default') => (
    <Button
      variant={variant}
      size="xs"
      disabled={pending}
      onClick={() => onAction(action)}
      aria-label={aria}
      color={action === 'cancel' ? 'red' : undefined}
    >
      {label}
    </Button>
  );
  const { can } = measure;
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      aria-labelledby={headingId}
      data-testid="measure"
      data-type={measure.typeKey}
      data-status={measure.status}
      data-overdue={measure.overdue}
      style={measure.overdue ? { borderLeft: '4px solid var(--mantine-color-red-8)' } : undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" gap="xs">
          <Group gap="xs" align="center" wrap="wrap" miw={0}>
            <Title order={4} size="h5" id={headingId} style={{ overflowWrap: 'anywhere' }}>
              {name}
            </Title>
            <MeasureStatusBadge status={measure.status} />
            {measure.overdue && <OverdueBadge />}
          </Group>
          {playbook && (
            <Anchor
              component={Link}
              to={playbook}
              size="sm"
              aria-label={t('measures.item.playbookLabel', { name })}
              data-testid="measure-playbook"
            >
              {t('measures.item.playbook')}
            </Anchor>
          )}
        </Group>
        {measure.description !== null ? (
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{measure.description}</Text>
        ) : (
          <Text size="sm" fs="italic" c="dimmed">
            {t('measures.item.unreadable')}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md" verticalSpacing="xs">
          <Fact label={t('measures.item.owner')}>
            <Text size="sm" data-testid="measure-owner">
              {measure.owner?.name ?? t('measures.item.noOwner')}
            </Text>
            {measure.owner && <OwnerConsent measure={measure} />}
          </Fact>
          <Fact label={t('measures.item.due')}>
            {measure.dueOn ? (
              <Text
                size="sm"
                c={measure.overdue ? 'red.8' : undefined}
                fw={measure.overdue ? 700 : undefined}
                data-testid="measure-due"
              >
                <Day day={measure.dueOn} />
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('measures.item.noDue')}
              </Text>
            )}
          </Fact>
          <Fact label={t('measures.item.experts')}>
            <Experts measure={measure} />
          </Fact>
        </SimpleGrid>
        {measure.assessmentId && measure.scenarioIndexes.length > 0 && (
          <Scenarios
            caseId={caseId}
            assessmentId={readsAssessments ? measure.assessmentId : null}
            indexes={measure.scenarioIndexes}
          />
        )}
        {!open && measure.outcome !== null && (
          <Fact label={t(measure.status === 'done' ? 'measures.item.outcome' : 'measures.item.cancelReason')}>
            <Text
              size="sm"
              style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              data-testid="measure-outcome"
            >
              {measure.outcome}
            </Text>
          </Fact>
        )}
        {measure.status === 'done' && measure.effectiveness && (
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {t('measures.item.effectiveness')}:
            </Text>
            <EffectivenessBadge effectiveness={measure.effectiveness} />
          </Group>
        )}
        {measure.notes !== null && (
          <Fact label={t('measures.item.notes')}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {measure.notes}
            </Text>
          </Fact>
        )}
        <Group justify="space-between" align="flex-end" gap="xs">
          <Text size="xs" c="dimmed">
            {closedLine ??
              (measure.createdBy
                ? t('measures.item.plannedBy', {
                    name: measure.createdBy.name,
                    when: when(measure.createdAt),
                  })
                : t('measures.item.plannedAt', { when: when(measure.createdAt) }))}
            {open &&
              measure.startedAt &&
              ` · ${t('measures.item.startedAt', { when: when(measure.startedAt) })}`}
          </Text>
          <Group gap="xs">
            {open &&
              can.carry_out &&
              measure.status === 'planned' &&
              button('start', t('measures.item.start'), t('measures.item.startLabel', { name }))}
            {open &&
              can.carry_out &&
              button('notes', t('measures.item.notesAction'), t('measures.item.notesLabel', { name }))}
            {open &&
              can.change &&
              button('change', t('measures.item.change'), t('measures.item.changeLabel', { name }))}
            {open &&
              can.change &&
              button('cancel', t('measures.item.cancel'), t('measures.item.cancelLabel', { name }), 'subtle')}
            {open &&
              can.carry_out &&
              button(
                'complete',
                t('measures.item.complete'),
                t('measures.item.completeLabel', { name }),
                'filled',
              )}
            {!open &&
              can.change &&
              button('reopen', t('measures.item.reopen'), t('measures.item.reopenLabel', { name }))}
          </Group>
        </Group>
      </Stack>
    </Paper>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** An owner invited off the team: whether they accepted yet (their invitation is among the experts). */
function OwnerConsent({ measure }: { measure: CaseMeasure }) {
  const invitation = measure.experts.find((expert) => expert.user.id === measure.owner?.id);
  return invitation ? <ConsentBadge consent={invitation.consent} /> : null;
}

/** The experts taking part, other than the owner, each with their answer to the invitation. */
function Experts({ measure }: { measure: CaseMeasure }) {
  const { t } = useTranslation();
  const others = measure.experts.filter((expert) => expert.user.id !== measure.owner?.id);
  if (others.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('measures.item.noExperts')}
      </Text>
    );
  return (
    <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
      {others.map((expert) => (
        <Group component="li" key={expert.user.id} gap={6} wrap="wrap" data-testid="measure-expert">
          <Text size="sm">{expert.user.name}</Text>
          <ConsentBadge consent={expert.consent} />
        </Group>
      ))}
    </Stack>
  );
}

/**
 * The scenarios of the final assessment that the measure answers, in the judgement's words; by number only
 * for whoever does not take part in assessments (`assessmentId` null).
 */
function Scenarios({
  caseId,
  assessmentId,
  indexes,
}: {
  caseId: string;
  assessmentId: string | null;
  indexes: readonly number[];
}) {
  const { t } = useTranslation();
  const assessment = useAssessment(caseId, assessmentId);
  const texts = assessment.data?.judgement?.scenarios;
  const decidedAt = assessment.data?.decidedAt;
  return (
    <Stack gap={2} data-testid="measure-scenarios">
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" style={{ letterSpacing: '0.03em' }}>
        {t('measures.item.scenarios')}
        {decidedAt && (
          <Text span size="xs" fw={400} tt="none">
            {' '}
            {t('measures.item.scenariosOf', { when: formatMoment(decidedAt, currentLanguage()) })}
          </Text>
        )}
      </Text>
      <List size="sm" spacing={2}>
        {indexes.map((index) => (
          <List.Item key={index}>
            {texts?.[index] ??
              t(assessmentId ? 'measures.item.scenario' : 'measures.item.scenarioHidden', {
                number: index + 1,
              })}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
