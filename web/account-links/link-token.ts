import { useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';

/**
 * The token of an e-mailed link: from the URL's fragment (`/invitation#<token>`), which browsers never send
 * to a server, or `?token=` as a fallback. Once read, it is removed from the address bar and the history.
 */
export function useLinkToken(): string | null {
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState<string | null>(() => {
    const fromHash = location.hash.replace(/^#/, '').trim();
    const fromQuery = new URLSearchParams(location.search).get('token')?.trim() ?? '';
    return fromHash || fromQuery || null;
  });
  useEffect(() => {
    if (location.hash || location.search) navigate(location.pathname, { replace: true });
  }, [location.hash, location.search, location.pathname, navigate]);
  return token;
}

export type LinkProblem = 'link_invalid' | 'link_used' | 'link_expired';

/** Which of the link answers an error is, if it is one. */
export function linkProblem(error: unknown): LinkProblem | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.code === 'link_invalid' || error.code === 'link_used' || error.code === 'link_expired'
    ? error.code
    : undefined;
}
