import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api/cases.ts';
import { FactsCard } from '../components/FactsCard.tsx';
import { Day } from '../reports/ReportBits.tsx';
import { CaseStatusBadge, LevelBadge } from './CaseBadges.tsx';
import { CaseDetailsDialog } from './CaseDetailsDialog.tsx';
import { useCategoryLabel } from './categories.ts';
import { StatusChangeDialog } from './StatusChangeDialog.tsx';

type Dialog = 'status' | 'details';

/**
 * What the case is: its facts (unless the page shows them in its side column) and summary; for whoever manages
 * it, changing the status and the details.
 */
export function CaseOverviewTab({ detail, withFacts = true }: { detail: CaseDetail; withFacts?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Dialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => {
    setOpen(null);
    setNotice(text);
  };
  const closed = detail.status === 'closed';
  return (
    <Stack gap="lg">
      {detail.can.manage && (
        <div>
          <Group gap="sm">
            <Button variant={closed ? 'filled' : 'default'} onClick={() => setOpen('status')}>
              {closed ? t('cases.overview.reopen') : t('cases.overview.changeStatus')}
            </Button>
            <Button variant="default" onClick={() => setOpen('details')}>
              {t('cases.overview.editDetails')}
            </Button>
          </Group>
          <div role="status">
            {notice && (
              <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)} mt="md">
                {notice}
              </Alert>
            )}
          </div>
        </div>
      )}
      {withFacts && <CaseFacts detail={detail} />}
      {detail.can.read && <CaseSummary detail={detail} />}
      {open === 'status' && (
        <StatusChangeDialog
          detail={detail}
          onClose={() => setOpen(null)}
          onDone={(status) =>
            done(t('cases.overview.statusChanged', { status: t(`cases.statuses.${status}`) }))
          }
        />
      )}
      {open === 'details' && (
        <CaseDetailsDialog
          detail={detail}
          onClose={() => setOpen(null)}
          onDone={() => done(t('cases.overview.detailsSaved'))}
        />
      )}
    </Stack>
  );
}

/** The case's facts: reference, title, status, level, category, tags, unit, owner and its days. */
export function CaseFacts({ detail, labelWidth }: { detail: CaseDetail; labelWidth?: number }) {
  const { t } = useTranslation();
  const categoryLabel = useCategoryLabel();
  const withheld = t('cases.withheld.short');
  const content = detail.can.read;
  const facts: [string, ReactNode][] = [
    [
      t('cases.overview.reference'),
      <Text key="reference" ff="monospace" fw={700} size="sm" span>
        {detail.reference}
      </Text>,
    ],
    [t('cases.overview.title'), detail.title ?? withheld],
    [t('cases.overview.status'), <CaseStatusBadge key="status" status={detail.status} />],
  ];
  if (content) {
    facts.push(
      // The header shows the level too; the page's one `case-level` is the header's.
      [t('cases.level.label'), <LevelBadge key="level" level={detail.level} testId="case-facts-level" />],
      [
        t('cases.overview.category'),
        detail.category ? categoryLabel(detail.category) : t('cases.overview.noCategory'),
      ],
      [
        t('cases.overview.tags'),
        detail.tags.length === 0 ? (
          t('cases.overview.noTags')
        ) : (
          <Group key="tags" gap={6} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {detail.tags.map((tag) => (
              <Badge key={tag} component="li" variant="outline" color="gray" radius="sm" tt="none">
                {tag}
              </Badge>
            ))}
          </Group>
        ),
      ],
    );
  }
  facts.push(
    [t('cases.overview.unit'), detail.unit.name],
    [t('cases.overview.owner'), detail.owner?.name ?? t('cases.overview.noOwner')],
  );
  if (content)
    facts.push([
      t('cases.overview.dueOn'),
      detail.dueOn ? <Day key="due" day={detail.dueOn} /> : t('cases.overview.noDueDate'),
    ]);
  facts.push([t('cases.overview.opened'), <Day key="opened" day={detail.createdAt.slice(0, 10)} />]);
  if (detail.closedAt)
    facts.push([t('cases.overview.closedAt'), <Day key="closed" day={detail.closedAt.slice(0, 10)} />]);
  if (detail.closingOutcome)
    facts.push([t('retention.closingOutcome'), t(`retention.outcomeLabels.${detail.closingOutcome}`)]);
  return <FactsCard heading={t('cases.overview.detailsHeading')} facts={facts} labelWidth={labelWidth} />;
}

function CaseSummary({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="sm">
        <Title order={2} size="h3" id={headingId}>
          {t('cases.overview.summaryHeading')}
        </Title>
        {detail.summary ? (
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{detail.summary}</Text>
        ) : (
          <Text size="sm" c="dimmed">
            {detail.can.manage ? t('cases.overview.noSummaryManage') : t('cases.overview.noSummary')}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
