import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Group,
  Modal,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApiTokenScope,
  type ApiTokenSummary,
  useApiTokens,
  useCreateApiToken,
  useRevokeApiToken,
} from '../api/admin.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { formatDate, formatDateTime } from '../i18n/dates.ts';
import { currentLanguage } from '../i18n/index.ts';

const allScopes: readonly ApiTokenScope[] = ['reports:read', 'reports:write', 'units:read'];
const expiryChoices = [30, 90, 180, 365] as const;
/** i18next reads `:` as a namespace separator, so the catalogue spells `reports:read` as `reports_read`. */
const scopeKey = (scope: ApiTokenScope) =>
  scope.replace(':', '_') as 'reports_read' | 'reports_write' | 'units_read';

/** `/admin/api-tokens`: create a token (shown once), list the organisation's tokens, revoke one. */
export function ApiTokensPage() {
  return <RequireArea area="administration">{() => <ApiTokens />}</RequireArea>;
}

function formatTime(iso: string, withTime = true): string {
  return withTime ? formatDateTime(iso, currentLanguage()) : formatDate(iso, currentLanguage());
}

function ApiTokens() {
  const { t } = useTranslation();
  const [shown, setShown] = useState<{ token: string; name: string } | null>(null);
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <PageTitle>{t('adminTools.apiTokens.title')}</PageTitle>
        <Text c="dimmed" maw={720}>
          {t('adminTools.apiTokens.intro')}
        </Text>
      </Stack>
      {shown ? (
        <ShownOnce token={shown.token} onDone={() => setShown(null)} />
      ) : (
        <CreateToken onCreated={setShown} />
      )}
      <TokenList />
    </Stack>
  );
}

