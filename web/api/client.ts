// The one place the web app talks HTTP to the TMA server. Pages use the typed hooks beside this file, which
// call apiGet, apiSend and apiSendForFile; nothing else calls fetch.

/** A failed API call: the HTTP status and the server's error code and message (DESIGN.md, "API errors"). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when no response arrived at all. */
  readonly status: number;
  /** The server's machine-readable code, e.g. `case_not_found`, or one of the client's own codes below. */
  readonly code: string;
  readonly requestId: string | undefined;
  /** Seconds the server asked us to wait before trying again (`Retry-After`, e.g. on 429). */
  readonly retryAfterSeconds: number | undefined;
  /** The server's per-field problems of a validation error (empty otherwise). */
  readonly fields: ReadonlyArray<{ path: string; message: string }>;
  /** 410: what is left of a deleted case or report (the day it was deleted, the reason code). */
  deleted?: { on: string; reason: string | null };

  constructor(
    status: number,
    code: string,
    message: string,
    requestId?: string,
    retryAfterSeconds?: number,
    fields: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.retryAfterSeconds = retryAfterSeconds;
    this.fields = fields;
  }
}

/** Codes the client uses when the server could not tell us what went wrong. */
export const clientErrorCodes = {
  network: 'network_error',
  invalidResponse: 'invalid_response',
} as const;

export interface RequestOptions {
  signal?: AbortSignal;
}

// The CSRF token of the current session. The session cookie is HttpOnly, so the server hands the token to the
// app in the body of the login and session answers; every request that changes something sends it back.
let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from login or session answers); null after signing out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function currentCsrfToken(): string | null {
  return csrfToken;
}

/** The header the server checks on every request with the session cookie that is not a GET. */
export const csrfHeader = 'x-csrf-token';

/** GET a JSON resource below the app's origin (e.g. `/api/v1/status`); throws ApiError unless it answers 2xx. */
export function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>('GET', path, { Accept: 'application/json' }, undefined, options);
}

export type SendMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Sends a request that changes something, with the body as JSON and the session's CSRF token; returns the
 * parsed answer (undefined for 204) or throws ApiError.
 */
export function apiSend<T = void>(
  method: SendMethod,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken) headers[csrfHeader] = csrfToken;
  return request<T>(method, path, headers, body === undefined ? undefined : JSON.stringify(body), options);
}

/** A file the server made on request: its bytes and the answer's headers (file name, ids). */
export interface ReceivedFile {
  blob: Blob;
  headers: Headers;
}

/**
 * Sends a JSON body with the session's CSRF token, like apiSend, for an answer that is a file (e.g. a PDF
 * made on request); throws ApiError with the server's JSON error otherwise.
 */
export async function apiSendForFile(
  method: SendMethod,
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<ReceivedFile> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrfToken) headers[csrfHeader] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: JSON.stringify(body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, clientErrorCodes.network, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) {
    const error = errorFromResponse(response.status, response.statusText, await response.text());
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (retryAfter === undefined) throw error;
    throw new ApiError(error.status, error.code, error.message, error.requestId, retryAfter, error.fields);
  }
  return { blob: await response.blob(), headers: response.headers };
}

async function request<T>(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  options: RequestOptions,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body,
      signal: options.signal,
    });
  } catch (error) {
    // Let TanStack Query see its own cancellations as such.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, clientErrorCodes.network, error instanceof Error ? error.message : String(error));
  }

  const text = await response.text();
  if (!response.ok) {
    const error = errorFromResponse(response.status, response.statusText, text);
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    if (retryAfter === undefined) throw error;
    throw new ApiError(error.status, error.code, error.message, error.requestId, retryAfter, error.fields);
  }
  if (response.status === 204 || text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(
      response.status,
      clientErrorCodes.invalidResponse,
      `Expected JSON from ${path}, got ${response.headers.get('content-type') ?? 'no content type'}`,
    );
  }
}

/**
 * `Retry-After` in whole seconds from now: the header holds either a number of seconds or an HTTP date.
 * Undefined when it is missing or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  // An HTTP date names its weekday and month; Date.parse alone would read "-5" as a year.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}

/**
 * Reads the server's `{ "error": { "code", "message", "requestId"? } }`. Proxies and crashed servers answer
 * with HTML or plain text instead; then the code comes from the status and the message from the text.
 */
export function errorFromResponse(status: number, statusText: string, body: string): ApiError {
  const fallbackCode = `http_${status}`;
  const fallbackMessage = statusText ? `${status} ${statusText}` : `Request failed with status ${status}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.trim();
    const looksLikeText = text !== '' && text.length <= 300 && !text.startsWith('<');
    return new ApiError(status, fallbackCode, looksLikeText ? text : fallbackMessage);
  }
  const error = isRecord(parsed) && isRecord(parsed.error) ? parsed.error : undefined;
  const code = typeof error?.code === 'string' && error.code !== '' ? error.code : fallbackCode;
  const message =
    typeof error?.message === 'string' && error.message !== '' ? error.message : fallbackMessage;
  const requestId = typeof error?.requestId === 'string' ? error.requestId : undefined;
  const fields = Array.isArray(error?.fields)
    ? error.fields.filter(
        (field): field is { path: string; message: string } =>
          isRecord(field) && typeof field.path === 'string' && typeof field.message === 'string',
      )
    : [];
  const answer = new ApiError(status, code, message, requestId, undefined, fields);
  if (isRecord(error?.deleted) && typeof error.deleted.on === 'string')
    answer.deleted = {
      on: error.deleted.on,
      reason: typeof error.deleted.reason === 'string' ? error.deleted.reason : null,
    };
  return answer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
