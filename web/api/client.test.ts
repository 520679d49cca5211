import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiGet, apiSend, errorFromResponse, parseRetryAfter, setCsrfToken } from './client.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(response: Response | Error) {
  const fetchMock = vi.fn(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('apiGet', () => {
  it('asks for JSON with same-origin credentials and returns the parsed body', async () => {
    const fetchMock = stubFetch(Response.json({ product: 'TMA' }));
    await expect(apiGet('/api/v1/status')).resolves.toEqual({ product: 'TMA' });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/v1/status',
      expect.objectContaining({
        method: 'GET',
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      }),
    );
  });

  it('throws the server error with status, code, message and request id', async () => {
    stubFetch(
      Response.json(
        { error: { code: 'case_not_found', message: 'No such case', requestId: 'req-1' } },
        { status: 404 },
      ),
    );
    const error = await apiGet('/api/v1/cases/1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 404,
      code: 'case_not_found',
      message: 'No such case',
      requestId: 'req-1',
    });
  });

  it('reports a network failure as status 0', async () => {
    stubFetch(new TypeError('fetch failed'));
    await expect(apiGet('/api/v1/status')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('rejects a 2xx answer that is not JSON', async () => {
    stubFetch(new Response('<!doctype html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    await expect(apiGet('/api/v1/status')).rejects.toMatchObject({ status: 200, code: 'invalid_response' });
  });
});

describe('errorFromResponse', () => {
  it('falls back to the status when the body is HTML', () => {
    const error = errorFromResponse(502, 'Bad Gateway', '<html><body>Bad gateway</body></html>');
    expect(error).toMatchObject({ status: 502, code: 'http_502', message: '502 Bad Gateway' });
  });

  it('uses a short plain-text body as the message', () => {
    expect(errorFromResponse(500, '', 'connect ECONNREFUSED')).toMatchObject({
      code: 'http_500',
      message: 'connect ECONNREFUSED',
    });
  });

  it('fills in what a JSON error body leaves out', () => {
    expect(errorFromResponse(503, 'Service Unavailable', '{"error":{}}')).toMatchObject({
      code: 'http_503',
      message: '503 Service Unavailable',
      requestId: undefined,
    });
    expect(errorFromResponse(500, '', '[]')).toMatchObject({
      code: 'http_500',
      message: 'Request failed with status 500',
    });
  });
});

describe('apiSend', () => {
  afterEach(() => {
    setCsrfToken(null);
  });

  it('sends JSON with the CSRF token of the session and same-origin credentials', async () => {
    const fetchMock = stubFetch(Response.json({ ok: true }));
    setCsrfToken('token-1');
    await expect(apiSend('POST', '/api/v1/things', { name: 'A' })).resolves.toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledWith('/api/v1/things', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'content-type': 'application/json', 'x-csrf-token': 'token-1' },
      body: '{"name":"A"}',
      signal: undefined,
    });
  });

  it('sends no token before anyone signed in, and no body or content type when there is none', async () => {
    const fetchMock = stubFetch(new Response(null, { status: 204 }));
    await expect(apiSend('DELETE', '/api/v1/account/sessions/s1')).resolves.toBeUndefined();
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/v1/account/sessions/s1',
      expect.objectContaining({ method: 'DELETE', headers: { Accept: 'application/json' }, body: undefined }),
    );
  });

  it('throws the server error with the wait from Retry-After', async () => {
    stubFetch(
      Response.json(
        { error: { code: 'login_throttled', message: 'Too many attempts', requestId: 'req-2' } },
        { status: 429, headers: { 'retry-after': '120' } },
      ),
    );
    await expect(apiSend('POST', '/api/v1/auth/login', {})).rejects.toMatchObject({
      status: 429,
      code: 'login_throttled',
      message: 'Too many attempts',
      requestId: 'req-2',
      retryAfterSeconds: 120,
    });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T15:00:00Z');

  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Mon, 23 Nov 2026 15:01:30 GMT', now)).toBe(90);
  });

  it('never gives a negative wait, and nothing for a missing or unreadable header', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 14:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
