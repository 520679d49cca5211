import {
  Alert,
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  NumberInput,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AccessReviewOverview,
  type AccessReviewUser,
  useAccessReview,
  useCompleteReview,
  useConfirmAccess,
  useRevokeAccess,
  useSaveReviewSettings,
  useStartReview,
} from '../api/access-review.ts';
import type { SessionInfo } from '../api/auth.ts';
import { ErrorNotice, explainError } from '../components/ErrorNotice.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { roleLabel, specialtyLabel } from '../components/labels.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { formatDate } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

/**
 * `/admin/access-review`: who can see which cases (through units and case teams), who has been inactive,
 * and the periodic review in which an admin confirms each person's access or revokes part of it. The
 * server counts and decides; this page shows the counts and asks before each change.
 */
export function AccessReviewPage() {
  return <RequireArea area="administration">{(session) => <AccessReview session={session} />}</RequireArea>;
}

type Pending =
  | { kind: 'confirm'; user: AccessReviewUser }
  | { kind: 'team'; user: AccessReviewUser; caseId: string; reference: string }
  | { kind: 'unit'; user: AccessReviewUser; unitId: string; unit: string }
  | { kind: 'account'; user: AccessReviewUser };
type Outcome = { ok: boolean; text: string };
type Filter = 'all' | 'inactive' | 'pending';

