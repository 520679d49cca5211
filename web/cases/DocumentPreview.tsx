import { Box, Button, Center, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaseDocument, type CaseDocumentVersion, documentContentUrl } from '../api/documents.ts';
import { DownloadIcon } from './DocumentIcons.tsx';
import { useDocumentTitle } from './DocumentItem.tsx';
import { PdfViewer, PreviewFailed } from './PdfViewer.tsx';

/** The height of the page area: the window less the dialog's header, toolbar and footer. */
const VIEW_HEIGHT = 'calc(100dvh - 15rem)';

/**
 * A version shown in the page: a PDF drawn by pdf.js (PdfViewer), an image as the browser shows it. Only the
 * cleaned file is shown, never an original; nothing in it runs.
 */
export function DocumentPreview({
  caseId,
  document,
  version,
  onClose,
}: {
  caseId: string;
  document: CaseDocument;
  version: CaseDocumentVersion;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const title = useDocumentTitle()(document);
  const inline = documentContentUrl(caseId, document.id, version.version, { inline: true });
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('documents.preview.title', { title, version: version.version })}
      size="68rem"
      centered
      closeButtonProps={{ 'aria-label': t('documents.preview.close') }}
    >
      <Stack gap="sm" data-testid="document-preview">
        {version.kind === 'pdf' ? (
          <PdfViewer url={inline} title={title} height={VIEW_HEIGHT} />
        ) : (
          <ImageView
            url={inline}
            alt={t('documents.preview.imageAlt', { title, version: version.version })}
          />
        )}
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text size="xs" c="dimmed">
            {version.kind === 'pdf' && t('documents.preview.safety')}
          </Text>
          <Group gap="sm">
            <Button
              component="a"
              href={documentContentUrl(caseId, document.id, version.version)}
              download
              variant="default"
              leftSection={<DownloadIcon />}
            >
              {t('documents.preview.download')}
            </Button>
            <Button onClick={onClose}>{t('documents.preview.close')}</Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}

/** An image, fitted into the dialog; the browser decodes it (img-src 'self'). */
function ImageView({ url, alt }: { url: string; alt: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'loading' | 'shown' | 'failed'>('loading');
  if (state === 'failed') return <PreviewFailed />;
  return (
    <Box bg="gray.2" p="md" style={{ borderRadius: 'var(--mantine-radius-md)' }}>
      <Center mih="12rem" pos="relative">
        {state === 'loading' && <Loader aria-label={t('documents.preview.loading')} pos="absolute" />}
        <img
          src={url}
          alt={alt}
          data-testid="image-preview"
          onLoad={() => setState('shown')}
          onError={() => setState('failed')}
          style={{
            display: 'block',
            maxWidth: '100%',
            maxHeight: VIEW_HEIGHT,
            objectFit: 'contain',
            boxShadow: 'var(--mantine-shadow-md)',
            background: 'white',
          }}
        />
      </Center>
    </Box>
  );
}
