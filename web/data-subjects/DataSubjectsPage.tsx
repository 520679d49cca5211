import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import {
  type DataSubjectMatch,
  type DataSubjectRequestDetail,
  type NamesReason,
  namesReasons,
  useConfirmMatches,
  useCreateDataSubjectRequest,
  useDataSubjectRequest,
  useDataSubjectRequests,
  useExportDataSubject,
  useProcessingRestriction,
  useReleaseDataSubjectRequest,
  worksOnDataSubjects,
} from '../api/data-subjects.ts';
import { ActionDialog, ErrorAlert } from '../components/ActionDialog.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { PageSkeleton } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { formatDate } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * `/privacy/data-subjects`: the data protection officer's (and admins') page for access requests (GDPR
 * Art. 15) and restriction of processing (Art. 18). Record a request, confirm the matches that are the
 * person, download the ZIP for review, restrict processing of a person record.
 */
export function DataSubjectsPage() {
  return (
    <RequireSignIn>
      {(session) => (worksOnDataSubjects(session) ? <DataSubjects /> : <Navigate to="/" replace />)}
    </RequireSignIn>
  );
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function DataSubjects() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const selected = params.get('request');
  const select = (id: string | null) => setParams(id ? { request: id } : {}, { replace: false });
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <PageTitle>{t('dataSubjects.title')}</PageTitle>
        <Text c="dimmed">{t('dataSubjects.intro')}</Text>
      </Stack>
      <Alert color="blue" variant="light">
        {t('dataSubjects.privacy')}
      </Alert>
      <NewRequest onCreated={select} />
      {selected && <RequestDetail id={selected} onClose={() => select(null)} />}
      <RequestList selected={selected} onSelect={select} />
    </Stack>
  );
}

