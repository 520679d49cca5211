import { NavLink } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

interface NavigationItem {
  to: string;
  label: ParseKeys;
}

// Each area of the app adds its entry here when it exists (reports, cases, handbook, ...).
const items: readonly NavigationItem[] = [{ to: '/', label: 'nav.overview' }];

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

/** The entries of the navbar. `onNavigate` lets the phone layout close the navbar after a choice. */
export function MainNavigation({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((item) => {
        const active = isActive(pathname, item.to);
        return (
          <li key={item.to}>
            <NavLink
              component={Link}
              to={item.to}
              label={t(item.label)}
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
