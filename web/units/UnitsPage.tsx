import {
  Alert,
  Anchor,
  Box,
  Button,
  Code,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type UnitSummary, useUnitOverview } from '../api/units.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { RequireArea } from '../components/RequireArea.tsx';
import { MembersDrawer } from './MembersDrawer.tsx';
import { CreateUnitDialog, MoveUnitDialog, RenameUnitDialog } from './UnitDialogs.tsx';

/**
 * `/admin/units`: the organisation's units as a tree (top-level units, their sub-units indented below
 * them), each with its slug, members, who is on duty and its portal link; create, rename and move units.
 * Units are never deleted: reports and cases belong to them.
 */
export function UnitsPage() {
  return <RequireArea area="administration">{() => <Units />}</RequireArea>;
}

type Dialog = { kind: 'create' } | { kind: 'rename' | 'move'; unit: UnitSummary } | null;

/** The portal link as people open it: the app's own address and the server's path. */
const absolute = (path: string) => `${window.location.origin}${path}`;

function Units() {
  const { t } = useTranslation();
  const overview = useUnitOverview();
  const [dialog, setDialog] = useState<Dialog>(null);
  // The unit stays set while the drawer closes, so its title does not vanish during the transition.
  const [membersOf, setMembersOf] = useState<UnitSummary | null>(null);
  const [membersOpen, setMembersOpen] = useState(false);
  const showMembers = (unit: UnitSummary) => {
    setMembersOf(unit);
    setMembersOpen(true);
  };
  const [notice, setNotice] = useState<string | null>(null);
  const done = (text: string) => {
    setDialog(null);
    setNotice(text);
  };
  const units = overview.data?.units ?? [];
  const topLevel = units.filter((unit) => unit.parentId === null);
  const childrenOf = (id: string) => units.filter((unit) => unit.parentId === id);
  const can = overview.data?.can;

  return (
    <Stack gap="lg" maw={1000}>
      <Group justify="space-between" align="flex-end" gap="md">
        <Stack gap={4} maw={720}>
          <PageTitle>{t('units.title')}</PageTitle>
          <Text c="dimmed">{t('units.intro')}</Text>
        </Stack>
        {can?.create && (
          <Button onClick={() => setDialog({ kind: 'create' })} data-testid="unit-new">
            {t('units.newUnit')}
          </Button>
        )}
      </Group>
      <Stack gap={notice ? 'sm' : 0}>
        <Alert color="blue" variant="light">
          {t('units.noDeletion')}
        </Alert>
        {/* Always present, so screen readers announce what happened. */}
        <div role="status">
          {notice && (
            <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
              {notice}
            </Alert>
          )}
        </div>
      </Stack>
      {overview.isPending && <Loading label={t('units.loading')} />}
      {overview.error && (
        <ErrorNotice
          error={overview.error}
          title={t('shell.error.loadFailed')}
          onRetry={() => void overview.refetch()}
        />
      )}
      {overview.data && units.length === 0 && <Text>{t('units.empty')}</Text>}
      {overview.data && units.length > 0 && (
        <>
          <Group gap="xs" wrap="wrap">
            <Text size="sm">{t('units.generalLink')}</Text>
            <PortalLink path={overview.data.portalPath} name={t('units.allUnits')} />
          </Group>
          <Stack
            component="ul"
            gap="md"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label={t('units.treeLabel')}
            data-testid="units-tree"
          >
            {topLevel.map((unit) => (
              <UnitItem
                key={unit.id}
                unit={unit}
                level={1}
                canRename={can?.rename ?? false}
                canMove={can?.move ?? false}
                onMembers={showMembers}
                onRename={(target) => setDialog({ kind: 'rename', unit: target })}
                onMove={(target) => setDialog({ kind: 'move', unit: target })}
              >
                {childrenOf(unit.id)}
              </UnitItem>
            ))}
          </Stack>
        </>
      )}
      {dialog?.kind === 'create' && (
        <CreateUnitDialog
          units={units}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('units.create.done', { name }))}
        />
      )}
      {dialog?.kind === 'rename' && (
        <RenameUnitDialog
          unit={dialog.unit}
          onClose={() => setDialog(null)}
          onDone={(name) => done(t('units.rename.done', { old: dialog.unit.name, name }))}
        />
      )}
      {dialog?.kind === 'move' && (
        <MoveUnitDialog
          unit={dialog.unit}
          units={units}
          onClose={() => setDialog(null)}
          onDone={(parent) =>
            done(
              parent
                ? t('units.move.doneUnder', { name: dialog.unit.name, parent: parent.name })
                : t('units.move.doneTop', { name: dialog.unit.name }),
            )
          }
        />
      )}
      <MembersDrawer unit={membersOf} opened={membersOpen} onClose={() => setMembersOpen(false)} />
    </Stack>
  );
}

