import { Group, NavLink, Stack, Text, UnstyledButton } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import { type ComponentType, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { isAdmin } from '../api/admin.ts';
import { useMayTakePart } from '../api/assessments.ts';
import { readsAuditLog } from '../api/audit.ts';
import { type SessionInfo, useSession, worksIn } from '../api/auth.ts';
import { type InsightAccess, useInsightAccess } from '../api/dashboard.ts';
import { worksOnDataSubjects } from '../api/data-subjects.ts';
import { seesCertificates } from '../api/deletion-certificates.ts';
import { readsHandbook } from '../api/handbook.ts';
import { usesInbox } from '../api/reports.ts';
import { managesUsers } from '../api/users.ts';
import { InboxNavBadge } from '../reports/InboxNavBadge.tsx';
import { MyTasksNavBadge } from '../work/MyTasksNavBadge.tsx';
import { NavIcon, type NavIconName } from './NavIcons.tsx';

interface NavigationItem {
  to: string;
  label: ParseKeys;
  icon: NavIconName;
  /** Shown only when this says so (by default to everyone). */
  visible?: (
    session: SessionInfo | null | undefined,
    user: { assesses: boolean; insights: InsightAccess | undefined },
  ) => boolean;
  /** Something to count beside the label, e.g. unread notices (with its own text for screen readers). */
  badge?: ComponentType;
}

interface NavigationGroup {
  id: 'work' | 'knowledge' | 'insight' | 'privacy' | 'administration';
  label: ParseKeys;
  /** The administration's many settings fold away; the daily work stays in view. */
  collapsible?: boolean;
  items: readonly NavigationItem[];
}

// Each area of the app adds its entry to its group here (reports, cases, handbook, ...).
const groups: readonly NavigationGroup[] = [
  {
    id: 'work',
    label: 'shell.nav.work',
    items: [
      // The open tasks the overview lists, counted from what it last loaded (no extra, audited request).
      { to: '/', label: 'nav.overview', icon: 'home', badge: MyTasksNavBadge },
      // The threat managers' dashboard, one click from anywhere (the server says who has one).
      {
        to: '/dashboard',
        label: 'dashboard.nav',
        icon: 'dashboard',
        visible: (_session, { insights }) => !!insights?.dashboard,
      },
      // The unread count comes from the notification bell's poll: no extra request.
      { to: '/inbox', label: 'reports.nav.inbox', icon: 'inbox', visible: usesInbox, badge: InboxNavBadge },
      {
        to: '/cases',
        label: 'deletion.cases.nav',
        icon: 'cases',
        visible: (session) => worksIn(session, 'cases'),
      },
      // Re-assessments due, for whoever takes part in assessments (the server lists the cases they assess).
      // No count: reading the list is audited, so it is read when the page opens, not on every page.
      {
        to: '/assessments/due',
        label: 'assessments.due.nav',
        icon: 'due',
        visible: (session, { assesses }) => worksIn(session, 'cases') && assesses,
      },
    ],
  },
  {
    id: 'knowledge',
    label: 'shell.nav.knowledge',
    items: [
      // The team's procedures: admins, threat managers and experts read them (auditors and reporters do not).
      { to: '/handbook', label: 'handbook.nav', icon: 'handbook', visible: readsHandbook },
      // Everyone who works on cases or administers them reads the models (auditors see neither).
      { to: '/assessment-models', label: 'models.nav', icon: 'models', visible: readsModels },
    ],
  },
  {
    id: 'insight',
    label: 'shell.nav.insight',
    items: [
      // Anonymised figures for management: auditors, admins, tenant-wide threat managers (the server decides).
      {
        to: '/statistics',
        label: 'statistics.nav',
        icon: 'statistics',
        visible: (_session, { insights }) => !!insights?.statistics,
      },
      // Whoever receives an exported file may ask whether it is unaltered: every signed-in user.
      { to: '/exports/verify', label: 'exports.nav.verify', icon: 'verify', visible: signedIn },
    ],
  },
  {
    // What the data protection officer, the auditors and the admins answer for: who saw what, what was
    // deleted and when, what a person may ask for, who may still see what.
    id: 'privacy',
    label: 'shell.nav.privacy',
    items: [
      // Who did what: auditors and admins (server/modules/audit/policy.ts).
      { to: '/audit', label: 'audit.nav', icon: 'audit', visible: readsAuditLog },
      // What every deletion left on record: admins and auditors (the server decides all the same).
      {
        to: '/admin/deletion-certificates',
        label: 'certificates.nav',
        icon: 'certificates',
        visible: seesCertificates,
      },
      // Access requests and restriction of processing: the data protection officer and admins.
      {
        to: '/privacy/data-subjects',
        label: 'dataSubjects.nav',
        icon: 'dataSubjects',
        visible: worksOnDataSubjects,
      },
      { to: '/admin/retention', label: 'retention.nav', icon: 'retention', visible: isAdmin },
      { to: '/admin/access-review', label: 'accessReview.nav', icon: 'accessReview', visible: isAdmin },
    ],
  },
  {
    id: 'administration',
    label: 'shell.nav.administration',
    collapsible: true,
    items: [
      { to: '/admin/users', label: 'users.nav', icon: 'users', visible: managesUsers },
      { to: '/admin/units', label: 'units.nav', icon: 'units', visible: isAdmin },
      { to: '/admin/portal', label: 'adminTools.nav.portal', icon: 'portal', visible: isAdmin },
      {
        to: '/admin/case-categories',
        label: 'adminTools.nav.categories',
        icon: 'categories',
        visible: isAdmin,
      },
      { to: '/admin/case-templates', label: 'templates.nav', icon: 'templates', visible: isAdmin },
      { to: '/admin/measure-types', label: 'measures.admin.nav', icon: 'measures', visible: isAdmin },
      { to: '/admin/documents', label: 'documents.settings.nav', icon: 'documents', visible: isAdmin },
      { to: '/admin/assessments', label: 'assessments.settings.nav', icon: 'assessments', visible: isAdmin },
      { to: '/admin/api-tokens', label: 'adminTools.nav.apiTokens', icon: 'tokens', visible: isAdmin },
      { to: '/admin/security', label: 'security.nav', icon: 'security', visible: isAdmin },
      { to: '/admin/status', label: 'adminTools.nav.status', icon: 'status', visible: isAdmin },
    ],
  },
];

function readsModels(session: SessionInfo | null | undefined): boolean {
  return signedIn(session) && session?.user.role !== 'auditor';
}

function signedIn(session: SessionInfo | null | undefined): boolean {
  return !!session && !session.secondFactorSetupRequired;
}

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

const groupLabelStyle = {
  fontSize: 'var(--mantine-font-size-xs)',
  fontWeight: 700,
  letterSpacing: '0.04em',
  textTransform: 'uppercase',
  color: 'var(--mantine-color-dimmed)',
} as const;

const collapsedKey = 'tma.navigation.collapsed';

function readCollapsed(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(collapsedKey) ?? '[]');
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The entries of the navbar in groups (work, knowledge, insight, administration), each with its icon; the
 * administration folds away, and the choice is remembered in this browser. `onNavigate` lets the phone layout
 * close the navbar after a choice.
 */
export function MainNavigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { data: session } = useSession();
  const assesses = useMayTakePart(session);
  const insights = useInsightAccess(session).data;
  const [collapsed, setCollapsed] = useState<string[]>(readCollapsed);
  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = current.includes(id) ? current.filter((other) => other !== id) : [...current, id];
      try {
        localStorage.setItem(collapsedKey, JSON.stringify(next));
      } catch {
        // Private windows may refuse storage: the group still folds, just not for the next visit.
      }
      return next;
    });
  const shown = groups
    .map((group) => ({
      ...group,
      items: group.items.filter((item) => !item.visible || item.visible(session, { assesses, insights })),
    }))
    .filter((group) => group.items.length > 0);
  return (
    <Stack gap="md">
      {shown.map((group) => {
        const headingId = `navigation-group-${group.id}`;
        const listId = `navigation-list-${group.id}`;
        const holdsActive = group.items.some((item) => activeFor(pathname, item.to));
        // The group with the open page never hides it.
        const open = !group.collapsible || holdsActive || !collapsed.includes(group.id);
        const label = t(group.label);
        return (
          <div key={group.id} data-navigation-group={group.id}>
            {group.collapsible && !holdsActive ? (
              <UnstyledButton
                onClick={() => toggle(group.id)}
                aria-expanded={open}
                aria-controls={listId}
                id={headingId}
                w="100%"
                px="sm"
                py={4}
                style={groupLabelStyle}
              >
                <Group component="span" justify="space-between" wrap="nowrap">
                  <span>{label}</span>
                  <span
                    style={{
                      transform: open ? 'rotate(90deg)' : undefined,
                      transition: 'transform 150ms ease',
                    }}
                  >
                    <NavIcon name="chevron" size={14} />
                  </span>
                </Group>
              </UnstyledButton>
            ) : (
              <Text id={headingId} px="sm" py={4} style={groupLabelStyle}>
                {label}
              </Text>
            )}
            <ul
              id={listId}
              aria-labelledby={headingId}
              hidden={!open}
              style={{ listStyle: 'none', margin: 0, padding: 0 }}
            >
              {group.items.map((item) => {
                const active = activeFor(pathname, item.to);
                const Badge = item.badge;
                return (
                  <li key={item.to}>
                    <NavLink
                      component={Link}
                      to={item.to}
                      label={t(item.label)}
                      leftSection={<NavIcon name={item.icon} />}
                      rightSection={Badge && <Badge />}
                      active={active}
                      aria-current={active ? 'page' : undefined}
                      onClick={onNavigate}
                      fw={500}
                      py={6}
                    />
                  </li>
                );
              })}
            </ul>
          </div>
        );
      })}
    </Stack>
  );
}

/** A report belongs to the inbox it was opened from. */
function activeFor(pathname: string, to: string): boolean {
  return isActive(pathname, to) || (to === '/inbox' && pathname.startsWith('/reports/'));
}
