import { useQuery } from '@tanstack/react-query';
import type { SessionInfo } from './auth.ts';
import { apiGet } from './client.ts';
import { usePagedList } from './pages.ts';
import type { DeletionCertificate, DeletionCertificatePage } from './types.ts';

export type { DeletionCertificate };
export type CertificateObjectType = DeletionCertificate['objectType'];

/** Admins and auditors see the deletion certificates (the server decides all the same). */
export function seesCertificates(session: SessionInfo | null | undefined): boolean {
  return (
    !!session &&
    !session.secondFactorSetupRequired &&
    (session.user.role === 'admin' || session.user.role === 'auditor')
  );
}

const certificatesKey = ['deletion-certificates'] as const;

/** The certificates, newest first, a page at a time; only of cases or of reports when asked. */
export function useDeletionCertificates(objectType: CertificateObjectType | null) {
  return usePagedList<DeletionCertificatePage>({
    queryKey: [...certificatesKey, 'list', objectType ?? 'all'],
    path: '/api/v1/deletion-certificates',
    filters: objectType ? { objectType } : {},
  });
}

/** The certificate of a deleted case or report (a report deleted with its case: the case's), or null. */
export function useCertificateOf(type: CertificateObjectType, id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...certificatesKey, 'of', type, id],
    queryFn: ({ signal }) =>
      apiGet<DeletionCertificate | null>(`/api/v1/${type}s/${encodeURIComponent(id)}/deletion-certificate`, {
        signal,
      }),
    enabled,
  });
}

/** Where the PDF is downloaded from (a plain link: the session cookie authenticates it). */
export const certificatePdfPath = (id: string) =>
  `/api/v1/deletion-certificates/${encodeURIComponent(id)}/pdf`;