function CreateToken({ onCreated }: { onCreated: (shown: { token: string; name: string }) => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const create = useCreateApiToken();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [days, setDays] = useState<string>('90');
  const [tried, setTried] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (name.trim() === '' || scopes.length === 0) return;
    create.mutate(
      { name: name.trim(), scopes: scopes as ApiTokenScope[], expiresInDays: Number(days) },
      {
        onSuccess: (created) => {
          onCreated({ token: created.token, name: created.apiToken.name });
          setName('');
          setScopes([]);
          setTried(false);
        },
      },
    );
  };

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }} maw={720}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id={headingId}>
            {t('adminTools.apiTokens.create.heading')}
          </Title>
          <TextInput
            label={t('adminTools.apiTokens.create.name')}
            description={t('adminTools.apiTokens.create.nameHelp')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={100}
            required
            error={tried && name.trim() === '' ? t('adminTools.apiTokens.create.nameHelp') : undefined}
          />
          <Checkbox.Group
            label={t('adminTools.apiTokens.create.scopes')}
            value={scopes}
            onChange={setScopes}
            required
            error={tried && scopes.length === 0 ? t('adminTools.apiTokens.create.scopesRequired') : undefined}
          >
            <Stack gap="xs" mt="xs">
              {allScopes.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={t(`adminTools.apiTokens.scope.${scopeKey(scope)}`)}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          <Select
            label={t('adminTools.apiTokens.create.expiry')}
            value={days}
            onChange={(value) => setDays(value ?? '90')}
            allowDeselect={false}
            maw={240}
            data={expiryChoices.map((count) => ({
              value: String(count),
              label:
                count === 365
                  ? t('adminTools.apiTokens.create.year')
                  : t('adminTools.apiTokens.create.days', { count }),
            }))}
          />
          <ErrorNotice error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('adminTools.apiTokens.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ShownOnce({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const tokenId = useId();
  return (
    <Alert
      color="yellow"
      variant="light"
      title={t('adminTools.apiTokens.created.title')}
      maw={720}
      role="status"
    >
      <Stack gap="sm">
        <Text size="sm">{t('adminTools.apiTokens.created.text')}</Text>
        <Code
          block
          id={tokenId}
          data-testid="api-token"
          fz="md"
          style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}
        >
          {token}
        </Code>
        <Group gap="xs">
          <CopyButton value={token}>
            {({ copied, copy }) => (
              <Button variant="default" size="xs" onClick={copy} aria-describedby={tokenId}>
                {copied ? t('adminTools.apiTokens.created.copied') : t('adminTools.apiTokens.created.copy')}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" onClick={onDone}>
            {t('adminTools.apiTokens.created.done')}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function statusOf(token: ApiTokenSummary): 'active' | 'expired' | 'revoked' {
  if (token.revokedAt) return 'revoked';
  return Date.parse(token.expiresAt) <= Date.now() ? 'expired' : 'active';
}

const statusColour = { active: 'teal', expired: 'gray', revoked: 'red' } as const;

function TokenList() {
  const { t } = useTranslation();
  const headingId = useId();
  const tokens = useApiTokens();
  const loaded = tokens.data?.pages.flatMap((page) => page.apiTokens);
  const revoke = useRevokeApiToken();
  const [asked, setAsked] = useState<ApiTokenSummary | null>(null);

  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {t('adminTools.apiTokens.list.heading')}
        </Title>
        {tokens.error && (
          <ErrorNotice
            error={tokens.error}
            title={t('shell.error.loadFailed')}
            onRetry={() => void tokens.refetch()}
          />
        )}
        {tokens.isPending && <Loading label={t('shell.loading')} />}
        {loaded?.length === 0 && <Text>{t('adminTools.apiTokens.list.empty')}</Text>}
        {loaded && loaded.length > 0 && (
          <Table.ScrollContainer minWidth={880}>
            {/* Cells keep to one line (the container scrolls); only the name may wrap. */}
            <Table verticalSpacing="sm" striped aria-labelledby={headingId} style={{ whiteSpace: 'nowrap' }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('adminTools.apiTokens.list.name')}</Table.Th>
                  <Table.Th>{t('adminTools.apiTokens.list.prefix')}</Table.Th>
                  <Table.Th>{t('adminTools.apiTokens.list.scopes')}</Table.Th>
                  <Table.Th>{t('adminTools.apiTokens.list.createdBy')}</Table.Th>
                  <Table.Th>{t('adminTools.apiTokens.list.createdAt')}</Table.Th>
                  <Table.Th>{t('adminTools.apiTokens.list.expiresAt')}</Table.Th>
                  <Table.Th>{t('adminTools.apiTokens.list.lastUsedAt')}</Table.Th>
                  <Table.Th>{t('adminTools.apiTokens.list.status')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('adminTools.apiTokens.list.revoke')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {loaded.map((token) => {
                  const status = statusOf(token);
                  return (
                    <Table.Tr key={token.id}>
                      <Table.Td fw={500} style={{ whiteSpace: 'normal', minWidth: 140 }}>
                        {token.name}
                      </Table.Td>
                      <Table.Td>
                        <Code>{token.prefix}…</Code>
                      </Table.Td>
                      <Table.Td>
                        <Stack gap={2}>
                          {token.scopes.map((scope) => (
                            <Text key={scope} size="xs" ff="monospace">
                              {scope}
                            </Text>
                          ))}
                        </Stack>
                      </Table.Td>
                      <Table.Td>{token.createdBy.displayName}</Table.Td>
                      <Table.Td>{formatTime(token.createdAt, false)}</Table.Td>
                      <Table.Td>{formatTime(token.expiresAt, false)}</Table.Td>
                      <Table.Td>
                        {token.lastUsedAt
                          ? formatTime(token.lastUsedAt)
                          : t('adminTools.apiTokens.list.never')}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={statusColour[status]} variant="light">
                          {t(`adminTools.apiTokens.list.${status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {status !== 'revoked' && (
                          <Button
                            variant="subtle"
                            color="red"
                            size="xs"
                            onClick={() => setAsked(token)}
                            aria-label={t('adminTools.apiTokens.list.revokeLabel', { name: token.name })}
                          >
                            {t('adminTools.apiTokens.list.revoke')}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMore list={tokens} />
      </Stack>
      <Modal
        opened={asked !== null}
        onClose={() => setAsked(null)}
        title={t('adminTools.apiTokens.revoke.title', { name: asked?.name ?? '' })}
      >
        <Stack gap="md">
          <Text size="sm">{t('adminTools.apiTokens.revoke.text')}</Text>
          <ErrorNotice error={revoke.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsked(null)}>
              {t('adminTools.apiTokens.revoke.cancel')}
            </Button>
            <Button
              color="red"
              loading={revoke.isPending}
              onClick={() =>
                asked &&
                revoke.mutate(asked.id, {
                  onSuccess: () => setAsked(null),
                })
              }
            >
              {t('adminTools.apiTokens.revoke.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
