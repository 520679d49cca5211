import { ActionIcon, Alert, Box, Button, Group, Text } from '@mantine/core';
import type { RenderTask } from 'pdfjs-dist';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDocumentBytes } from '../api/documents.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { loadPdf, type PdfDocument, type PdfLoading } from './pdf-document.ts';

/** pdf.js's unit is the PDF point (1/72 in); 100 % shows a page at its printed size in CSS pixels. */
const CSS_PIXELS_PER_POINT = 96 / 72;
const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3] as const;
/** A canvas larger than this is drawn at a lower resolution (memory, and browsers' canvas limits). */
const MAX_CANVAS_PIXELS = 16_000_000;

type Zoom = 'fit' | number;
type Loaded = { state: 'loading' } | { state: 'ready'; pdf: PdfDocument } | { state: 'failed'; error: Error };

/**
 * A PDF drawn page by page on a canvas: the bytes fetched with the session, parsed by pdf.js in its worker
 * (pdf-document.ts), one page at a time with page buttons, fitted to the width or zoomed.
 */
export function PdfViewer({ url, title, height }: { url: string; title: string; height: string }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [page, setPage] = useState(1);
  const [zoom, setZoom] = useState<Zoom>('fit');
  const [shownZoom, setShownZoom] = useState<number | null>(null);
  const [renderError, setRenderError] = useState<Error | null>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [frame, width] = useContentWidth();

  useEffect(() => {
    const controller = new AbortController();
    let loading: PdfLoading | null = null;
    let gone = false;
    setLoaded({ state: 'loading' });
    (async () => {
      const bytes = await fetchDocumentBytes(url, controller.signal);
      if (gone) return;
      loading = await loadPdf(bytes);
      if (gone) return void loading.destroy();
      const pdf = await loading.promise;
      if (gone) return;
      setPage(1);
      setLoaded({ state: 'ready', pdf });
    })().catch((error: unknown) => {
      if (!gone)
        setLoaded({ state: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
    });
    return () => {
      gone = true;
      controller.abort();
      void loading?.destroy();
    };
  }, [url]);

  const pdf = loaded.state === 'ready' ? loaded.pdf : null;
  useEffect(() => {
    const target = canvas.current;
    if (!pdf || !target || width <= 0) return;
    let task: RenderTask | null = null;
    let gone = false;
    (async () => {
      const pdfPage = await pdf.getPage(page);
      if (gone) return;
      const natural = pdfPage.getViewport({ scale: CSS_PIXELS_PER_POINT });
      const level = zoom === 'fit' ? width / natural.width : zoom;
      setShownZoom(level);
      const viewport = pdfPage.getViewport({ scale: level * CSS_PIXELS_PER_POINT });
      const density = Math.min(
        window.devicePixelRatio || 1,
        Math.sqrt(MAX_CANVAS_PIXELS / (viewport.width * viewport.height)),
      );
      target.width = Math.floor(viewport.width * density);
      target.height = Math.floor(viewport.height * density);
      target.style.width = `${Math.floor(viewport.width)}px`;
      target.style.height = `${Math.floor(viewport.height)}px`;
      task = pdfPage.render({
        canvas: target,
        viewport,
        transform: density === 1 ? undefined : [density, 0, 0, density, 0, 0],
      });
      await task.promise;
      if (!gone) setRenderError(null);
    })().catch((error: unknown) => {
      if (gone || (error instanceof Error && error.name === 'RenderingCancelledException')) return;
      setRenderError(error instanceof Error ? error : new Error(String(error)));
    });
    return () => {
      gone = true;
      task?.cancel();
    };
  }, [pdf, page, zoom, width]);

  if (loaded.state === 'loading')
    return (
      <Box h={height} p="md">
        <Loading label={t('documents.preview.loading')} />
      </Box>
    );
  if (loaded.state === 'failed') return <PreviewFailed error={loaded.error} />;

  const pages = loaded.pdf.numPages;
  const current = shownZoom ?? 1;
  const zoomOut = [...ZOOM_STEPS].reverse().find((step) => step < current - 0.01);
  const zoomIn = ZOOM_STEPS.find((step) => step > current + 0.01);
  const percent = new Intl.NumberFormat(currentLanguage(), { style: 'percent', maximumFractionDigits: 0 });
  return (
    <Box>
      <Group justify="space-between" gap="xs" pb="xs" wrap="wrap" data-testid="pdf-toolbar">
        <Group gap={6} wrap="nowrap">
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setPage(page - 1)}
            disabled={page <= 1}
            aria-label={t('documents.preview.previousPage')}
          >
            <ToolbarIcon path="M15 6l-6 6 6 6" />
          </ActionIcon>
          <Text size="sm" miw="8rem" ta="center" aria-live="polite" data-testid="pdf-page-number">
            {t('documents.preview.page', { page, count: pages })}
          </Text>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => setPage(page + 1)}
            disabled={page >= pages}
            aria-label={t('documents.preview.nextPage')}
          >
            <ToolbarIcon path="M9 6l6 6-6 6" />
          </ActionIcon>
        </Group>
        <Group gap={6} wrap="nowrap">
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => zoomOut !== undefined && setZoom(zoomOut)}
            disabled={zoomOut === undefined}
            aria-label={t('documents.preview.zoomOut')}
          >
            <ToolbarIcon path="M6 12h12" />
          </ActionIcon>
          <Text size="sm" miw="3.5rem" ta="center" aria-label={t('documents.preview.zoom')}>
            {percent.format(current)}
          </Text>
          <ActionIcon
            variant="default"
            size="lg"
            onClick={() => zoomIn !== undefined && setZoom(zoomIn)}
            disabled={zoomIn === undefined}
            aria-label={t('documents.preview.zoomIn')}
          >
            <ToolbarIcon path="M12 6v12M6 12h12" />
          </ActionIcon>
          <Button variant={zoom === 'fit' ? 'light' : 'default'} size="sm" onClick={() => setZoom('fit')}>
            {t('documents.preview.fitWidth')}
          </Button>
        </Group>
      </Group>
      {renderError && <PreviewFailed error={renderError} />}
      <Box
        ref={frame}
        h={height}
        bg="gray.2"
        p="md"
        tabIndex={0}
        role="region"
        aria-label={title}
        style={{ overflow: 'auto', scrollbarGutter: 'stable', borderRadius: 'var(--mantine-radius-md)' }}
      >
        <canvas
          ref={canvas}
          role="img"
          aria-label={t('documents.preview.pageLabel', { page, count: pages, title })}
          data-testid="pdf-page"
          style={{
            display: 'block',
            margin: '0 auto',
            background: 'white',
            boxShadow: 'var(--mantine-shadow-md)',
          }}
        />
      </Box>
    </Box>
  );
}

/** The width inside an element's padding and scroll bar, followed as it changes. */
function useContentWidth(): [(element: HTMLElement | null) => void, number] {
  const [width, setWidth] = useState(0);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element) return;
    observer.current = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.current.observe(element);
  }, []);
  return [ref, width];
}

/** The preview failed: say so, with pdf.js's or the server's reason. */
export function PreviewFailed({ error }: { error?: Error | undefined }) {
  const { t } = useTranslation();
  return (
    <Alert color="red" variant="light" title={t('documents.preview.failedTitle')} role="alert">
      <Text size="sm">{t('documents.preview.failed')}</Text>
      {error && (
        <Text size="xs" c="dimmed" mt={4}>
          {error.message}
        </Text>
      )}
    </Alert>
  );
}

function ToolbarIcon({ path }: { path: string }) {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
      aria-hidden="true"
    >
      <path d={path} />
    </svg>
  );
}
