import {
  Alert,
  Button,
  Code,
  DataList,
  FileButton,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Title,
  useMatches,
} from '@mantine/core';
import { type DragEvent, type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type ExportVerification, useVerifyExport } from '../api/case-report.ts';
import { formatMoment } from '../cases/case-times.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { currentLanguage } from '../i18n/index.ts';

/** The file's SHA-256 as 64 lower-case hex digits, computed in the browser: the file is never uploaded. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * `/exports/verify`: whether a file is an unaltered export of the organisation. The browser hashes the file
 * and sends only the hash; the server looks it up among the organisation's exports (and its audit log).
 */
export function VerifyExportPage() {
  return <RequireSignIn>{() => <VerifyExport />}</RequireSignIn>;
}

interface Checked {
  fileName: string;
  sha256: string;
  verification: ExportVerification;
}

function VerifyExport() {
  const { t } = useTranslation();
  const verify = useVerifyExport();
  const [file, setFile] = useState<File | null>(null);
  const [readProblem, setReadProblem] = useState<string | null>(null);
  const [checked, setChecked] = useState<Checked | null>(null);
  // A later choice wins over an earlier one still being hashed or looked up.
  const latest = useRef(0);

  const check = async (chosen: File | null) => {
    if (!chosen) return;
    const attempt = ++latest.current;
    setFile(chosen);
    setChecked(null);
    setReadProblem(null);
    verify.reset();
    let sha256: string;
    try {
      sha256 = await sha256Hex(chosen);
    } catch (error) {
      if (attempt === latest.current)
        setReadProblem(
          t('exports.verify.readError', { message: error instanceof Error ? error.message : String(error) }),
        );
      return;
    }
    verify.mutate(
      { sha256 },
      {
        onSuccess: (verification) => {
          if (attempt === latest.current) setChecked({ fileName: chosen.name, sha256, verification });
        },
      },
    );
  };
  const busy = file !== null && checked === null && readProblem === null && !verify.isError;

  return (
    <Stack gap="lg" maw={760}>
      <Stack gap={4}>
        <PageTitle>{t('exports.verify.title')}</PageTitle>
        <Text c="dimmed">{t('exports.verify.intro')}</Text>
      </Stack>
      <Alert color="blue" variant="light" data-testid="verify-privacy">
        {t('exports.verify.privacy')}
      </Alert>
      <FilePicker file={file} busy={busy} onChoose={(chosen) => void check(chosen)} />
      <div aria-live="polite" aria-atomic="true" data-testid="verify-result">
        {busy && file && (
          <Group gap="sm">
            <Loader size="sm" aria-hidden="true" />
            <Text>{t('exports.verify.checking', { name: file.name })}</Text>
          </Group>
        )}
        {readProblem && (
          <Alert color="red" variant="light">
            {readProblem}
          </Alert>
        )}
        <ErrorAlert error={verify.error} />
        {checked && <Result checked={checked} />}
      </div>
    </Stack>
  );
}

