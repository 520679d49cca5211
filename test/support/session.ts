import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export type SignedInCall = (
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
  /** Extra headers, e.g. the content type of a multipart body passed as a Buffer payload. */
  headers?: Record<string, string>,
) => Promise<LightMyRequestResponse>;

/** Logs in through the API and returns a caller that sends the session cookie and CSRF token. */
export async function signIn(
  app: FastifyInstance,
  login: { tenant: string; email: string; password: string },
): Promise<SignedInCall> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: login });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'tma_session')?.value as string;
  const csrf = response.json().csrfToken as string;
  return (method, url, payload, headers) =>
    app.inject({
      method,
      url,
      cookies: { tma_session: cookie },
      headers: { 'x-csrf-token': csrf, ...headers },
      ...(payload ? { payload } : {}),
    });
}
