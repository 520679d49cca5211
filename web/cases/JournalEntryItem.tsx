import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { JournalEntry } from '../api/case-file.ts';
import { currentLanguage } from '../i18n/index.ts';
import { isMeasureEntry, MeasureJournalLine } from '../measures/MeasureJournalLine.tsx';
import { useLevelText } from './CaseBadges.tsx';
import { formatMoment } from './case-times.ts';

const kindColor: Partial<Record<JournalEntry['kind'], string>> = {
  note: 'blue',
  call: 'grape',
  meeting: 'indigo',
  correction: 'orange',
  status_changed: 'violet',
  document_added: 'cyan',
  document_version_added: 'cyan',
  assessment_started: 'teal',
  assessment_finalised: 'teal',
  measure_planned: 'green',
  measure_started: 'green',
  measure_done: 'green',
  measure_cancelled: 'gray',
  measure_reopened: 'green',
  measure_overdue: 'red',
  measure_expert_answered: 'green',
  legal_hold_set: 'orange',
  legal_hold_lifted: 'gray',
  processing_restricted: 'orange',
  processing_restriction_lifted: 'gray',
};

/** The element id of an entry, for "corrects" and "corrected by" links. */
export const entryElementId = (id: string) => `journal-entry-${id}`;

/** Brings an entry shown on the page into view and moves the focus to it. */
function jumpTo(event: MouseEvent<HTMLAnchorElement>, id: string) {
  const target = document.getElementById(entryElementId(id));
  if (!target) return;
  event.preventDefault();
  target.scrollIntoView({ block: 'center' });
  target.focus({ preventScroll: true });
}

/**
 * One journal entry: its kind, when it happened and who wrote it, what it says, and how it relates to its
 * corrections. `loaded` finds the entries it links to among those on the page (for their time).
 */