function AccessReview({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const review = useAccessReview();
  const confirmAccess = useConfirmAccess();
  const revokeAccess = useRevokeAccess();
  const phone = useMediaQuery('(max-width: 62em)');
  const [pending, setPending] = useState<Pending | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [filter, setFilter] = useState<Filter>('all');

  const first = review.data?.pages[0];
  const loaded = review.data?.pages.flatMap((page) => page.users) ?? [];
  const failed = (error: Error) =>
    setOutcome({
      ok: false,
      text: t('accessReview.done.failed', { message: explainError(error, t).message }),
    });
  const shown = loaded.filter((user) =>
    filter === 'inactive'
      ? user.inactive || (user.invitation?.expired ?? false)
      : filter === 'pending'
        ? first?.review
          ? !user.currentReview?.confirmedAt
          : !user.lastConfirmed
        : true,
  );

  const decide = () => {
    if (!pending) return;
    const name = pending.user.name;
    const settled = { onError: failed, onSettled: () => setPending(undefined) };
    if (pending.kind === 'confirm') {
      confirmAccess.mutate(pending.user.id, {
        ...settled,
        onSuccess: () => setOutcome({ ok: true, text: t('accessReview.done.confirmed', { name }) }),
      });
      return;
    }
    const revocation =
      pending.kind === 'team'
        ? { what: 'team_membership' as const, caseId: pending.caseId }
        : pending.kind === 'unit'
          ? { what: 'unit' as const, unitId: pending.unitId }
          : { what: 'account' as const };
    revokeAccess.mutate(
      { userId: pending.user.id, revocation },
      {
        ...settled,
        onSuccess: () =>
          setOutcome({
            ok: true,
            text: t(
              pending.kind === 'account' ? 'accessReview.done.deactivated' : 'accessReview.done.revoked',
              {
                name,
              },
            ),
          }),
      },
    );
  };

  return (
    <Stack gap="lg">
      <Stack gap={4} maw={720}>
        <PageTitle>{t('accessReview.page.title')}</PageTitle>
        <Text c="dimmed">{t('accessReview.page.intro')}</Text>
      </Stack>

      {/* Always present, so screen readers announce what happened. */}
      <div role="status">
        {outcome?.ok && (
          <Alert color="green" variant="light" withCloseButton onClose={() => setOutcome(undefined)}>
            {outcome.text}
          </Alert>
        )}
      </div>
      {outcome && !outcome.ok && (
        <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => setOutcome(undefined)}>
          {outcome.text}
        </Alert>
      )}

      {review.isPending && <Loading label={t('accessReview.page.loading')} />}
      {review.error && (
        <ErrorNotice
          error={review.error}
          title={t('accessReview.page.errorTitle')}
          onRetry={() => void review.refetch()}
        />
      )}
      {first && (
        <>
          <ReviewPanel overview={first} onOutcome={setOutcome} onError={failed} />
          <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
            <SegmentedControl
              aria-label={t('accessReview.filter.label')}
              value={filter}
              onChange={(value) => setFilter(value as Filter)}
              data={[
                { value: 'all', label: t('accessReview.filter.all') },
                { value: 'inactive', label: t('accessReview.filter.inactive') },
                { value: 'pending', label: t('accessReview.filter.pending') },
              ]}
            />
            <Text size="sm" c="dimmed">
              {t('accessReview.table.count', { count: shown.length })}
            </Text>
          </Group>
          {shown.length === 0 ? (
            <Text c="dimmed">{t('accessReview.table.empty')}</Text>
          ) : phone ? (
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {shown.map((user) => (
                <Paper
                  key={user.id}
                  component="li"
                  withBorder
                  p="md"
                  data-testid={`access-user-${user.email}`}
                >
                  <Stack gap="sm">
                    <Person user={user} self={user.id === session.user.id} />
                    <Field label={t('accessReview.table.access')}>
                      <Scope user={user} />
                    </Field>
                    <Field label={t('accessReview.table.unitCases')}>
                      <UnitCases user={user} />
                    </Field>
                    <Field label={t('accessReview.table.teamCases')}>
                      <TeamCases user={user} />
                    </Field>
                    <Field label={t('accessReview.table.activity')}>
                      <Activity user={user} />
                    </Field>
                    <Field label={t('accessReview.table.reviewed')}>
                      <Reviewed user={user} reviewOpen={Boolean(first.review)} />
                    </Field>
                    <Actions user={user} onPending={setPending} />
                  </Stack>
                </Paper>
              ))}
            </Stack>
          ) : (
            <Table.ScrollContainer minWidth={1100}>
              <Table striped verticalSpacing="sm">
                <Table.Caption>
                  {t('accessReview.table.caption', { organisation: session.user.tenant.name })}
                </Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col" miw={230}>
                      {t('accessReview.table.person')}
                    </Table.Th>
                    <Table.Th scope="col">{t('accessReview.table.access')}</Table.Th>
                    <Table.Th scope="col">{t('accessReview.table.unitCases')}</Table.Th>
                    <Table.Th scope="col">{t('accessReview.table.teamCases')}</Table.Th>
                    <Table.Th scope="col">{t('accessReview.table.activity')}</Table.Th>
                    <Table.Th scope="col">{t('accessReview.table.reviewed')}</Table.Th>
                    <Table.Th scope="col">{t('accessReview.table.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((user) => (
                    <Table.Tr key={user.id} data-testid={`access-user-${user.email}`}>
                      <Table.Th scope="row" fw={400}>
                        <Person user={user} self={user.id === session.user.id} />
                      </Table.Th>
                      <Table.Td>
                        <Scope user={user} />
                      </Table.Td>
                      <Table.Td>
                        <UnitCases user={user} />
                      </Table.Td>
                      <Table.Td maw={280}>
                        <TeamCases user={user} />
                      </Table.Td>
                      <Table.Td>
                        <Activity user={user} />
                      </Table.Td>
                      <Table.Td>
                        <Reviewed user={user} reviewOpen={Boolean(first.review)} />
                      </Table.Td>
                      <Table.Td>
                        <Actions user={user} onPending={setPending} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <LoadMore list={review} />
          <SettingsForm overview={first} onOutcome={setOutcome} onError={failed} />
        </>
      )}

      <DecisionDialog
        pending={pending}
        busy={confirmAccess.isPending || revokeAccess.isPending}
        onCancel={() => setPending(undefined)}
        onDecide={decide}
      />
    </Stack>
  );
}

/** A part of a person's card on a phone, under the name its table column has on a wide screen. */
function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase">
        {label}
      </Text>
      {children}
    </Stack>
  );
}

function Person({ user, self }: { user: AccessReviewUser; self: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600} size="sm" component="span">
          {user.name}
        </Text>
        {self && (
          <Badge size="sm" variant="light">
            {t('accessReview.user.you')}
          </Badge>
        )}
      </Group>
      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
        {user.email}
      </Text>
      <Group gap={4}>
        {user.inactive && (
          <Badge size="sm" color="orange.9" variant="filled" data-testid="inactive-badge">
            {t('accessReview.user.inactive')}
          </Badge>
        )}
        {user.status === 'active' && user.neverSignedIn && (
          <Badge size="sm" color="gray" variant="light">
            {t('accessReview.user.neverSignedIn')}
          </Badge>
        )}
        {user.status === 'invited' && (
          <Badge
            size="sm"
            color={user.invitation?.expired ? 'orange.9' : 'blue'}
            variant={user.invitation?.expired ? 'filled' : 'light'}
          >
            {user.invitation?.expired
              ? t('accessReview.user.invitationExpired')
              : t('accessReview.user.invited')}
          </Badge>
        )}
      </Group>
      {user.invitation && (
        <Text size="xs" c="dimmed">
          {t('accessReview.user.invitationOpen', { date: formatDate(user.invitation.sentAt, language) })}
        </Text>
      )}
    </Stack>
  );
}

function Scope({ user }: { user: AccessReviewUser }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2}>
      <Text size="sm">
        {roleLabel(t, user.role)}
        {user.specialty ? ` · ${specialtyLabel(t, user.specialty)}` : ''}
      </Text>
      <Text size="sm" c="dimmed">
        {user.scope === 'tenant'
          ? t('accessReview.user.allUnits')
          : user.units.length > 0
            ? user.units.map((unit) => unit.name).join(', ')
            : t('accessReview.user.noUnits')}
      </Text>
      {user.alsoThreatManager && (
        <Text size="xs" c="dimmed">
          {t('accessReview.user.alsoThreatManager')}
        </Text>
      )}
      {user.apiTokens.length > 0 && (
        <Text size="xs" c="dimmed">
          {t('accessReview.user.tokens', { count: user.apiTokens.length })}
        </Text>
      )}
    </Stack>
  );
}

