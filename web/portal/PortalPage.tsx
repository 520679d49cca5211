import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import { type PortalInfo, usePortalInfo } from '../api/portal.ts';
import { useLocalised } from './localised.ts';
import {
  EmergencyNotice,
  PortalHeading,
  PortalLayout,
  useForgetOnRestore,
  usePortalTitle,
} from './portal-layout.tsx';
import { ReceiptPanel } from './ReceiptPanel.tsx';
import { ReportForm, type ReportSent } from './ReportForm.tsx';

type Step = { name: 'form' } | { name: 'receipt'; sent: ReportSent } | { name: 'done' };

/**
 * `/report/:tenant` and `/report/:tenant/:unit`: the public report form; after sending, the receipt once,
 * then a thank-you page.
 */
export function PortalPage() {
  const { tenant = '', unit } = useParams();
  const info = usePortalInfo(tenant);
  const { t } = useTranslation();
  const { text } = useLocalised();
  const [step, setStep] = useState<Step>({ name: 'form' });
  // A new form (empty answers) after "send another report".
  const [formKey, setFormKey] = useState(0);
  const organisation = info.data?.tenant.name;
  const title = info.error
    ? loadErrorTitle(t, info.error)
    : step.name === 'receipt'
      ? t('portal.receipt.title')
      : step.name === 'done'
        ? t('portal.done.title')
        : info.data
          ? text(info.data.form.title)
          : t('portal.layout.portalName');
  usePortalTitle(title, organisation);

  // Back from another site must not show the receipt again.
  useForgetOnRestore(
    useCallback(() => setStep((current) => (current.name === 'receipt' ? { name: 'done' } : current)), []),
  );

  return (
    <PortalLayout tenant={tenant} organisation={organisation}>
      {info.isPending ? (
        <Loading />
      ) : info.error ? (
        <PortalLoadError error={info.error} onRetry={() => void info.refetch()} retrying={info.isFetching} />
      ) : step.name === 'receipt' ? (
        <ReceiptPanel
          sent={step.sent}
          dialoguePath={`/report/${encodeURIComponent(tenant)}/dialogue`}
          onDone={() => setStep({ name: 'done' })}
        />
      ) : step.name === 'done' ? (
        <Done
          tenant={tenant}
          onAnother={() => {
            setFormKey((key) => key + 1);
            setStep({ name: 'form' });
          }}
        />
      ) : (
        <FormStep
          key={formKey}
          tenant={tenant}
          info={info.data}
          linkUnit={unit}
          onSent={(sent) => setStep({ name: 'receipt', sent })}
        />
      )}
    </PortalLayout>
  );
}

function FormStep({
  tenant,
  info,
  linkUnit,
  onSent,
}: {
  tenant: string;
  info: PortalInfo;
  linkUnit: string | undefined;
  onSent: (sent: ReportSent) => void;
}) {
  const { t } = useTranslation();
  const { text } = useLocalised();
  const unknownUnit = linkUnit !== undefined && !info.units.some((unit) => unit.slug === linkUnit);
  return (
    <Stack gap="lg">
      <EmergencyNotice notice={info.emergencyNotice} />
      <Stack gap="xs">
        <PortalHeading>{text(info.form.title)}</PortalHeading>
        {info.form.description && <Text fz={{ base: 'md', sm: 'lg' }}>{text(info.form.description)}</Text>}
      </Stack>
      {unknownUnit && (
        <Alert
          color="orange"
          variant="light"
          role="note"
          styles={{ message: { color: 'var(--mantine-color-text)' } }}
        >
          {t('portal.problems.unitUnknown')}
        </Alert>
      )}
      <ReportForm tenant={tenant} info={info} linkUnit={unknownUnit ? undefined : linkUnit} onSent={onSent} />
    </Stack>
  );
}

function Done({ tenant, onAnother }: { tenant: string; onAnother: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return (
    <Stack gap="md" align="flex-start">
      <PortalHeading headingRef={heading}>{t('portal.done.title')}</PortalHeading>
      <Text>{t('portal.done.text')}</Text>
      <Group gap="sm">
        <Button component={Link} to={`/report/${encodeURIComponent(tenant)}/dialogue`}>
          {t('portal.done.dialogue')}
        </Button>
        <Button variant="default" onClick={onAnother}>
          {t('portal.done.another')}
        </Button>
      </Group>
    </Stack>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <Group gap="sm" role="status" py="xl">
      <Loader size="sm" aria-hidden="true" />
      <Text>{t('portal.loading')}</Text>
    </Group>
  );
}

/** The browser tab's title when the portal could not be loaded. */
export function loadErrorTitle(t: TFunction, error: Error): string {
  return error instanceof ApiError && error.status === 404
    ? t('portal.notFound.title')
    : t('portal.loadError.title');
}

/** The portal could not be loaded: an unknown organisation, or the server or network failed. */
export function PortalLoadError({
  error,
  onRetry,
  retrying,
}: {
  error: Error;
  onRetry: () => void;
  retrying: boolean;
}) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Stack gap="sm">
        <PortalHeading>{t('portal.notFound.title')}</PortalHeading>
        <Text>{t('portal.notFound.text')}</Text>
      </Stack>
    );
  }
  const network = error instanceof ApiError && error.code === clientErrorCodes.network;
  return (
    <Alert color="red" variant="light" title={t('portal.loadError.title')} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{network ? t('portal.loadError.network') : t('portal.loadError.other')}</Text>
        <Button size="xs" variant="default" loading={retrying} onClick={onRetry}>
          {t('portal.loadError.retry')}
        </Button>
      </Stack>
    </Alert>
  );
}