export function JournalEntryItem({
  entry,
  loaded,
  onCorrect,
}: {
  entry: JournalEntry;
  loaded: ReadonlyMap<string, JournalEntry>;
  onCorrect?: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const when = formatMoment(entry.occurredAt, language);
  const kind = t(`cases.journal.kinds.${entry.kind}`);
  // A call written down later says when it was written too.
  const writtenLater =
    new Date(entry.recordedAt).getTime() - new Date(entry.occurredAt).getTime() > 5 * 60_000;
  const corrected = entry.corrects ? loaded.get(entry.corrects) : undefined;
  return (
    <Paper
      component="li"
      id={entryElementId(entry.id)}
      tabIndex={-1}
      withBorder
      p="md"
      data-testid="journal-entry"
      data-kind={entry.kind}
      style={entry.managersOnly ? { borderLeft: '4px solid var(--mantine-color-orange-7)' } : undefined}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap" justify="space-between" align="flex-start">
          <Group gap="xs" wrap="wrap">
            <Badge variant="light" radius="sm" color={kindColor[entry.kind] ?? 'gray'}>
              {kind}
            </Badge>
            {entry.managersOnly && (
              <Badge
                variant="filled"
                radius="sm"
                color="orange.9"
                title={t('cases.journal.managersOnlyHint')}
                data-testid="managers-only"
              >
                {t('cases.journal.managersOnly')}
              </Badge>
            )}
            <Text size="sm" fw={600}>
              <time dateTime={entry.occurredAt}>{when}</time>
            </Text>
            <Text size="sm" c="dimmed">
              {entry.author
                ? t('cases.journal.by', { name: entry.author.name })
                : t('cases.journal.bySystem')}
              {writtenLater &&
                ` · ${t('cases.journal.recordedLater', { when: formatMoment(entry.recordedAt, language) })}`}
            </Text>
          </Group>
          {onCorrect && (
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={onCorrect}
              aria-label={t('cases.journal.correctLabel', { kind, when })}
            >
              {t('cases.journal.correct')}
            </Button>
          )}
        </Group>
        <EntryBody entry={entry} />
        {entry.participants && (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {t('cases.journal.participants', { names: entry.participants })}
          </Text>
        )}
        {entry.corrects && (
          <Text size="sm">
            <Anchor
              href={`#${entryElementId(entry.corrects)}`}
              onClick={(event) => jumpTo(event, entry.corrects ?? '')}
            >
              {corrected
                ? t('cases.journal.corrects', { when: formatMoment(corrected.occurredAt, language) })
                : t('cases.journal.correctsUnknown')}
            </Anchor>
          </Text>
        )}
        {entry.correctedBy.map((id) => {
          const correction = loaded.get(id);
          return (
            <Text size="sm" key={id} c="orange.9" fw={600}>
              <Anchor
                href={`#${entryElementId(id)}`}
                onClick={(event) => jumpTo(event, id)}
                c="orange.9"
                inherit
              >
                {correction
                  ? t('cases.journal.correctedBy', { when: formatMoment(correction.recordedAt, language) })
                  : t('cases.journal.correctedByUnknown')}
              </Anchor>
            </Text>
          );
        })}
      </Stack>
    </Paper>
  );
}

/** What the entry says: the text people wrote, or the change the case's actions recorded. */
function EntryBody({ entry }: { entry: JournalEntry }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { facts } = entry;
  const name = entry.user?.name || t('cases.journal.someone');
  const lines: string[] = [];
  switch (entry.kind) {
    case 'status_changed':
      if (facts.statusFrom && facts.statusTo)
        lines.push(
          t('cases.journal.statusChange', {
            from: t(`cases.statuses.${facts.statusFrom}`),
            to: t(`cases.statuses.${facts.statusTo}`),
          }),
        );
      break;
    case 'details_changed':
      lines.push(
        t('cases.journal.detailsChange', {
          fields: (facts.changed ?? []).map((field) => fieldLabel(t, field)).join(', '),
        }),
      );
      break;
    case 'owner_changed':
      lines.push(t('cases.journal.ownerChange', { name }));
      break;
    case 'team_member_added':
      lines.push(
        facts.expiresAt
          ? t('cases.journal.memberOnTeamUntil', { name, date: formatMoment(facts.expiresAt, language) })
          : t('cases.journal.memberOnTeam', { name }),
      );
      break;
    case 'team_member_removed':
      lines.push(t('cases.journal.memberRemoved', { name }));
      break;
    case 'team_member_expired':
      lines.push(t('cases.journal.memberExpired', { name }));
      break;
    case 'report_linked':
      if (!entry.report) lines.push(t('cases.journal.reportGone'));
      break;
    case 'processing_restricted':
    case 'processing_restriction_lifted':
      if (entry.person)
        lines.push(
          t(`cases.journal.${entry.kind === 'processing_restricted' ? 'restricted' : 'restrictionLifted'}`, {
            pseudonym: entry.person.pseudonym,
            role: t(`cases.personRoles.${entry.person.role}`),
          }),
        );
      break;
    case 'legal_hold_set':
      lines.push(t('cases.journal.legalHoldSet'));
      break;
    case 'legal_hold_lifted':
      lines.push(t('cases.journal.legalHoldLifted'));
      break;
    case 'person_added':
    case 'person_changed':
    case 'person_removed':
      if (entry.person) {
        const about = {
          pseudonym: entry.person.pseudonym,
          role: t(`cases.personRoles.${entry.person.role}`),
        };
        const key = {
          person_added: 'cases.journal.personAdded',
          person_changed: 'cases.journal.personChanged',
          person_removed: 'cases.journal.personRemoved',
        } as const;
        lines.push(t(key[entry.kind], about));
      }
      break;
    case 'task_created':
    case 'task_done': {
      const title = entry.task?.title ?? t('cases.journal.taskUnnamed');
      if (entry.kind === 'task_done') lines.push(t('cases.journal.taskDone', { title }));
      else if (entry.user) lines.push(t('cases.journal.taskCreatedFor', { title, name }));
      else lines.push(t('cases.journal.taskCreated', { title }));
      break;
    }
    default:
      break;
  }
  return (
    <>
      {lines.map((line) => (
        <Text key={line} size="sm" fw={500}>
          {line}
        </Text>
      ))}
      {entry.kind === 'case_opened' && entry.report && (
        <Text size="sm" fw={500}>
          <Anchor component={Link} to={`/reports/${entry.report.id}`} inherit>
            {t('cases.journal.openedFrom', { reference: entry.report.reference })}
          </Anchor>
        </Text>
      )}
      {(entry.kind === 'document_added' || entry.kind === 'document_version_added') && (
        <DocumentLine entry={entry} />
      )}
      {(entry.kind === 'assessment_started' || entry.kind === 'assessment_finalised') && (
        <AssessmentLine entry={entry} />
      )}
      {isMeasureEntry(entry) && <MeasureJournalLine entry={entry} />}
      {entry.kind === 'report_linked' && entry.report && (
        <Text size="sm" fw={500}>
          <Anchor component={Link} to={`/reports/${entry.report.id}`} inherit>
            {t('cases.journal.reportLinked', { reference: entry.report.reference })}
          </Anchor>
        </Text>
      )}
      {entry.text !== null ? (
        <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{entry.text}</Text>
      ) : (
        isTextual(entry.kind) && (
          <Text size="sm" fs="italic" c="dimmed">
            {t('cases.journal.unreadableText')}
          </Text>
        )
      )}
    </>
  );
}

/** A document added or a new version of it, linked to the documents tab. */
function DocumentLine({ entry }: { entry: JournalEntry }) {
  const { t } = useTranslation();
  const { document } = entry;
  if (!document)
    return (
      <Text size="sm" c="dimmed">
        {t('cases.journal.documentGone')}
      </Text>
    );
  const title = document.title ?? t('cases.journal.documentUnnamed');
  return (
    <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
      <Anchor component={Link} to="?tab=documents" inherit>
        {entry.kind === 'document_added'
          ? t('cases.journal.documentAdded', { title })
          : t('cases.journal.documentVersionAdded', { title, version: document.version })}
      </Anchor>
    </Text>
  );
}

/** An assessment started or decided (with the level decided, 1–4), linked to the assessments tab. */
function AssessmentLine({ entry }: { entry: JournalEntry }) {
  const { t } = useTranslation();
  const levelText = useLevelText();
  const { assessmentId, level } = entry.facts;
  const line =
    entry.kind === 'assessment_finalised'
      ? t('cases.journal.assessmentFinalised', { level: levelText(level ?? null) })
      : t('cases.journal.assessmentStarted');
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={500}>
        {line}
      </Text>
      {assessmentId && (
        <Anchor
          component={Link}
          to={`?${new URLSearchParams({ tab: 'assessments', assessment: assessmentId })}`}
          size="sm"
        >
          {t('cases.journal.openAssessment')}
        </Anchor>
      )}
    </Group>
  );
}

/** Kinds that always carry text (a status change carries its reason). */
const isTextual = (kind: JournalEntry['kind']) =>
  kind === 'note' ||
  kind === 'call' ||
  kind === 'meeting' ||
  kind === 'correction' ||
  kind === 'status_changed';

const knownFields = ['title', 'summary', 'category', 'tags', 'dueOn'] as const;
type KnownField = (typeof knownFields)[number];
const isKnownField = (field: string): field is KnownField =>
  (knownFields as readonly string[]).includes(field);

function fieldLabel(t: TFunction, field: string): string {
  return isKnownField(field) ? t(`cases.journal.fields.${field}`) : field;
}
