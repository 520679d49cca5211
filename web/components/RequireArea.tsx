import type { ParseKeys } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type Area, type SessionInfo, worksIn } from '../api/auth.ts';
import { NoticePage } from './PageNotice.tsx';
import { RequireSignIn } from './RequireSignIn.tsx';

/** What a page says to someone whose role does not work in its area. */
const refusal: Record<Area, { title: ParseKeys; text: ParseKeys }> = {
  inbox: { title: 'reports.access.title', text: 'reports.access.text' },
  cases: { title: 'deletion.cases.access.title', text: 'deletion.cases.access.text' },
  users: { title: 'adminTools.access.title', text: 'adminTools.access.text' },
  administration: { title: 'adminTools.access.title', text: 'adminTools.access.text' },
};

/**
 * A page of one area of the staff app: signed in, and working in that area as the server's session answer
 * says (`areas`). The server checks every call all the same; this spares others a page of errors.
 */
export function RequireArea({
  area,
  children,
}: {
  area: Area;
  children: (session: SessionInfo) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <RequireSignIn>
      {(session) =>
        worksIn(session, area) ? (
          children(session)
        ) : (
          <NoticePage title={t(refusal[area].title)}>{t(refusal[area].text)}</NoticePage>
        )
      }
    </RequireSignIn>
  );
}
