import { ActionIcon, Alert, Badge, Button, Group, Menu, Modal, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../api/auth.ts';
import { useUnits } from '../api/reports.ts';
import {
  type AdminUser,
  type InvitationAnswer,
  managesUsers,
  useDeactivateUser,
  useInviteUser,
  useRevokeUserSessions,
  useUsers,
} from '../api/users.ts';
import { ErrorNotice, explainError } from '../components/ErrorNotice.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { roleLabel, specialtyLabel } from '../components/labels.ts';
import { NoticePage } from '../components/PageNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireSignIn } from '../components/RequireSignIn.tsx';
import { InvitationLinkModal } from './InvitationLinkModal.tsx';
import { EditRoleModal, InviteUserModal } from './UserModals.tsx';

/** `/admin/users`: the organisation's users; invite, change roles, sign out everywhere, deactivate. */
export function UsersPage() {
  return <RequireSignIn>{(session) => <Users session={session} />}</RequireSignIn>;
}

type Confirming = { kind: 'deactivate' | 'revoke'; user: AdminUser };
type Outcome = { ok: boolean; text: string };

const statusColor = { active: 'green', invited: 'blue', deactivated: 'gray' } as const;

function Users({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const allowed = managesUsers(session);
  const users = useUsers();
  const units = useUnits();
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<AdminUser | undefined>();
  const [confirming, setConfirming] = useState<Confirming | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const deactivate = useDeactivateUser();
  const revoke = useRevokeUserSessions();
  const resend = useInviteUser();
  // The link of an invitation that TMA could not e-mail (no e-mail set up), for the admin to pass on.
  const [linkToPass, setLinkToPass] = useState<InvitationAnswer | undefined>();

  if (!allowed) return <NoticePage title={t('users.page.title')}>{t('users.page.adminsOnly')}</NoticePage>;

  const unitName = new Map((units.data ?? []).map((unit) => [unit.id, unit.name]));
  const loaded = users.data?.pages.flatMap((page) => page.users);
  const failed = (error: Error) =>
    setOutcome({ ok: false, text: t('users.failed', { message: explainError(error, t).message }) });

  const confirm = () => {
    if (!confirming) return;
    const { user, kind } = confirming;
    const name = user.displayName;
    const settled = { onError: failed, onSettled: () => setConfirming(undefined) };
    if (kind === 'deactivate')
      deactivate.mutate(user.id, {
        ...settled,
        onSuccess: () => setOutcome({ ok: true, text: t('users.deactivate.done', { name }) }),
      });
    else
      revoke.mutate(user.id, {
        ...settled,
        onSuccess: ({ sessionsRevoked }) =>
          setOutcome({ ok: true, text: t('users.revoke.done', { name, count: sessionsRevoked }) }),
      });
  };

  /** After inviting (again): "sent", or, without e-mail, the link to pass on. */
  const invited = (answer: InvitationAnswer) => {
    if (answer.invitationLink) {
      setOutcome({ ok: true, text: t('users.invite.linkCreated', { email: answer.email }) });
      setLinkToPass(answer);
    } else setOutcome({ ok: true, text: t('users.invite.sent', { email: answer.email }) });
  };

  const resendInvitation = (user: AdminUser) =>
    resend.mutate(
      {
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        specialty: user.specialty,
        tenantWide: user.tenantWide,
        unitIds: user.unitIds,
      },
      { onSuccess: invited, onError: failed },
    );

  const unitsOf = (user: AdminUser) =>
    user.role === 'admin' || user.tenantWide
      ? t('users.table.allUnits')
      : user.unitIds.length === 0
        ? t('users.table.noUnits')
        : user.unitIds.map((id) => unitName.get(id) ?? id).join(', ');

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4} maw={640}>
          <PageTitle>{t('users.page.title')}</PageTitle>
          <Text c="dimmed">{t('users.page.intro')}</Text>
        </Stack>
        <Button onClick={() => setInviting(true)}>{t('users.page.invite')}</Button>
      </Group>

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

      {users.isPending && <Loading label={t('users.page.loading')} />}
      {users.error && (
        <ErrorNotice
          error={users.error}
          title={t('users.page.errorTitle')}
          onRetry={() => void users.refetch()}
        />
      )}
      {loaded && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="sm">
            <Table.Caption>
              {t('users.table.caption', { organisation: session.user.tenant.name })} ·{' '}
              {users.hasNextPage
                ? t('users.page.countSoFar', { count: loaded.length })
                : t('users.page.count', { count: loaded.length })}
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('users.table.name')}</Table.Th>
                <Table.Th scope="col">{t('users.table.role')}</Table.Th>
                <Table.Th scope="col">{t('users.table.units')}</Table.Th>
                <Table.Th scope="col">{t('users.table.status')}</Table.Th>
                <Table.Th scope="col">
                  <span style={srOnly}>{t('users.table.actions')}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {loaded.map((user) => (
                <Table.Tr key={user.id} data-testid={`user-${user.email}`}>
                  <Table.Th scope="row" fw={400}>
                    <Group gap="xs" wrap="nowrap">
                      <Text fw={600} size="sm" component="span">
                        {user.displayName}
                      </Text>
                      {user.id === session.user.id && (
                        <Badge size="sm" variant="light">
                          {t('users.table.you')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {user.email}
                    </Text>
                  </Table.Th>
                  <Table.Td>
                    <Text size="sm">{roleLabel(t, user.role)}</Text>
                    {user.specialty && (
                      <Text size="sm" c="dimmed">
                        {specialtyLabel(t, user.specialty)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{unitsOf(user)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusColor[user.status]} variant="light">
                      {t(`users.status.${user.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <UserActions
                      user={user}
                      onChangeRole={() => setEditing(user)}
                      onResend={() => resendInvitation(user)}
                      onRevoke={() => setConfirming({ kind: 'revoke', user })}
                      onDeactivate={() => setConfirming({ kind: 'deactivate', user })}
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMore list={users} />

      <InviteUserModal
        opened={inviting}
        units={units.data ?? []}
        onClose={() => setInviting(false)}
        onInvited={(answer) => {
          setInviting(false);
          invited(answer);
        }}
      />
      <InvitationLinkModal answer={linkToPass} onClose={() => setLinkToPass(undefined)} />
      <EditRoleModal
        user={editing}
        onClose={() => setEditing(undefined)}
        onSaved={(user) => {
          setEditing(undefined);
          setOutcome({
            ok: true,
            text: t('users.editRole.saved', { name: user.displayName, role: roleLabel(t, user.role) }),
          });
        }}
      />
      <Modal
        opened={confirming !== undefined}
        onClose={() => setConfirming(undefined)}
        title={confirming && t(`users.${confirming.kind}.title`, { name: confirming.user.displayName })}
        centered
        closeButtonProps={{ 'aria-label': t('users.form.cancel') }}
      >
        <Stack gap="md">
          <Text>
            {confirming && t(`users.${confirming.kind}.text`, { name: confirming.user.displayName })}
          </Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(undefined)}>
              {t('users.form.cancel')}
            </Button>
            <Button color="red" loading={deactivate.isPending || revoke.isPending} onClick={confirm}>
              {confirming && t(`users.${confirming.kind}.confirm`)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

const srOnly = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function UserActions({
  user,
  onChangeRole,
  onResend,
  onRevoke,
  onDeactivate,
}: {
  user: AdminUser;
  onChangeRole: () => void;
  onResend: () => void;
  onRevoke: () => void;
  onDeactivate: () => void;
}) {
  const { t } = useTranslation();
  const live = user.status !== 'deactivated';
  const items = [
    live && user.can.change_role && { label: t('users.actions.changeRole'), onClick: onChangeRole },
    user.status === 'invited' && user.can.create && { label: t('users.actions.resend'), onClick: onResend },
    user.status === 'active' &&
      user.can.revoke_all_sessions && { label: t('users.actions.revokeSessions'), onClick: onRevoke },
    live &&
      user.can.deactivate && { label: t('users.actions.deactivate'), onClick: onDeactivate, danger: true },
  ].filter((item): item is { label: string; onClick: () => void; danger?: boolean } => !!item);
  if (items.length === 0) return null;
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={t('users.actions.menu', { name: user.displayName })}
        >
          <span aria-hidden="true">⋯</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {items.map((item) => (
          <Menu.Item key={item.label} onClick={item.onClick} color={item.danger ? 'red.9' : undefined}>
            {item.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
