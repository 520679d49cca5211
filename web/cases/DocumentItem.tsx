import { Badge, Box, Button, Collapse, Group, Paper, Stack, Text } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CaseDocument,
  type CaseDocumentPermissions,
  type CaseDocumentVersion,
  documentContentUrl,
} from '../api/documents.ts';
import { AttachmentThumbnail } from '../components/AttachmentThumbnail.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { formatMoment } from './case-times.ts';
import {
  ChevronIcon,
  CleanedIcon,
  DocumentKindIcon,
  DownloadIcon,
  PreviewIcon,
  UploadIcon,
} from './DocumentIcons.tsx';
import { cleaningNote, formatBytes } from './document-notes.ts';

export interface DocumentActions {
  onPreview: (version: CaseDocumentVersion) => void;
  onNewVersion: () => void;
}

/** The element id of a document in the list (the focus goes there after an upload). */
export const documentElementId = (id: string) => `case-document-${id}`;

/** The title a document shows: its own, or a note that it could not be verified. */
export function useDocumentTitle() {
  const { t } = useTranslation();
  return (document: CaseDocument) => document.title ?? t('documents.item.untitled');
}

/**
 * One document of the case: its kind, title, the current version's file, size, who uploaded it when, what
 * cleaning removed; preview, download (and the kept original for threat managers), a new version; and the
 * earlier versions, unfolded on request.
 */