/** A drop zone with a button to choose the file. */
function FilePicker({
  file,
  busy,
  onChoose,
}: {
  file: File | null;
  busy: boolean;
  onChoose: (file: File | null) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [over, setOver] = useState(false);
  // Cleared after each choice, so choosing the same file again checks it again.
  const reset = useRef<() => void>(null);
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !busy) onChoose(dropped);
  };
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="xl"
      radius="md"
      bg={over ? 'blue.0' : 'gray.0'}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: over ? 'var(--mantine-color-blue-6)' : 'var(--mantine-color-gray-4)',
      }}
      onDragEnter={(event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragOver={(event: DragEvent<HTMLDivElement>) => {
        event.preventDefault();
        event.dataTransfer.dropEffect = busy ? 'none' : 'copy';
      }}
      onDragLeave={(event: DragEvent<HTMLDivElement>) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={drop}
    >
      <Stack align="center" gap="sm">
        <Title order={2} size="h4" id={headingId}>
          {t('exports.verify.fileHeading')}
        </Title>
        <Group gap="xs" c="dimmed" justify="center">
          <ShieldIcon />
          <Text size="sm">{over ? t('exports.verify.dropActive') : t('exports.verify.drop')}</Text>
        </Group>
        {file && (
          <Text fw={600} ta="center" style={{ overflowWrap: 'anywhere' }} data-testid="verify-file">
            {file.name}
          </Text>
        )}
        <FileButton
          onChange={(chosen) => {
            onChoose(chosen);
            reset.current?.();
          }}
          resetRef={reset}
          disabled={busy}
          inputProps={{ 'data-testid': 'verify-file-input' } as object}
        >
          {(props) => (
            <Button {...props} variant={file ? 'default' : 'filled'} disabled={busy}>
              {file ? t('exports.verify.chooseOther') : t('exports.verify.choose')}
            </Button>
          )}
        </FileButton>
      </Stack>
    </Paper>
  );
}

/** Green with what TMA recorded of the export, or red. */
function Result({ checked }: { checked: Checked }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const orientation = useMatches<'horizontal' | 'vertical'>(
    { base: 'vertical', sm: 'horizontal' },
    { getInitialValueInEffect: false },
  );
  const { verification, fileName, sha256 } = checked;
  const found = verification.verified ? verification.export : null;
  const fingerprint = (
    <Text size="xs" c="dimmed" mt="sm">
      {t('exports.verify.fingerprint')}:{' '}
      <Code style={{ overflowWrap: 'anywhere' }} data-testid="verify-sha256">
        {sha256}
      </Code>
    </Text>
  );
  if (!found)
    return (
      <Alert
        color="red"
        variant="light"
        title={t('exports.verify.refusedTitle')}
        icon={<CrossIcon />}
        data-testid="verify-refused"
      >
        <Text size="sm">{t('exports.verify.refusedText', { name: fileName })}</Text>
        {fingerprint}
      </Alert>
    );
  const unknown = t('exports.verify.unknown');
  const { deletion } = found;
  // A deletion certificate names what was deleted and on whose behalf; never any content.
  const rows: [string, string][] = deletion
    ? [
        [t('certificates.verify.kind'), t('certificates.verify.kinds.deletion_certificate')],
        [
          t('certificates.verify.deletedObject'),
          `${t(`certificates.objectType.${deletion.objectType}`)} ${deletion.reference}`,
        ],
        [
          t('certificates.verify.deletedBy'),
          deletion.deletedBy === 'operator'
            ? t('certificates.operator')
            : deletion.deletedBy === 'retention_policy'
              ? t('certificates.retentionPolicy', { rule: deletion.retentionRule ?? '' })
              : (found.exportedBy ?? unknown),
        ],
        [t('exports.verify.exportedAt'), formatMoment(found.exportedAt, language)],
        [t('exports.verify.language'), t(`exports.verify.languages.${found.language}`)],
        [t('exports.verify.exportId'), found.id],
      ]
    : [
        [t('certificates.verify.kind'), t('certificates.verify.kinds.case_report')],
        [t('exports.verify.caseReference'), found.caseReference ?? unknown],
        [t('exports.verify.exportedBy'), found.exportedBy ?? unknown],
        [t('exports.verify.exportedAt'), formatMoment(found.exportedAt, language)],
        [t('exports.verify.language'), t(`exports.verify.languages.${found.language}`)],
        [
          t('exports.verify.namesIncluded'),
          found.namesIncluded ? t('exports.verify.yes') : t('exports.verify.no'),
        ],
        [t('exports.verify.exportId'), found.id],
      ];
  return (
    <Alert
      color="green"
      variant="light"
      title={t('exports.verify.verifiedTitle')}
      icon={<CheckIcon />}
      data-testid="verify-verified"
    >
      <Stack gap="sm">
        <Text size="sm">{t('exports.verify.verifiedText', { name: fileName })}</Text>
        <DataList orientation={orientation} labelWidth={220}>
          {rows.map(([label, value]) => (
            <DataList.Item key={label}>
              <DataList.ItemLabel>{label}</DataList.ItemLabel>
              <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{value}</DataList.ItemValue>
            </DataList.Item>
          ))}
        </DataList>
      </Stack>
      {fingerprint}
    </Alert>
  );
}

function Glyph({ children }: { children: ReactNode }) {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      focusable="false"
      aria-hidden="true"
    >
      {children}
    </svg>
  );
}

function ShieldIcon() {
  return (
    <Glyph>
      <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />
      <path d="M9 12l2 2 4-4" />
    </Glyph>
  );
}

function CheckIcon() {
  return (
    <Glyph>
      <circle cx="12" cy="12" r="9" />
      <path d="M8 12.5l2.5 2.5L16 9.5" />
    </Glyph>
  );
}

function CrossIcon() {
  return (
    <Glyph>
      <circle cx="12" cy="12" r="9" />
      <path d="M9 9l6 6M15 9l-6 6" />
    </Glyph>
  );
}
