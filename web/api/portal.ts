// The public reporting portal's side of the API (/api/v1/portal/:tenant/…). Reporters have no account: no
// session cookie, no CSRF token. Requests go without credentials, so that a team member who reports from
// a signed-in browser is not identified by their session cookie; the dialogue carries a bearer token that
// the page keeps in memory only. Errors are the app's ApiError, with the server's field list added.
import { useQuery } from '@tanstack/react-query';
import { ApiError, clientErrorCodes, errorFromResponse, parseRetryAfter } from './client.ts';
import type {
  AttachmentSummary,
  DialogueMessage,
  PortalChallenge,
  PortalInfo,
  PortalSubmission,
  ReceiptLogin,
  ReceiptSession,
  ReporterDetails,
  ReporterMessage,
  ReporterView,
  SubmissionReceipt,
} from './types.ts';

export type {
  FormItem,
  LocalisedText,
  PersonAnswer,
  ReportAnswers,
  ReportFormDefinition,
} from './types.ts';
/**
 * `POST …/reports` answers a `SubmissionReceipt`: the receipt (32 digits in eight groups, shown once) and the
 * day the report counts from; `POST …/receipt-sessions` a `ReceiptSession`: the bearer token for the
 * dialogue, valid for 30 minutes.
 */
export type {
  AttachmentSummary,
  DialogueMessage,
  PortalChallenge,
  PortalInfo,
  PortalSubmission,
  ReceiptSession,
  ReporterDetails,
  ReporterView,
  SubmissionReceipt,
};

export interface FieldProblem {
  /** Where the problem is, e.g. `answers.description` or `reporter.email`. */
  path: string;
  message: string;
}

/** An ApiError with the server's `fields` list (validation errors name each field). */
export class PortalApiError extends ApiError {
  override readonly fields: readonly FieldProblem[];

  constructor(error: ApiError, fields: readonly FieldProblem[]) {
    super(error.status, error.code, error.message, error.requestId, error.retryAfterSeconds);
    this.fields = fields;
  }
}

/** Error codes of the portal the pages answer in their own words. */
export const portalErrorCodes = {
  receiptInvalid: 'receipt_invalid',
  sessionInvalid: 'receipt_session_invalid',
  proofOfWorkInvalid: 'proof_of_work_invalid',
  /** A receipt login's proof asked for less work than is due now: solve a new challenge. */
  proofOfWorkOutdated: 'proof_of_work_outdated',
} as const;

const base = (tenant: string) => `/api/v1/portal/${encodeURIComponent(tenant)}`;

/** The fields of an error body, `{ error: { fields: [{ path, message }] } }`; empty when there are none. */
export function fieldsOfErrorBody(body: string): FieldProblem[] {
  try {
    const parsed: unknown = JSON.parse(body);
    const fields = (parsed as { error?: { fields?: unknown } } | null)?.error?.fields;
    if (!Array.isArray(fields)) return [];
    return fields.filter(
      (field): field is FieldProblem => typeof field?.path === 'string' && typeof field?.message === 'string',
    );
  } catch {
    return [];
  }
}

interface PortalRequest {
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | FormData;
  signal?: AbortSignal;
}

async function portalRequest<T>(path: string, request: PortalRequest): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: request.method,
      credentials: 'omit',
      cache: 'no-store',
      headers: { Accept: 'application/json', ...request.headers },
      body: request.body,
      signal: request.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, clientErrorCodes.network, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  if (!response.ok) {
    const error = errorFromResponse(response.status, response.statusText, text);
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    throw new PortalApiError(
      new ApiError(error.status, error.code, error.message, error.requestId, retryAfter),
      fieldsOfErrorBody(text),
    );
  }
  if (response.status === 204 || text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, clientErrorCodes.invalidResponse, `Expected JSON from ${path}`);
  }
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export function fetchPortalInfo(tenant: string, signal?: AbortSignal): Promise<PortalInfo> {
  return portalRequest<PortalInfo>(base(tenant), { method: 'GET', signal });
}

/**
 * A fresh proof-of-work challenge; each one can be spent once. A receipt login's (`receipt`) may ask for
 * more work than a report's while wrong receipts are being entered at the portal.
 */
export function fetchPortalChallenge(
  tenant: string,
  signal?: AbortSignal,
  purpose: 'report' | 'receipt' = 'report',
): Promise<PortalChallenge> {
  return portalRequest<PortalChallenge>(`${base(tenant)}/challenge?purpose=${purpose}`, {
    method: 'GET',
    signal,
  });
}

/** The multipart body of a report: part `submission` (JSON), then one part `attachments` per file. */
export function submissionFormData(submission: PortalSubmission, files: readonly File[]): FormData {
  const form = new FormData();
  form.append('submission', JSON.stringify(submission));
  for (const file of files) form.append('attachments', file, file.name);
  return form;
}

/** The multipart body of a reporter's message: part `message` (JSON `{ body }`), then the files. */
export function messageFormData(body: string, files: readonly File[]): FormData {
  const form = new FormData();
  form.append('message', JSON.stringify({ body } satisfies ReporterMessage));
  for (const file of files) form.append('attachments', file, file.name);
  return form;
}

export function submitReport(
  tenant: string,
  submission: PortalSubmission,
  files: readonly File[],
  signal?: AbortSignal,
): Promise<SubmissionReceipt> {
  // No content-type header: the browser writes multipart/form-data with its boundary.
  return portalRequest<SubmissionReceipt>(`${base(tenant)}/reports`, {
    method: 'POST',
    body: submissionFormData(submission, files),
    signal,
  });
}

/** Exchanges a receipt (and a solved challenge) for a dialogue token. */
export function openReceiptSession(
  tenant: string,
  input: ReceiptLogin,
  signal?: AbortSignal,
): Promise<ReceiptSession> {
  return portalRequest<ReceiptSession>(`${base(tenant)}/receipt-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal,
  });
}

export function fetchDialogue(tenant: string, token: string, signal?: AbortSignal): Promise<ReporterView> {
  return portalRequest<ReporterView>(`${base(tenant)}/dialogue`, {
    method: 'GET',
    headers: bearer(token),
    signal,
  });
}

export function sendReporterMessage(
  tenant: string,
  token: string,
  body: string,
  files: readonly File[],
  signal?: AbortSignal,
): Promise<DialogueMessage> {
  return portalRequest<DialogueMessage>(`${base(tenant)}/dialogue/messages`, {
    method: 'POST',
    headers: bearer(token),
    body: messageFormData(body, files),
    signal,
  });
}

export const portalInfoQueryKey = (tenant: string) => ['portal', tenant, 'info'] as const;
/** Under this key the reporter's view is cached; removed when the reporter logs out. */
export const dialogueQueryKey = (tenant: string) => ['portal', tenant, 'dialogue'] as const;

/** The organisation, its units, the form and the emergency notice of a portal. */
export function usePortalInfo(tenant: string) {
  return useQuery({
    queryKey: portalInfoQueryKey(tenant),
    queryFn: ({ signal }) => fetchPortalInfo(tenant, signal),
    staleTime: 5 * 60_000,
    // A form that changes under a reporter's fingers would lose their answers.
    refetchOnWindowFocus: false,
  });
}

/** True for the answers that mean the dialogue token has expired or is not valid any more. */
export function isSessionEnded(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