function NewRequest({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateDataSubjectRequest();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [receivedOn, setReceivedOn] = useState(today());
  const [note, setNote] = useState('');
  const headingId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      {
        name: name.trim(),
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(receivedOn ? { receivedOn } : {}),
      },
      {
        onSuccess: (detail) => {
          setName('');
          setEmail('');
          setNote('');
          onCreated(detail.id);
        },
      },
    );
  };
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md" radius="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id={headingId}>
            {t('dataSubjects.form.heading')}
          </Title>
          <Group align="flex-start" grow wrap="wrap">
            <TextInput
              label={t('dataSubjects.form.name')}
              description={t('dataSubjects.form.nameHelp')}
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              required
              maxLength={200}
              miw={220}
              data-testid="dsar-name"
            />
            <TextInput
              label={t('dataSubjects.form.email')}
              description={t('dataSubjects.form.emailHelp')}
              type="email"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              maxLength={254}
              miw={220}
            />
            <TextInput
              label={t('dataSubjects.form.receivedOn')}
              description={t('dataSubjects.form.receivedOnHelp')}
              type="date"
              value={receivedOn}
              onChange={(event) => setReceivedOn(event.currentTarget.value)}
              miw={180}
            />
          </Group>
          <Textarea
            label={t('dataSubjects.form.note')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            autosize
            minRows={1}
            maxLength={2000}
          />
          <ErrorAlert error={create.error} />
          <Group justify="flex-end">
            <Button
              type="submit"
              loading={create.isPending}
              disabled={!name.trim()}
              data-testid="dsar-search"
            >
              {t('dataSubjects.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function StatusBadge({ status }: { status: DataSubjectRequestDetail['status'] }) {
  const { t } = useTranslation();
  const color = status === 'released' ? 'green.9' : status === 'exported' ? 'blue.9' : 'gray.8';
  return (
    <Badge color={color} variant="outline">
      {t(`dataSubjects.status.${status}`)}
    </Badge>
  );
}

function RequestList({ selected, onSelect }: { selected: string | null; onSelect: (id: string) => void }) {
  const { t } = useTranslation();
  const list = useDataSubjectRequests();
  const headingId = useId();
  if (list.isPending) return <PageSkeleton label={t('dataSubjects.list.heading')} />;
  const requests = list.data?.pages.flatMap((page) => page.requests) ?? [];
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={2} size="h4" id={headingId}>
        {t('dataSubjects.list.heading')}
      </Title>
      <ErrorAlert error={list.error} />
      {list.data && requests.length === 0 && <Text c="dimmed">{t('dataSubjects.list.empty')}</Text>}
      {requests.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover data-testid="dsar-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dataSubjects.list.name')}</Table.Th>
                <Table.Th>{t('dataSubjects.list.received')}</Table.Th>
                <Table.Th>{t('dataSubjects.list.due')}</Table.Th>
                <Table.Th>{t('dataSubjects.list.status')}</Table.Th>
                <Table.Th>{t('dataSubjects.list.confirmed')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden component="span">{t('dataSubjects.list.open')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {requests.map((request) => {
                const name = request.name ?? t('dataSubjects.list.unreadable');
                return (
                  <Table.Tr key={request.id} aria-current={request.id === selected ? 'true' : undefined}>
                    <Table.Td fw={500}>{name}</Table.Td>
                    <Table.Td>{formatDate(request.receivedOn, currentLanguage())}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="nowrap">
                        {formatDate(request.dueOn, currentLanguage())}
                        {request.overdue && (
                          <Badge color="red.9" variant="filled" size="sm">
                            {t('dataSubjects.list.overdue')}
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={request.status} />
                    </Table.Td>
                    <Table.Td>{request.confirmedCount}</Table.Td>
                    <Table.Td>
                      <Button
                        variant="default"
                        size="compact-sm"
                        onClick={() => onSelect(request.id)}
                        aria-label={t('dataSubjects.list.openLabel', { name })}
                      >
                        {t('dataSubjects.list.open')}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={list} />
    </Stack>
  );
}

function whereOf(match: DataSubjectMatch, t: TFunction): string {
  if (match.kind === 'person')
    return t('dataSubjects.detail.caseRef', { reference: match.caseReference ?? '' });
  if (match.caseReference)
    return t('dataSubjects.detail.reportOfCase', {
      report: match.reportReference ?? '',
      case: match.caseReference,
    });
  return t('dataSubjects.detail.reportRef', { reference: match.reportReference ?? '' });
}

function roleOf(role: string, t: TFunction): string {
  const known = ['person_of_concern', 'affected_person', 'witness', 'reporter', 'other'] as const;
  const found = known.find((candidate) => candidate === role) ?? 'other';
  return t(`dataSubjects.roles.${found}`);
}

function RequestDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const request = useDataSubjectRequest(id);
  const headingId = useId();
  if (request.isPending) return <PageSkeleton label={t('dataSubjects.detail.matchesHeading')} />;
  if (!request.data) return <ErrorAlert error={request.error} />;
  const detail = request.data;
  const name = detail.name ?? t('dataSubjects.list.unreadable');
  return (
    <Paper
      component="section"
      aria-labelledby={headingId}
      withBorder
      p="md"
      radius="md"
      data-testid="dsar-detail"
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Title order={2} size="h3" id={headingId}>
              {t('dataSubjects.detail.heading', { name })}
            </Title>
            <Group gap="xs">
              <StatusBadge status={detail.status} />
              <Text size="sm" c={detail.overdue ? 'red.9' : 'dimmed'}>
                {t('dataSubjects.detail.dueOn', { day: formatDate(detail.dueOn, currentLanguage()) })}
              </Text>
            </Group>
          </Stack>
          <Button variant="default" size="compact-sm" onClick={onClose}>
            {t('dataSubjects.detail.close')}
          </Button>
        </Group>
        <Matches key={detail.id} detail={detail} />
        <Export detail={detail} />
      </Stack>
    </Paper>
  );
}

function Matches({ detail }: { detail: DataSubjectRequestDetail }) {
  const { t } = useTranslation();
  const confirm = useConfirmMatches(detail.id);
  const restriction = useProcessingRestriction(detail.id);
  const [chosen, setChosen] = useState<Set<string>>(
    () =>
      new Set(detail.matches.filter((match) => match.confirmed).map((match) => `${match.kind}:${match.id}`)),
  );
  const [restricting, setRestricting] = useState<DataSubjectMatch | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const headingId = useId();
  const toggle = (key: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });
  const save = () => {
    const ids = (kind: 'person' | 'report') =>
      detail.matches.filter((m) => m.kind === kind && chosen.has(`${kind}:${m.id}`)).map((m) => m.id);
    confirm.mutate(
      { personIds: ids('person'), reportIds: ids('report') },
      { onSuccess: (updated) => setSaved(updated.confirmedCount) },
    );
  };
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={3} size="h4" id={headingId}>
        {t('dataSubjects.detail.matchesHeading')}
      </Title>
      {detail.matches.length === 0 ? (
        <Text c="dimmed">{t('dataSubjects.detail.noMatches')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed">
            {t('dataSubjects.detail.matchesHelp')}
          </Text>
          <Table.ScrollContainer minWidth={720}>
            <Table data-testid="dsar-matches">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>
                    <VisuallyHidden component="span">{t('dataSubjects.detail.confirm')}</VisuallyHidden>
                  </Table.Th>
                  <Table.Th>{t('dataSubjects.detail.where')}</Table.Th>
                  <Table.Th>{t('dataSubjects.detail.role')}</Table.Th>
                  <Table.Th>{t('dataSubjects.detail.name')}</Table.Th>
                  <Table.Th>{t('dataSubjects.detail.restriction')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {detail.matches.map((match) => {
                  const key = `${match.kind}:${match.id}`;
                  const where = whereOf(match, t);
                  const who = match.pseudonym ? `${match.pseudonym} (${where})` : where;
                  return (
                    <Table.Tr key={key} data-testid="dsar-match">
                      <Table.Td>
                        <Checkbox
                          checked={chosen.has(key)}
                          onChange={(event) => toggle(key, event.currentTarget.checked)}
                          aria-label={t('dataSubjects.detail.isSubject', { where: who })}
                        />
                      </Table.Td>
                      <Table.Td ff="monospace" fw={600}>
                        {where}
                      </Table.Td>
                      <Table.Td>
                        {roleOf(match.role, t)}
                        {match.pseudonym ? ` · ${match.pseudonym}` : ''}
                      </Table.Td>
                      <Table.Td>
                        <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
                          {match.name ?? t('dataSubjects.list.unreadable')}
                        </Text>
                        {match.hint && (
                          <Text size="xs" c="dimmed">
                            {match.hint}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {match.kind === 'person' &&
                          (match.processingRestrictedAt ? (
                            <Group gap={6} wrap="nowrap">
                              <Badge color="orange.9" variant="outline">
                                {t('dataSubjects.detail.restricted')}
                              </Badge>
                              {detail.can.restrict && (
                                <Button
                                  variant="subtle"
                                  size="compact-xs"
                                  loading={restriction.isPending}
                                  onClick={() =>
                                    restriction.mutate({ personId: match.id, restricted: false })
                                  }
                                  aria-label={t('dataSubjects.detail.liftLabel', { who })}
                                >
                                  {t('dataSubjects.detail.lift')}
                                </Button>
                              )}
                            </Group>
                          ) : (
                            detail.can.restrict && (
                              <Button
                                variant="default"
                                size="compact-xs"
                                onClick={() => setRestricting(match)}
                                aria-label={t('dataSubjects.detail.restrictLabel', { who })}
                              >
                                {t('dataSubjects.detail.restrict')}
                              </Button>
                            )
                          ))}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <ErrorAlert error={confirm.error ?? restriction.error} />
          <Group justify="flex-end" gap="sm">
            <div aria-live="polite">
              {saved !== null && (
                <Text size="sm" c="green.9" data-testid="dsar-confirmed">
                  {t('dataSubjects.detail.confirmed', { count: saved })}
                </Text>
              )}
            </div>
            <Button onClick={save} loading={confirm.isPending} data-testid="dsar-confirm">
              {t('dataSubjects.detail.confirm')}
            </Button>
          </Group>
        </>
      )}
      {restricting && (
        <RestrictDialog
          match={restricting}
          who={
            restricting.pseudonym
              ? `${restricting.pseudonym} (${whereOf(restricting, t)})`
              : whereOf(restricting, t)
          }
          requestId={detail.id}
          onClose={() => setRestricting(null)}
        />
      )}
    </Stack>
  );
}

function RestrictDialog({
  match,
  who,
  requestId,
  onClose,
}: {
  match: DataSubjectMatch;
  who: string;
  requestId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const restriction = useProcessingRestriction(requestId);
  const [reason, setReason] = useState('');
  return (
    <ActionDialog
      title={t('dataSubjects.restrictDialog.title', { who })}
      intro={t('dataSubjects.restrictDialog.intro')}
      submitLabel={t('dataSubjects.restrictDialog.submit')}
      submitColor="orange.9"
      pending={restriction.isPending}
      error={restriction.error}
      onClose={onClose}
      onSubmit={() => {
        if (!reason.trim()) return;
        restriction.mutate(
          { personId: match.id, restricted: true, reason: reason.trim() },
          { onSuccess: onClose },
        );
      }}
    >
      <Textarea
        label={t('dataSubjects.restrictDialog.reason')}
        value={reason}
        onChange={(event) => setReason(event.currentTarget.value)}
        required
        autosize
        minRows={2}
        maxLength={2000}
        data-autofocus
      />
    </ActionDialog>
  );
}

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

function Export({ detail }: { detail: DataSubjectRequestDetail }) {
  const { t } = useTranslation();
  const exported = useExportDataSubject(detail.id);
  const release = useReleaseDataSubjectRequest(detail.id);
  const [includeNames, setIncludeNames] = useState(false);
  const [reason, setReason] = useState<NamesReason | null>(null);
  const [savedAs, setSavedAs] = useState<string | null>(null);
  const headingId = useId();
  const download = () => {
    setSavedAs(null);
    // Role labels and the manifest's notes in the language the officer works in.
    const language = currentLanguage();
    exported.mutate(
      includeNames && reason ? { includeNames: true, namesReason: reason, language } : { language },
      {
        onSuccess: (file) => {
          saveFile(file.blob, file.fileName);
          setSavedAs(file.fileName);
        },
      },
    );
  };
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={3} size="h4" id={headingId}>
        {t('dataSubjects.export.heading')}
      </Title>
      <Text size="sm">{t('dataSubjects.export.help')}</Text>
      <Alert color="yellow" variant="light" title={t('dataSubjects.export.reviewTitle')}>
        {t('dataSubjects.export.review')}
      </Alert>
      {detail.can.export_names && (
        <Group align="flex-end" gap="md" wrap="wrap">
          <Checkbox
            label={t('dataSubjects.export.includeNames')}
            description={t('dataSubjects.export.includeNamesHelp')}
            checked={includeNames}
            onChange={(event) => setIncludeNames(event.currentTarget.checked)}
          />
          {includeNames && (
            <Select
              label={t('dataSubjects.export.reason')}
              data={namesReasons.map((value) => ({
                value,
                label: t(`dataSubjects.export.reasons.${value}`),
              }))}
              value={reason}
              onChange={(value) => setReason(value as NamesReason | null)}
              required
              w={280}
            />
          )}
        </Group>
      )}
      <ErrorAlert error={exported.error ?? release.error} />
      <div aria-live="polite">
        {savedAs && (
          <Text size="sm" c="green.9" data-testid="dsar-downloaded">
            {t('dataSubjects.export.downloaded', { fileName: savedAs })}
          </Text>
        )}
      </div>
      <Group justify="flex-end" gap="sm">
        {detail.status === 'exported' && (
          <Button
            variant="default"
            onClick={() => release.mutate()}
            loading={release.isPending}
            title={t('dataSubjects.export.releaseHelp')}
          >
            {t('dataSubjects.export.release')}
          </Button>
        )}
        <Button
          onClick={download}
          loading={exported.isPending}
          disabled={detail.confirmedCount === 0 || (includeNames && !reason)}
          data-testid="dsar-export"
        >
          {t('dataSubjects.export.download')}
        </Button>
      </Group>
    </Stack>
  );
}
