import {
  Alert,
  Button,
  Checkbox,
  FileButton,
  Group,
  Modal,
  Paper,
  Progress,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { type DragEvent, type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import {
  type CaseDocument,
  type CaseDocumentPermissions,
  type UploadProgress,
  useUploadDocument,
  useUploadDocumentVersion,
} from '../api/documents.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { UploadIcon } from './DocumentIcons.tsx';
import { useDocumentTitle } from './DocumentItem.tsx';
import { formatBytes, titleFromFileName } from './document-notes.ts';

const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

/** The server's reasons to refuse an upload (server/modules/case-documents/routes.ts), each with a title here. */
const refusals = [
  'document_empty',
  'document_too_large',
  'document_too_large_to_clean',
  'document_type_not_allowed',
  'document_unreadable',
  'document_encrypted',
  'document_image_too_large',
  'managers_only_not_allowed',
  'keep_original_not_allowed',
] as const;
const isRefusal = (code: string): code is (typeof refusals)[number] =>
  (refusals as readonly string[]).includes(code);

/**
 * Uploads a new document, or (with `document`) a new version of one: a file chosen or dropped, checked
 * against the size limit here, then sent with a progress bar that Cancel stops. Title and description for a
 * new document; managers-only and "keep the original" only for whoever may (`can`). The server's refusal
 * (type not accepted, damaged, encrypted, too large to clean) shows as its message.
 */
export function DocumentUploadDialog({
  caseId,
  can,
  maxBytes,
  document,
  onClose,
  onDone,
}: {
  caseId: string;
  can: CaseDocumentPermissions;
  maxBytes: number;
  /** The document that gets a new version; a new document when left out. */
  document?: CaseDocument | undefined;
  onClose: () => void;
  onDone: (stored: CaseDocument) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const titleOf = useDocumentTitle();
  const newDocument = useUploadDocument(caseId);
  const newVersion = useUploadDocumentVersion(caseId, document?.id ?? '');
  const upload = document ? newVersion : newDocument;
  const [file, setFile] = useState<File | null>(null);
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [titleEdited, setTitleEdited] = useState(false);
  const [description, setDescription] = useState('');
  const [managersOnly, setManagersOnly] = useState(false);
  const [keepOriginal, setKeepOriginal] = useState(false);
  const [tried, setTried] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const sending = upload.isPending;
  // Once every byte is sent, the server cleans and stores the file whatever the browser does: no cancelling.
  const processing = sending && progress !== null && progress.total > 0 && progress.loaded >= progress.total;

  // Stop the upload when the dialog goes; and while it is open, a file dropped beside the drop area is not
  // opened by the browser in place of the app.
  useEffect(() => {
    const keep = (event: globalThis.DragEvent) => event.preventDefault();
    window.addEventListener('dragover', keep);
    window.addEventListener('drop', keep);
    return () => {
      window.removeEventListener('dragover', keep);
      window.removeEventListener('drop', keep);
      abort.current?.abort();
    };
  }, []);

  const size = (bytes: number) => formatBytes(bytes, language);
  const fileProblem =
    file === null
      ? tried
        ? t('documents.uploadDialog.fileRequired')
        : null
      : file.size === 0
        ? t('documents.uploadDialog.fileEmpty')
        : file.size > maxBytes
          ? t('documents.uploadDialog.fileTooLarge', { size: size(file.size), max: size(maxBytes) })
          : null;
  const titleProblem =
    !document && tried && file !== null && title.trim() === ''
      ? t('documents.uploadDialog.titleRequired')
      : null;

  const choose = (chosen: File | null, more = false) => {
    if (!chosen || sending) return;
    setFile(chosen);
    setFileNote(more ? t('documents.uploadDialog.onlyOne') : null);
    setCancelled(false);
    upload.reset();
    if (!titleEdited) setTitle(titleFromFileName(chosen.name));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (sending || !file || fileProblem || (!document && title.trim() === '')) return;
    const controller = new AbortController();
    abort.current = controller;
    setCancelled(false);
    setProgress({ loaded: 0, total: file.size });
    const options = { file, signal: controller.signal, onProgress: setProgress };
    const handlers = {
      onSuccess: onDone,
      onError: (error: Error) => {
        if (isAbort(error)) setCancelled(true);
      },
      onSettled: () => setProgress(null),
    };
    if (document)
      newVersion.mutate({ ...options, fields: keepOriginal ? { keepOriginal: true } : {} }, handlers);
    else
      newDocument.mutate(
        {
          ...options,
          fields: {
            title: title.trim(),
            ...(description.trim() ? { description: description.trim() } : {}),
            ...(managersOnly ? { managersOnly: true } : {}),
            ...(keepOriginal ? { keepOriginal: true } : {}),
          },
        },
        handlers,
      );
  };

  const close = () => {
    abort.current?.abort();
    onClose();
  };

  const refusalTitle = (error: Error | null) =>
    error instanceof ApiError && isRefusal(error.code)
      ? t(`documents.uploadDialog.refused.${error.code}`)
      : t('documents.uploadDialog.failedTitle');
  const failure =
    upload.error && !isAbort(upload.error)
      ? upload.error instanceof ApiError && upload.error.status === 0
        ? new Error(t('documents.uploadDialog.brokeOff'))
        : upload.error
      : null;

  return (
    <Modal
      opened
      onClose={close}
      title={
        document
          ? t('documents.uploadDialog.versionTitle', { title: titleOf(document) })
          : t('documents.uploadDialog.title')
      }
      size="lg"
      centered
      closeOnClickOutside={!sending}
      closeButtonProps={{ 'aria-label': t('documents.uploadDialog.cancel') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {document ? t('documents.uploadDialog.versionIntro') : t('documents.uploadDialog.intro')}
          </Text>
          <FileDrop
            file={file}
            problem={fileProblem}
            note={fileNote}
            limit={t('documents.uploadDialog.limit', { size: size(maxBytes) })}
            disabled={sending}
            onChoose={choose}
          />
          {!document && (
            <TextInput
              label={t('documents.uploadDialog.documentTitle')}
              description={t('documents.uploadDialog.documentTitleDescription')}
              value={title}
              maxLength={200}
              required
              disabled={sending}
              error={titleProblem}
              onChange={(event) => {
                setTitle(event.currentTarget.value);
                setTitleEdited(true);
              }}
            />
          )}
          {!document && (
            <Textarea
              label={t('documents.uploadDialog.description')}
              description={t('documents.uploadDialog.descriptionDescription')}
              value={description}
              maxLength={4000}
              autosize
              minRows={2}
              maxRows={6}
              disabled={sending}
              onChange={(event) => setDescription(event.currentTarget.value)}
            />
          )}
          {!document && can.uploadManagersOnly && (
            <Switch
              label={t('documents.uploadDialog.managersOnly')}
              description={t('documents.uploadDialog.managersOnlyDescription')}
              checked={managersOnly}
              disabled={sending}
              onChange={(event) => setManagersOnly(event.currentTarget.checked)}
            />
          )}
          {can.keepOriginal && (
            <Checkbox
              label={t('documents.uploadDialog.keepOriginal')}
              description={t('documents.uploadDialog.keepOriginalDescription')}
              checked={keepOriginal}
              disabled={sending}
              onChange={(event) => setKeepOriginal(event.currentTarget.checked)}
            />
          )}
          {sending && progress && <UploadProgressBar progress={progress} />}
          {cancelled && (
            <Alert color="gray" variant="light" role="status">
              {t('documents.uploadDialog.cancelled')}
            </Alert>
          )}
          <ErrorAlert error={failure} title={refusalTitle(failure)} />
          <Group justify="flex-end" gap="sm">
            {sending ? (
              <Button variant="default" disabled={processing} onClick={() => abort.current?.abort()}>
                {t('documents.uploadDialog.cancelUpload')}
              </Button>
            ) : (
              <Button variant="default" onClick={close}>
                {t('documents.uploadDialog.cancel')}
              </Button>
            )}
            <Button type="submit" loading={sending} leftSection={<UploadIcon />}>
              {t('documents.uploadDialog.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The drop area with its file button, and the chosen file. */
function FileDrop({
  file,
  problem,
  note,
  limit,
  disabled,
  onChoose,
}: {
  file: File | null;
  problem: string | null;
  note: string | null;
  limit: string;
  disabled: boolean;
  onChoose: (file: File | null, more?: boolean) => void;
}) {
  const { t } = useTranslation();
  const labelId = useId();
  const limitId = useId();
  const problemId = useId();
  const [over, setOver] = useState(false);
  const reset = useRef<() => void>(null);
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = event.dataTransfer.files;
    onChoose(files[0] ?? null, files.length > 1);
  };
  const describedBy = [limitId, problem ? problemId : ''].filter(Boolean).join(' ');
  return (
    <Stack gap={4} role="group" aria-labelledby={labelId}>
      <Text id={labelId} size="sm" fw={500}>
        {t('documents.uploadDialog.file')}
      </Text>
      <Paper
        withBorder
        radius="md"
        p="lg"
        bg={over ? 'blue.0' : 'gray.0'}
        data-testid="document-drop"
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: problem
            ? 'var(--mantine-color-error)'
            : over
              ? 'var(--mantine-color-blue-6)'
              : 'var(--mantine-color-gray-4)',
        }}
        onDragEnter={(event: DragEvent<HTMLDivElement>) => {
          event.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragOver={(event: DragEvent<HTMLDivElement>) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
        }}
        onDragLeave={(event: DragEvent<HTMLDivElement>) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
        }}
        onDrop={drop}
      >
        <Stack align="center" gap="xs">
          {file ? (
            <Stack gap={0} align="center" maw="100%">
              <Text fw={600} ta="center" style={{ overflowWrap: 'anywhere' }} data-testid="chosen-file">
                {file.name}
              </Text>
              <Text size="sm" c="dimmed">
                {formatBytes(file.size, currentLanguage())}
              </Text>
            </Stack>
          ) : (
            <Group gap="xs" c="dimmed" justify="center">
              <UploadIcon size={22} />
              <Text size="sm">
                {over ? t('documents.uploadDialog.dropActive') : t('documents.uploadDialog.drop')}
              </Text>
            </Group>
          )}
          <FileButton
            onChange={(chosen) => {
              onChoose(chosen);
              reset.current?.();
            }}
            resetRef={reset}
            disabled={disabled}
            inputProps={{ 'data-testid': 'document-file-input' } as object}
          >
            {(props) => (
              <Button
                {...props}
                disabled={disabled}
                variant={file ? 'subtle' : 'default'}
                size="sm"
                aria-describedby={describedBy}
              >
                {file ? t('documents.uploadDialog.chooseOther') : t('documents.uploadDialog.choose')}
              </Button>
            )}
          </FileButton>
        </Stack>
      </Paper>
      <Text id={limitId} size="xs" c="dimmed">
        {limit}
      </Text>
      {note && (
        <Text size="sm" c="dimmed">
          {note}
        </Text>
      )}
      {problem && (
        <Text id={problemId} size="sm" c="var(--mantine-color-error)" role="alert">
          {problem}
        </Text>
      )}
    </Stack>
  );
}

/** How much has been sent; once all of it is, the server is still cleaning and encrypting. */
function UploadProgressBar({ progress }: { progress: UploadProgress }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const share = progress.total > 0 ? progress.loaded / progress.total : 0;
  const sent = share >= 1;
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );
  return (
    <Stack gap={6}>
      <Progress
        value={share * 100}
        size="lg"
        radius="xl"
        striped={sent}
        animated={sent}
        aria-label={t('documents.uploadDialog.progressLabel')}
        aria-valuetext={percent}
      />
      <Text size="sm" c="dimmed" data-testid="upload-progress">
        {sent
          ? t('documents.uploadDialog.processing')
          : t('documents.uploadDialog.sending', {
              sent: formatBytes(progress.loaded, language),
              total: formatBytes(progress.total, language),
              percent,
            })}
      </Text>
    </Stack>
  );
}