export function DocumentItem({
  caseId,
  document,
  can,
  actions,
}: {
  caseId: string;
  document: CaseDocument;
  can: CaseDocumentPermissions;
  actions: DocumentActions;
}) {
  const { t } = useTranslation();
  const titleOf = useDocumentTitle();
  const title = titleOf(document);
  const historyId = useId();
  const [showHistory, setShowHistory] = useState(false);
  const current = document.versions.find((version) => version.version === document.currentVersion);
  const earlier = document.versions.filter((version) => version !== current).reverse();
  return (
    <Paper
      component="li"
      id={documentElementId(document.id)}
      tabIndex={-1}
      aria-label={title}
      withBorder
      p="md"
      data-testid="case-document"
      style={document.managersOnly ? { borderLeft: '4px solid var(--mantine-color-orange-7)' } : undefined}
    >
      <Group align="flex-start" gap="md" wrap="nowrap">
        {current?.kind === 'image' ? (
          // The cleaned image (re-encoded on upload), never a kept original.
          <AttachmentThumbnail
            src={documentContentUrl(caseId, document.id, current.version, { inline: true })}
          />
        ) : (
          <DocumentKindIcon kind={current?.kind ?? 'text'} />
        )}
        <Stack gap={6} miw={0} style={{ flex: 1 }}>
          <Group gap="xs" wrap="wrap" align="center">
            <Text fw={700} style={{ overflowWrap: 'anywhere' }} data-testid="document-title">
              {title}
            </Text>
            {document.managersOnly && (
              <Badge
                variant="filled"
                radius="sm"
                color="orange.9"
                title={t('documents.item.managersOnlyHint')}
                data-testid="managers-only"
              >
                {t('documents.item.managersOnly')}
              </Badge>
            )}
            <Badge variant="light" color="gray" radius="sm" data-testid="current-version">
              {t('documents.item.version', { version: document.currentVersion })}
            </Badge>
          </Group>
          {document.description && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {document.description}
            </Text>
          )}
          {current && (
            <VersionFacts caseId={caseId} document={document} version={current} can={can} title={title} />
          )}
          <Group gap="xs" wrap="wrap" mt={4}>
            {current && (
              <VersionButtons
                caseId={caseId}
                document={document}
                version={current}
                title={title}
                actions={actions}
              />
            )}
            {can.upload && (
              <Button
                variant="default"
                size="compact-sm"
                leftSection={<UploadIcon size={16} />}
                onClick={actions.onNewVersion}
                aria-label={t('documents.item.newVersionLabel', { title })}
              >
                {t('documents.item.newVersion')}
              </Button>
            )}
          </Group>
          {earlier.length > 0 && (
            <Box mt={4}>
              <Button
                variant="subtle"
                size="compact-sm"
                px={4}
                leftSection={<ChevronIcon open={showHistory} />}
                aria-expanded={showHistory}
                aria-controls={historyId}
                onClick={() => setShowHistory((shown) => !shown)}
              >
                {showHistory
                  ? t('documents.item.hideVersions')
                  : t('documents.item.showVersions', { count: earlier.length })}
              </Button>
              <Collapse expanded={showHistory} id={historyId}>
                <Stack
                  component="ol"
                  gap="xs"
                  m={0}
                  mt="xs"
                  p={0}
                  style={{ listStyle: 'none' }}
                  aria-label={t('documents.item.versionsLabel', { title })}
                >
                  {earlier.map((version) => (
                    <Paper
                      component="li"
                      key={version.id}
                      bg="gray.0"
                      radius="sm"
                      p="sm"
                      data-testid="document-version"
                      data-version={version.version}
                    >
                      <Stack gap={4}>
                        <Text size="sm" fw={600}>
                          {t('documents.item.version', { version: version.version })}
                        </Text>
                        <VersionFacts
                          caseId={caseId}
                          document={document}
                          version={version}
                          can={can}
                          title={title}
                        />
                        <Group gap="xs" wrap="wrap" mt={2}>
                          <VersionButtons
                            caseId={caseId}
                            document={document}
                            version={version}
                            title={title}
                            actions={actions}
                          />
                        </Group>
                      </Stack>
                    </Paper>
                  ))}
                </Stack>
              </Collapse>
            </Box>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

/** File name, kind, size, upload; what cleaning did; the kept original (threat managers). */
function VersionFacts({
  caseId,
  document,
  version,
  can,
  title,
}: {
  caseId: string;
  document: CaseDocument;
  version: CaseDocumentVersion;
  can: CaseDocumentPermissions;
  title: string;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const when = formatMoment(version.uploadedAt, language);
  return (
    <>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        <Text span size="sm" fw={500} c="var(--mantine-color-text)" data-testid="file-name">
          {version.fileName ?? t('documents.item.unreadableFileName')}
        </Text>
        {` · ${t(`documents.kinds.${version.kind}`)} · ${formatBytes(version.byteLength, language)} · `}
        {version.uploadedBy
          ? t('documents.item.uploadedBy', { name: version.uploadedBy.name, when })
          : t('documents.item.uploadedAt', { when })}
      </Text>
      <CleaningLine version={version} />
      {version.original && can.readOriginal && (
        <Group gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed">
            {t('documents.item.originalKept', {
              size: formatBytes(version.original.byteLength, language),
            })}
          </Text>
          <Button
            component="a"
            href={documentContentUrl(caseId, document.id, version.version, { original: true })}
            download
            variant="default"
            size="compact-sm"
            leftSection={<DownloadIcon />}
            aria-label={t('documents.item.downloadOriginalLabel', { version: version.version, title })}
          >
            {t('documents.item.downloadOriginal')}
          </Button>
        </Group>
      )}
    </>
  );
}

/** What cleaning did to the version, in one line. */
function CleaningLine({ version }: { version: CaseDocumentVersion }) {
  const { t } = useTranslation();
  const note = cleaningNote(version);
  const list = new Intl.ListFormat(currentLanguage(), { type: 'conjunction' });
  const text =
    note.kind === 'pdfCleaned'
      ? t('documents.cleaning.pdfCleaned', {
          items: list.format(note.removed.map((removal) => t(`documents.cleaning.removals.${removal}`))),
        })
      : t(`documents.cleaning.${note.kind}`);
  const cleaned = note.kind !== 'notCleaned';
  return (
    <Group gap={6} wrap="nowrap" align="center" c={cleaned ? 'teal.9' : 'dimmed'} data-testid="cleaning-note">
      {cleaned && <CleanedIcon />}
      <Text size="sm">{text}</Text>
    </Group>
  );
}

/** Preview (PDFs and images) and download of one version. */
function VersionButtons({
  caseId,
  document,
  version,
  title,
  actions,
}: {
  caseId: string;
  document: CaseDocument;
  version: CaseDocumentVersion;
  title: string;
  actions: DocumentActions;
}) {
  const { t } = useTranslation();
  const labels = { version: version.version, title };
  return (
    <>
      {version.previewable && (
        <Button
          variant="light"
          size="compact-sm"
          leftSection={<PreviewIcon />}
          onClick={() => actions.onPreview(version)}
          aria-label={t('documents.item.previewLabel', labels)}
        >
          {t('documents.item.preview')}
        </Button>
      )}
      <Button
        component="a"
        href={documentContentUrl(caseId, document.id, version.version)}
        download
        variant="default"
        size="compact-sm"
        leftSection={<DownloadIcon />}
        aria-label={t('documents.item.downloadLabel', labels)}
      >
        {t('documents.item.download')}
      </Button>
    </>
  );
}
