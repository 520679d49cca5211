import { Alert, Button, EmptyState, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api/cases.ts';
import { type CaseDocument, type CaseDocumentVersion, useCaseDocuments } from '../api/documents.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { DocumentsIcon, UploadIcon } from './DocumentIcons.tsx';
import { DocumentItem, documentElementId, useDocumentTitle } from './DocumentItem.tsx';
import { DocumentPreview } from './DocumentPreview.tsx';
import { DocumentUploadDialog } from './DocumentUploadDialog.tsx';

type Dialog =
  | { kind: 'upload' }
  | { kind: 'version'; document: CaseDocument }
  | { kind: 'preview'; document: CaseDocument; version: CaseDocumentVersion }
  | null;

/**
 * The case's documents, newest first: upload (whoever writes to the case), new versions, preview of PDFs and
 * images, downloads. The list's answer says what the user may do (`can`) and how large a file may be; the
 * server leaves out managers-only documents for experts.
 */
export function CaseDocumentsTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const documents = useCaseDocuments(detail.id);
  const titleOf = useDocumentTitle();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const first = documents.data?.pages[0];
  const list = documents.data?.pages.flatMap((page) => page.documents) ?? [];
  const can = first?.can;

  // The dialogs are mounted only while open, so they cannot hand the focus back themselves: it goes back to
  // the button that opened one, or to the document just uploaded.
  const opener = useRef<HTMLElement | null>(null);
  const [focusNext, setFocusNext] = useState<{ id?: string } | null>(null);
  useEffect(() => {
    if (!focusNext) return;
    const uploaded = focusNext.id ? window.document.getElementById(focusNext.id) : null;
    (uploaded ?? (opener.current?.isConnected ? opener.current : null))?.focus();
    setFocusNext(null);
  }, [focusNext]);
  const open = (next: Dialog) => {
    opener.current =
      window.document.activeElement instanceof HTMLElement ? window.document.activeElement : null;
    if (next?.kind !== 'preview') setNotice(null);
    setDialog(next);
  };
  const close = (focusId?: string) => {
    setDialog(null);
    setFocusNext(focusId ? { id: focusId } : {});
  };
  const openUpload = () => open({ kind: 'upload' });

  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4} maw={640}>
          <Title order={2} size="h3" id={headingId}>
            {t('documents.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('documents.intro')}
          </Text>
        </Stack>
        {can?.upload && list.length > 0 && (
          <Button leftSection={<UploadIcon />} onClick={openUpload}>
            {t('documents.upload')}
          </Button>
        )}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {documents.isPending ? (
        <Loading label={t('documents.loading')} />
      ) : documents.isError && list.length === 0 ? (
        <ErrorAlert error={documents.error} title={t('documents.errorTitle')} />
      ) : list.length === 0 ? (
        <EmptyState
          withIndicatorBackground
          icon={<DocumentsIcon />}
          title={t('documents.empty.title')}
          description={can?.upload ? t('documents.empty.text') : t('documents.empty.textReadOnly')}
          py="xl"
          data-testid="documents-empty"
        >
          {can?.upload && (
            <EmptyState.Actions>
              <Button leftSection={<UploadIcon />} onClick={openUpload}>
                {t('documents.upload')}
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      ) : (
        <Stack
          component="ul"
          gap="sm"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('documents.listLabel')}
        >
          {list.map((document) => (
            <DocumentItem
              key={document.id}
              caseId={detail.id}
              document={document}
              can={
                can ?? { upload: false, uploadManagersOnly: false, keepOriginal: false, readOriginal: false }
              }
              actions={{
                onPreview: (version) => open({ kind: 'preview', document, version }),
                onNewVersion: () => open({ kind: 'version', document }),
              }}
            />
          ))}
        </Stack>
      )}
      <LoadMore list={documents} label={t('documents.loadMore')} />
      {(dialog?.kind === 'upload' || dialog?.kind === 'version') && can && first && (
        <DocumentUploadDialog
          caseId={detail.id}
          can={can}
          maxBytes={first.maxBytes}
          document={dialog.kind === 'version' ? dialog.document : undefined}
          onClose={() => close()}
          onDone={(stored) => {
            close(documentElementId(stored.id));
            setNotice(
              dialog.kind === 'version'
                ? t('documents.versionUploaded', { version: stored.currentVersion, title: titleOf(stored) })
                : t('documents.uploaded', { title: titleOf(stored) }),
            );
          }}
        />
      )}
      {dialog?.kind === 'preview' && (
        <DocumentPreview
          caseId={detail.id}
          document={dialog.document}
          version={dialog.version}
          onClose={() => close()}
        />
      )}
    </Stack>
  );
}
