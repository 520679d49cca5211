import { Alert, Anchor, Button, Checkbox, Code, Group, List, Modal, Radio, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type ExportedReport, useExportCaseReport } from '../api/case-report.ts';
import type { CaseDetail } from '../api/cases.ts';
import { ApiError } from '../api/client.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { isLanguage, type Language, languages } from '../i18n/language.ts';

/** The case page's "Export report" button and its dialog (for whoever reads the case). */
export function CaseReportExport({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)}>
        {t('exports.report.button')}
      </Button>
      {open && <CaseReportDialog detail={detail} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * Saves a file the app holds in memory: an `<a download>` on an object URL, clicked, then let go (the URL a
 * little later, once the browser has taken the download over).
 */
function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function explained(error: Error | null, t: TFunction): Error | null {
  if (error instanceof ApiError && error.code === 'report_names_not_allowed')
    return new Error(t('exports.report.errors.report_names_not_allowed'));
  return error;
}

/**
 * Asks for the report's language and – for the case's threat managers – whether to print names, says what
 * the export means (watermark, audit log, pseudonyms), downloads the PDF and then shows its export id.
 */
function CaseReportDialog({ detail, onClose }: { detail: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const exported = useExportCaseReport(detail.id, `${detail.reference}.pdf`);
  const [language, setLanguage] = useState<Language>(currentLanguage());
  const [names, setNames] = useState(false);
  const [saved, setSaved] = useState<ExportedReport | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    exported.mutate(
      { language, ...(detail.can.manage && names ? { names: true } : {}) },
      {
        onSuccess: (report) => {
          saveFile(report.blob, report.fileName);
          setSaved(report);
        },
      },
    );
  };
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('exports.report.title', { reference: detail.reference })}
      size="lg"
      centered
      closeButtonProps={{ 'aria-label': t('exports.report.close') }}
    >
      {saved ? (
        <Stack gap="md">
          <Alert color="green" variant="light" title={t('exports.report.doneTitle')} role="status">
            <Stack gap="xs">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {t('exports.report.done', { fileName: saved.fileName })}
              </Text>
              <Text size="sm">
                {t('exports.report.exportId')}: <Code data-testid="export-id">{saved.exportId}</Code>
              </Text>
            </Stack>
          </Alert>
          <Text size="sm">
            {t('exports.report.verifyText')}{' '}
            <Anchor component={Link} to="/exports/verify">
              {t('exports.report.verifyLink')}
            </Anchor>
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              {t('exports.report.close')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('exports.report.intro')}
            </Text>
            <Radio.Group
              label={t('exports.report.language')}
              value={language}
              onChange={(value) => {
                if (isLanguage(value)) setLanguage(value);
              }}
            >
              <Group gap="lg" mt="xs">
                {languages.map((option) => (
                  <Radio key={option} value={option} label={t(`language.${option}`)} />
                ))}
              </Group>
            </Radio.Group>
            {detail.can.manage && (
              <Checkbox
                label={t('exports.report.names')}
                description={t('exports.report.namesHelp')}
                checked={names}
                onChange={(event) => setNames(event.currentTarget.checked)}
              />
            )}
            <Alert color="blue" variant="light" title={t('exports.report.noticeTitle')}>
              <List size="sm" spacing={4}>
                <List.Item>{t('exports.report.watermark')}</List.Item>
                <List.Item>{t('exports.report.audited')}</List.Item>
                <List.Item>{t('exports.report.pseudonyms')}</List.Item>
              </List>
            </Alert>
            <ErrorAlert error={explained(exported.error, t)} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('exports.report.cancel')}
              </Button>
              <Button type="submit" loading={exported.isPending} data-autofocus>
                {t('exports.report.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