function UnitCases({ user }: { user: AccessReviewUser }) {
  const { t } = useTranslation();
  const { open, closed, access } = user.unitScope;
  if (access === null) return <Text size="sm">{t('accessReview.user.noneByUnit')}</Text>;
  return (
    <Stack gap={2}>
      <Text size="sm" data-testid="unit-cases">
        {t('accessReview.user.openClosed', { open, closed })}
      </Text>
      {access !== 'content' && (
        <Text size="xs" c="dimmed">
          {access === 'metadata' ? t('accessReview.user.metadataOnly') : t('accessReview.user.mixed')}
        </Text>
      )}
    </Stack>
  );
}

function TeamCases({ user }: { user: AccessReviewUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const { team } = user;
  if (team.open + team.closed === 0) return <Text size="sm">{t('accessReview.user.noTeams')}</Text>;
  const onlyByTeam = team.onlyByTeam.open + team.onlyByTeam.closed;
  return (
    <Stack gap={4}>
      <Text size="sm" data-testid="team-cases">
        {t('accessReview.user.openClosed', { open: team.open, closed: team.closed })}
      </Text>
      {onlyByTeam > 0 && (
        <Text size="xs" c="dimmed">
          {t('accessReview.user.teamOnly', team.onlyByTeam)}
        </Text>
      )}
      <Group gap={4}>
        {team.cases.map((item) => (
          <Badge
            key={item.caseId}
            size="sm"
            variant="outline"
            color={item.expiresAt ? 'orange.9' : 'gray.8'}
            style={{ textTransform: 'none' }}
          >
            {item.reference}
            {item.role === 'owner' ? ` · ${t('accessReview.user.owner')}` : ''}
            {item.expiresAt
              ? ` · ${t('accessReview.user.expires', { date: formatDate(item.expiresAt, language) })}`
              : ''}
          </Badge>
        ))}
        {team.more > 0 && (
          <Text size="xs" c="dimmed">
            {t('accessReview.user.more', { count: team.more })}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

function Activity({ user }: { user: AccessReviewUser }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  return (
    <Text size="sm">
      {user.lastSeenAt
        ? t('accessReview.user.lastSeen', { date: formatDate(user.lastSeenAt, language) })
        : t('accessReview.user.neverSeen')}
    </Text>
  );
}

function Reviewed({ user, reviewOpen }: { user: AccessReviewUser; reviewOpen: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const inReview = user.currentReview;
  return (
    <Stack gap={2}>
      {inReview?.confirmedAt ? (
        <Text size="sm" fw={600} c="green.9" data-testid="confirmed-badge">
          ✓ {t('accessReview.user.confirmedInReview')}
        </Text>
      ) : reviewOpen ? (
        <Text size="sm" c="dimmed">
          {t('accessReview.user.notReviewed')}
        </Text>
      ) : null}
      {user.lastConfirmed && (
        <Text size="xs" c="dimmed">
          {t('accessReview.user.confirmedOn', {
            date: formatDate(user.lastConfirmed.at, language),
            name: user.lastConfirmed.by.name,
          })}
        </Text>
      )}
      {(inReview?.revocations ?? 0) > 0 && (
        <Text size="xs" c="dimmed">
          {t('accessReview.user.revocations', { count: inReview?.revocations ?? 0 })}
        </Text>
      )}
    </Stack>
  );
}

function Actions({ user, onPending }: { user: AccessReviewUser; onPending: (pending: Pending) => void }) {
  const { t } = useTranslation();
  if (!user.can.confirm && !user.can.revoke) return null;
  const members = user.team.cases.filter((item) => item.role === 'member');
  return (
    <Group gap="xs" wrap="nowrap">
      {user.can.confirm && (
        <Button
          size="xs"
          variant="light"
          aria-label={t('accessReview.actions.confirmLabel', { name: user.name })}
          onClick={() => onPending({ kind: 'confirm', user })}
        >
          {t('accessReview.actions.confirm')}
        </Button>
      )}
      {user.can.revoke && (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="xs"
              variant="default"
              aria-label={t('accessReview.actions.revokeLabel', { name: user.name })}
            >
              {t('accessReview.actions.revoke')}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            {members.map((item) => (
              <Menu.Item
                key={item.caseId}
                onClick={() =>
                  onPending({ kind: 'team', user, caseId: item.caseId, reference: item.reference })
                }
              >
                {t('accessReview.actions.removeFromTeam', { reference: item.reference })}
              </Menu.Item>
            ))}
            {user.units.map((unit) => (
              <Menu.Item
                key={unit.id}
                onClick={() => onPending({ kind: 'unit', user, unitId: unit.id, unit: unit.name })}
              >
                {t('accessReview.actions.removeUnit', { unit: unit.name })}
              </Menu.Item>
            ))}
            <Menu.Item color="red.9" onClick={() => onPending({ kind: 'account', user })}>
              {t('accessReview.actions.deactivate')}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  );
}

function DecisionDialog({
  pending,
  busy,
  onCancel,
  onDecide,
}: {
  pending: Pending | undefined;
  busy: boolean;
  onCancel: () => void;
  onDecide: () => void;
}) {
  const { t } = useTranslation();
  const text = (() => {
    if (!pending) return { title: '', body: '' };
    const name = pending.user.name;
    switch (pending.kind) {
      case 'confirm': {
        const { unitScope, team } = pending.user;
        return {
          title: t('accessReview.dialog.confirmTitle', { name }),
          body: t('accessReview.dialog.confirmText', {
            name,
            unitCases: t('accessReview.user.openClosed', unitScope),
            teamCases: t('accessReview.user.openClosed', team),
          }),
        };
      }
      case 'team':
        return {
          title: t('accessReview.dialog.teamTitle', { name, reference: pending.reference }),
          body: t('accessReview.dialog.teamText', { name, reference: pending.reference }),
        };
      case 'unit':
        return {
          title: t('accessReview.dialog.unitTitle', { name, unit: pending.unit }),
          body: t('accessReview.dialog.unitText', { name, unit: pending.unit }),
        };
      default:
        return {
          title: t('accessReview.dialog.accountTitle', { name }),
          body: t('accessReview.dialog.accountText', { name }),
        };
    }
  })();
  return (
    <Modal
      opened={pending !== undefined}
      onClose={onCancel}
      title={text.title}
      centered
      closeButtonProps={{ 'aria-label': t('accessReview.dialog.cancel') }}
    >
      <Stack gap="md">
        <Text>{text.body}</Text>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('accessReview.dialog.cancel')}
          </Button>
          <Button color={pending?.kind === 'confirm' ? undefined : 'red.9'} loading={busy} onClick={onDecide}>
            {pending?.kind === 'confirm' ? t('accessReview.dialog.confirm') : t('accessReview.dialog.revoke')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function ReviewPanel({
  overview,
  onOutcome,
  onError,
}: {
  overview: AccessReviewOverview;
  onOutcome: (outcome: Outcome) => void;
  onError: (error: Error) => void;
}) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const headingId = useId();
  const start = useStartReview();
  const complete = useCompleteReview();
  const [dialog, setDialog] = useState<'start' | 'complete' | undefined>();
  const [period, setPeriod] = useState({ periodStart: '', periodEnd: '' });
  const { review, lastCompleted } = overview;
  const percent =
    review && review.progress.total > 0 ? (100 * review.progress.reviewed) / review.progress.total : 0;

  const startReview = () =>
    start.mutate(
      {
        ...(period.periodStart ? { periodStart: period.periodStart } : {}),
        ...(period.periodEnd ? { periodEnd: period.periodEnd } : {}),
      },
      {
        onSuccess: () => onOutcome({ ok: true, text: t('accessReview.review.started') }),
        onError,
        onSettled: () => setDialog(undefined),
      },
    );
  const completeReview = () =>
    review &&
    complete.mutate(review.id, {
      onSuccess: () => onOutcome({ ok: true, text: t('accessReview.review.completed') }),
      onError,
      onSettled: () => setDialog(undefined),
    });

  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Group gap="xs">
            <Title order={2} size="h4" id={headingId}>
              {t('accessReview.review.heading')}
            </Title>
            {overview.due && (
              <Badge color="orange.9" variant="filled">
                {t('accessReview.review.due')}
              </Badge>
            )}
          </Group>
          {overview.can.start && (
            <Button onClick={() => setDialog('start')}>{t('accessReview.review.start')}</Button>
          )}
          {overview.can.complete && review && (
            <Button variant="light" onClick={() => setDialog('complete')}>
              {t('accessReview.review.complete')}
            </Button>
          )}
        </Group>
        {review ? (
          <>
            <Text size="sm">
              {t('accessReview.review.open', {
                from: formatDate(review.periodStart, language),
                to: formatDate(review.periodEnd, language),
                name: review.startedBy.name,
                date: formatDate(review.startedAt, language),
              })}
            </Text>
            <Progress value={percent} aria-label={t('accessReview.review.progressLabel')} />
            <Text size="sm" data-testid="review-progress">
              {t('accessReview.review.progress', review.progress)}
            </Text>
          </>
        ) : (
          <Text size="sm">{t('accessReview.review.none')}</Text>
        )}
        <Text size="sm" c="dimmed">
          {lastCompleted?.completedAt
            ? t('accessReview.review.lastCompleted', {
                date: formatDate(lastCompleted.completedAt, language),
                name: lastCompleted.completedBy?.name ?? '',
              })
            : t('accessReview.review.never')}{' '}
          {!review && t('accessReview.review.dueOn', { date: formatDate(overview.dueOn, language) })}
        </Text>
      </Stack>

      <Modal
        opened={dialog === 'start'}
        onClose={() => setDialog(undefined)}
        title={t('accessReview.review.startTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('accessReview.dialog.cancel') }}
      >
        <Stack gap="md">
          <Text size="sm">{t('accessReview.review.startText')}</Text>
          <Group grow>
            <TextInput
              type="date"
              label={t('accessReview.review.periodStart')}
              value={period.periodStart}
              onChange={(event) => setPeriod({ ...period, periodStart: event.currentTarget.value })}
            />
            <TextInput
              type="date"
              label={t('accessReview.review.periodEnd')}
              value={period.periodEnd}
              onChange={(event) => setPeriod({ ...period, periodEnd: event.currentTarget.value })}
            />
          </Group>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setDialog(undefined)}>
              {t('accessReview.dialog.cancel')}
            </Button>
            <Button loading={start.isPending} onClick={startReview}>
              {t('accessReview.review.start')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      <Modal
        opened={dialog === 'complete'}
        onClose={() => setDialog(undefined)}
        title={t('accessReview.review.completeTitle')}
        centered
        closeButtonProps={{ 'aria-label': t('accessReview.dialog.cancel') }}
      >
        <Stack gap="md">
          <Text size="sm">
            {review &&
              t('accessReview.review.completeText', {
                ...review.progress,
                days: overview.settings.reviewEveryDays,
              })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setDialog(undefined)}>
              {t('accessReview.dialog.cancel')}
            </Button>
            <Button loading={complete.isPending} onClick={completeReview}>
              {t('accessReview.review.complete')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

function SettingsForm({
  overview,
  onOutcome,
  onError,
}: {
  overview: AccessReviewOverview;
  onOutcome: (outcome: Outcome) => void;
  onError: (error: Error) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const save = useSaveReviewSettings();
  const [values, setValues] = useState(overview.settings);
  if (!overview.can.configure) return null;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(values, {
            onSuccess: () => onOutcome({ ok: true, text: t('accessReview.settings.saved') }),
            onError,
          });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id={headingId}>
            {t('accessReview.settings.heading')}
          </Title>
          <Group align="flex-end" gap="md" wrap="wrap">
            <NumberInput
              label={t('accessReview.settings.inactiveAfterDays')}
              min={7}
              max={730}
              value={values.inactiveAfterDays}
              onChange={(value) => setValues({ ...values, inactiveAfterDays: Number(value) || 90 })}
            />
            <NumberInput
              label={t('accessReview.settings.reviewEveryDays')}
              min={7}
              max={730}
              value={values.reviewEveryDays}
              onChange={(value) => setValues({ ...values, reviewEveryDays: Number(value) || 91 })}
            />
            <Button type="submit" variant="default" loading={save.isPending}>
              {t('accessReview.settings.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