/** A unit of the tree, its sub-units in a nested list below it (a list in a list: screen readers say the level). */
function UnitItem({
  unit,
  level,
  canRename,
  canMove,
  onMembers,
  onRename,
  onMove,
  children,
}: {
  unit: UnitSummary;
  level: 1 | 2;
  canRename: boolean;
  canMove: boolean;
  onMembers: (unit: UnitSummary) => void;
  onRename: (unit: UnitSummary) => void;
  onMove: (unit: UnitSummary) => void;
  children: UnitSummary[];
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const onDuty = unit.onDuty.map((person) => person.name).join(', ');
  return (
    <Box component="li" aria-labelledby={headingId} data-testid={`unit-${unit.slug}`}>
      <Paper withBorder p={{ base: 'sm', sm: 'md' }}>
        <Stack gap="xs">
          <Group justify="space-between" align="flex-start" gap="sm">
            <Stack gap={2}>
              <Group gap="xs" align="baseline">
                <Title order={level === 1 ? 2 : 3} size="h4" id={headingId}>
                  {unit.name}
                </Title>
                <Text size="sm" c="dimmed" component="span">
                  {t('units.unit.slug')}: <Code>{unit.slug}</Code>
                </Text>
              </Group>
              <Text size="sm">
                {t('units.unit.members', { count: unit.memberCount })} ·{' '}
                {onDuty ? t('units.unit.onDuty', { names: onDuty }) : t('units.unit.onDutyEveryone')}
              </Text>
            </Stack>
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                onClick={() => onMembers(unit)}
                aria-label={t('units.unit.showMembersLabel', { name: unit.name })}
              >
                {t('units.unit.showMembers')}
              </Button>
              {canRename && (
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => onRename(unit)}
                  aria-label={t('units.unit.renameLabel', { name: unit.name })}
                >
                  {t('units.unit.rename')}
                </Button>
              )}
              {canMove && (
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => onMove(unit)}
                  aria-label={t('units.unit.moveLabel', { name: unit.name })}
                >
                  {t('units.unit.move')}
                </Button>
              )}
            </Group>
          </Group>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" c="dimmed">
              {t('units.unit.portalLink')}:
            </Text>
            <PortalLink path={unit.portalPath} name={unit.name} />
          </Group>
        </Stack>
      </Paper>
      {children.length > 0 && (
        <Stack
          component="ul"
          gap="sm"
          mt="sm"
          mb={0}
          ml={{ base: 'md', sm: 'xl' }}
          pl={{ base: 'sm', sm: 'md' }}
          style={{ listStyle: 'none', borderLeft: '2px solid var(--mantine-color-gray-4)' }}
        >
          {children.map((child) => (
            <UnitItem
              key={child.id}
              unit={child}
              level={2}
              canRename={canRename}
              canMove={canMove}
              onMembers={onMembers}
              onRename={onRename}
              onMove={onMove}
            >
              {[]}
            </UnitItem>
          ))}
        </Stack>
      )}
    </Box>
  );
}

/** A portal link that opens in a new tab, and a button that copies it. */
function PortalLink({ path, name }: { path: string; name: string }) {
  const { t } = useTranslation();
  const url = absolute(path);
  return (
    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
      <Anchor
        href={url}
        target="_blank"
        rel="noopener"
        size="sm"
        style={{ overflowWrap: 'anywhere' }}
        title={t('units.unit.newTab')}
      >
        {url}
      </Anchor>
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button
            variant="light"
            size="compact-xs"
            onClick={copy}
            aria-label={`${t('units.unit.copy')}: ${name}`}
          >
            {copied ? t('units.unit.copied') : t('units.unit.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}
