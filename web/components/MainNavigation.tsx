import { NavLink } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { isAdmin } from '../api/admin.ts';
import { useMayTakePart } from '../api/assessments.ts';
import { type SessionInfo, useSession, worksIn } from '../api/auth.ts';
import { type InsightAccess, useInsightAccess } from '../api/dashboard.ts';
import { readsHandbook } from '../api/handbook.ts';
import { usesInbox } from '../api/reports.ts';
import { managesUsers } from '../api/users.ts';
import { InboxNavBadge } from '../reports/InboxNavBadge.tsx';

interface NavigationItem {
  to: string;
  label: ParseKeys;
  /** Shown only when this says so (by default to everyone). */
  visible?: (
    session: SessionInfo | null | undefined,
    user: { assesses: boolean; insights: InsightAccess | undefined },
  ) => boolean;
  /** Something to count beside the label, e.g. unread notices. */
  badge?: ComponentType;
}

// Each area of the app adds its entry here when it exists (reports, cases, handbook, ...).
const items: readonly NavigationItem[] = [
  { to: '/', label: 'nav.overview' },
  // The threat managers' dashboard, one click from anywhere (the server says who has one).
  { to: '/dashboard', label: 'dashboard.nav', visible: (_session, { insights }) => !!insights?.dashboard },
  { to: '/inbox', label: 'reports.nav.inbox', visible: usesInbox, badge: InboxNavBadge },
  { to: '/cases', label: 'deletion.cases.nav', visible: (session) => worksIn(session, 'cases') },
  // Re-assessments due, for whoever takes part in assessments (the server lists the cases they assess).
  {
    to: '/assessments/due',
    label: 'assessments.due.nav',
    visible: (session, { assesses }) => worksIn(session, 'cases') && assesses,
  },
  // Everyone who works on cases or administers them reads the models (auditors see neither).
  { to: '/assessment-models', label: 'models.nav', visible: readsModels },
  // Anonymised figures for management: auditors, admins, tenant-wide threat managers (the server decides).
  { to: '/statistics', label: 'statistics.nav', visible: (_session, { insights }) => !!insights?.statistics },
  // The team's procedures: admins, threat managers and experts read them (auditors and reporters do not).
  { to: '/handbook', label: 'handbook.nav', visible: readsHandbook },
  { to: '/admin/users', label: 'users.nav', visible: managesUsers },
  { to: '/admin/units', label: 'units.nav', visible: isAdmin },
  { to: '/admin/portal', label: 'adminTools.nav.portal', visible: isAdmin },
  { to: '/admin/case-categories', label: 'adminTools.nav.categories', visible: isAdmin },
  { to: '/admin/case-templates', label: 'templates.nav', visible: isAdmin },
  { to: '/admin/measure-types', label: 'measures.admin.nav', visible: isAdmin },
  { to: '/admin/documents', label: 'documents.settings.nav', visible: isAdmin },
  { to: '/admin/assessments', label: 'assessments.settings.nav', visible: isAdmin },
  { to: '/admin/api-tokens', label: 'adminTools.nav.apiTokens', visible: isAdmin },
  { to: '/admin/security', label: 'security.nav', visible: isAdmin },
  { to: '/admin/status', label: 'adminTools.nav.status', visible: isAdmin },
  // Whoever receives an exported file may ask whether it is unaltered: every signed-in user.
  { to: '/exports/verify', label: 'exports.nav.verify', visible: signedIn },
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

/** The entries of the navbar. `onNavigate` lets the phone layout close the navbar after a choice. */
export function MainNavigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const { data: session } = useSession();
  const assesses = useMayTakePart(session);
  const insights = useInsightAccess(session).data;
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        if (item.visible && !item.visible(session, { assesses, insights })) return null;
        // A report belongs to the inbox it was opened from.
        const active =
          isActive(pathname, item.to) || (item.to === '/inbox' && pathname.startsWith('/reports/'));
        const Badge = item.badge;
        return (
          <li key={item.to}>
            <NavLink
              component={Link}
              to={item.to}
              label={t(item.label)}
              rightSection={Badge && <Badge />}
              active={active}
              aria-current={active ? 'page' : undefined}
              onClick={onNavigate}
              fw={500}
            />
          </li>
        );
      })}
    </ul>
  );
}
