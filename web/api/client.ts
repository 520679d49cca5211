// The one place the web app talks HTTP to the TMA server. Pages use the typed hooks beside this file, which
// call apiGet; nothing else calls fetch.

/** A failed API call: the HTTP status and the server's error code and message (DESIGN.md, "API errors"). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when no response arrived at all. */
  readonly status: number;
  /** The server's machine-readable code, e.g. `case_not_found`, or one of the client's own codes below. */
  readonly code: string;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, requestId?: string) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
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

/** GET a JSON resource below the app's origin (e.g. `/api/v1/status`); throws ApiError unless it answers 2xx. */
export async function apiGet<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'GET',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal: options.signal,
    });
  } catch (error) {
    // Let TanStack Query see its own cancellations as such.
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, clientErrorCodes.network, error instanceof Error ? error.message : String(error));
  }

  const body = await response.text();
  if (!response.ok) throw errorFromResponse(response.status, response.statusText, body);
  if (response.status === 204 || body === '') return undefined as T;
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new ApiError(
      response.status,
      clientErrorCodes.invalidResponse,
      `Expected JSON from ${path}, got ${response.headers.get('content-type') ?? 'no content type'}`,
    );
  }
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
  return new ApiError(status, code, message, requestId);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
