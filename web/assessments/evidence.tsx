import { MultiSelect, Text } from '@mantine/core';
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EvidenceLink } from '../api/assessments.ts';
import { isWritten, useJournal } from '../api/case-file.ts';
import type { CaseDetail } from '../api/cases.ts';
import { useCaseDocuments } from '../api/documents.ts';
import { formatMoment } from '../cases/case-times.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatDay } from '../reports/format.ts';

// Evidence for an answer: the case's reports, written journal entries and documents, picked by name. The
// journal and the documents are loaded only once someone opens an item's note and evidence (each read of
// the documents is audited), or when a decided assessment shows the evidence it links.

type Kind = EvidenceLink['kind'];
const kinds: readonly Kind[] = ['report', 'journal', 'document'];

export const evidenceKey = (link: EvidenceLink) => `${link.kind}:${link.id}`;

function linkOf(value: string): EvidenceLink | null {
  const [kind, id] = value.split(':');
  return kind && id && (kinds as readonly string[]).includes(kind) ? { kind: kind as Kind, id } : null;
}

interface EvidenceSources {
  /** Starts loading the journal and documents. */
  load: () => void;
  loading: boolean;
  groups: { group: string; items: { value: string; label: string }[] }[];
  labelOf: (link: EvidenceLink) => string;
}

const EvidenceContext = createContext<EvidenceSources | null>(null);

/** The case's evidence for the items of one assessment view. */
export function EvidenceProvider({
  detail,
  loadNow = false,
  children,
}: {
  detail: CaseDetail;
  loadNow?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const [wanted, setWanted] = useState(loadNow);
  const enabled = wanted || loadNow;
  const journal = useJournal(detail.id, null, enabled);
  const documents = useCaseDocuments(detail.id, enabled);
  const value = useMemo<EvidenceSources>(() => {
    const labels = new Map<string, string>();
    const reports = detail.reports.map((report) => ({
      value: `report:${report.id}`,
      label: t('assessments.form.evidenceReport', {
        reference: report.reference,
        date: formatDay(report.receivedOn, language),
      }),
    }));
    const entries = (journal.data?.pages.flatMap((page) => page.entries) ?? [])
      .filter(isWritten)
      .map((entry) => {
        const kind = t(`cases.journal.kinds.${entry.kind}`);
        const when = formatMoment(entry.occurredAt, language);
        const text = entry.text ? ` – ${entry.text.slice(0, 60)}${entry.text.length > 60 ? '…' : ''}` : '';
        return {
          value: `journal:${entry.id}`,
          label: `${t('assessments.form.evidenceJournal', { kind, when })}${text}`,
        };
      });
    const files = (documents.data?.pages.flatMap((page) => page.documents) ?? []).map((document) => ({
      value: `document:${document.id}`,
      label: document.title ?? t('assessments.form.evidenceDocumentUnnamed'),
    }));
    for (const option of [...reports, ...entries, ...files]) labels.set(option.value, option.label);
    const groups = [
      { group: t('assessments.form.evidenceGroups.report'), items: reports },
      { group: t('assessments.form.evidenceGroups.journal'), items: entries },
      { group: t('assessments.form.evidenceGroups.document'), items: files },
    ].filter((group) => group.items.length > 0);
    return {
      load: () => setWanted(true),
      loading: enabled && (journal.isPending || documents.isPending),
      groups,
      labelOf: (link) => labels.get(evidenceKey(link)) ?? t(`assessments.form.evidenceUnknown.${link.kind}`),
    };
  }, [
    detail.reports,
    journal.data,
    documents.data,
    journal.isPending,
    documents.isPending,
    enabled,
    t,
    language,
  ]);
  return <EvidenceContext.Provider value={value}>{children}</EvidenceContext.Provider>;
}

export function useEvidence(): EvidenceSources {
  const sources = useContext(EvidenceContext);
  if (!sources) throw new Error('useEvidence outside EvidenceProvider');
  return sources;
}

/** Picks the evidence of an answer; links the options do not know (yet) keep their place. */
export function EvidencePicker({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: readonly EvidenceLink[];
  onChange: (links: EvidenceLink[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const sources = useEvidence();
  const known = new Set(sources.groups.flatMap((group) => group.items.map((item) => item.value)));
  // Chosen links that are not among the options (not loaded, or gone) are offered too, so they show.
  const extra = value
    .filter((link) => !known.has(evidenceKey(link)))
    .map((link) => ({ value: evidenceKey(link), label: sources.labelOf(link) }));
  const data = extra.length > 0 ? [...sources.groups, { group: '…', items: extra }] : sources.groups;
  return (
    <>
      <MultiSelect
        label={label}
        description={t('assessments.form.evidenceHelp')}
        placeholder={value.length === 0 ? t('assessments.form.evidencePlaceholder') : undefined}
        data={data}
        value={value.map(evidenceKey)}
        onChange={(values) => onChange(values.map(linkOf).filter((link) => link !== null))}
        onDropdownOpen={sources.load}
        searchable
        clearable
        nothingFoundMessage={t('assessments.form.evidenceNothing')}
        maxValues={20}
        error={error}
        comboboxProps={{ withinPortal: true }}
      />
      {sources.loading && (
        <Text size="xs" c="dimmed" role="status">
          {t('assessments.form.evidenceLoading')}
        </Text>
      )}
    </>
  );
}
