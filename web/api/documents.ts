import { useMutation, useQueryClient } from '@tanstack/react-query';
import { casesQueryKey } from './cases.ts';
import {
  ApiError,
  clientErrorCodes,
  csrfHeader,
  currentCsrfToken,
  errorFromResponse,
  parseRetryAfter,
} from './client.ts';
import { usePagedList } from './pages.ts';
import type {
  CaseDocument,
  CaseDocumentPage,
  CaseDocumentPermissions,
  CaseDocumentVersion,
  NewCaseDocument,
  NewCaseDocumentVersion,
} from './types.ts';

// The documents of a case (server/modules/case-documents/routes.ts): versioned files, PDFs and images
// cleaned of hidden content on upload, everything encrypted. The list goes through client.ts; uploads go by
// XMLHttpRequest, the one way a browser reports how much of a request body has been sent, with the same CSRF
// token and errors; a PDF's bytes for the preview are fetched as they are (binary, not JSON).

export type { CaseDocument, CaseDocumentPage, CaseDocumentPermissions, CaseDocumentVersion };
export type DocumentKind = CaseDocumentVersion['kind'];

const casePath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;
const documentsPath = (id: string) => `${casePath(id)}/documents`;
const documentsKey = (id: string) => [...casesQueryKey, 'documents', id] as const;
const journalKey = (id: string) => [...casesQueryKey, 'journal', id] as const;

/** The case's documents with all their versions, newest first, a page at a time (with `can` and `maxBytes`). */
export function useCaseDocuments(caseId: string, enabled = true) {
  return usePagedList<CaseDocumentPage>({
    queryKey: documentsKey(caseId),
    path: documentsPath(caseId),
    enabled,
  });
}

/**
 * Where a version's bytes are: the cleaned file (as a download, or `inline` to show a PDF or an image in
 * the page), or with `original` the upload as it came, where a threat manager kept it.
 */
export function documentContentUrl(
  caseId: string,
  documentId: string,
  version: number,
  options: { inline?: boolean; original?: boolean } = {},
): string {
  const query = new URLSearchParams();
  if (options.inline) query.set('disposition', 'inline');
  if (options.original) query.set('variant', 'original');
  const path = `${documentsPath(caseId)}/${encodeURIComponent(documentId)}/versions/${version}/content`;
  return query.size > 0 ? `${path}?${query}` : path;
}

/** Reads a version's bytes into memory (for the PDF preview); throws ApiError like every other call. */
export async function fetchDocumentBytes(url: string, signal?: AbortSignal): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', cache: 'no-store', signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, clientErrorCodes.network, error instanceof Error ? error.message : String(error));
  }
  if (!response.ok) throw errorFromResponse(response.status, response.statusText, await response.text());
  return response.arrayBuffer();
}

/** How far an upload has come: bytes of the request sent so far, of `total`. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting it cancels the upload; the promise then rejects with an `AbortError` DOMException. */
  signal?: AbortSignal;
}

/**
 * POSTs a multipart body with the session's CSRF token and reports the upload's progress. The answer and
 * errors are read as apiSend reads them (ApiError with the server's code and message; status 0 when no
 * answer came, which is also what a browser reports when the server refused the file and closed the
 * connection before the whole body was sent).
 */
export function sendWithProgress<T>(path: string, body: FormData, options: UploadOptions = {}): Promise<T> {
  const { onProgress, signal } = options;
  return new Promise<T>((resolve, reject) => {
    const aborted = () => new DOMException('The upload was cancelled.', 'AbortError');
    if (signal?.aborted) {
      reject(aborted());
      return;
    }
    const request = new XMLHttpRequest();
    request.open('POST', path);
    request.withCredentials = true;
    request.setRequestHeader('Accept', 'application/json');
    const token = currentCsrfToken();
    if (token) request.setRequestHeader(csrfHeader, token);
    const stop = () => request.abort();
    signal?.addEventListener('abort', stop, { once: true });
    const settle = () => signal?.removeEventListener('abort', stop);
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress?.({ loaded: event.loaded, total: event.total });
    });
    request.addEventListener('load', () => {
      settle();
      const text = request.responseText;
      if (request.status < 200 || request.status >= 300) {
        const error = errorFromResponse(request.status, request.statusText, text);
        const retryAfter = parseRetryAfter(request.getResponseHeader('retry-after'), Date.now());
        reject(
          retryAfter === undefined
            ? error
            : new ApiError(
                error.status,
                error.code,
                error.message,
                error.requestId,
                retryAfter,
                error.fields,
              ),
        );
        return;
      }
      try {
        resolve((text === '' ? undefined : JSON.parse(text)) as T);
      } catch {
        reject(new ApiError(request.status, clientErrorCodes.invalidResponse, `Expected JSON from ${path}`));
      }
    });
    request.addEventListener('error', () => {
      settle();
      reject(new ApiError(0, clientErrorCodes.network, 'The upload broke off before the server answered.'));
    });
    request.addEventListener('abort', () => {
      settle();
      reject(aborted());
    });
    request.send(body);
  });
}

/** The upload's body: the JSON part first (the server reads it before the file), then the file. */
function uploadBody(jsonField: string, fields: object, file: File): FormData {
  const form = new FormData();
  form.append(jsonField, JSON.stringify(fields));
  form.append('file', file, file.name);
  return form;
}

export interface DocumentUpload<F> extends UploadOptions {
  file: File;
  fields: F;
}

function useDocumentUpload<F extends object>(
  caseId: string,
  send: (upload: DocumentUpload<F>) => Promise<CaseDocument>,
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    // The upload writes a journal entry too.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: documentsKey(caseId) }),
        queryClient.invalidateQueries({ queryKey: journalKey(caseId) }),
      ]),
  });
}

/** Uploads a new document (version 1); answers it as stored, with what cleaning removed. */
export function useUploadDocument(caseId: string) {
  return useDocumentUpload<NewCaseDocument>(caseId, ({ file, fields, ...options }) =>
    sendWithProgress<CaseDocument>(documentsPath(caseId), uploadBody('document', fields, file), options),
  );
}

/** Uploads a new version of a document; the earlier ones stay. Answers the document with all versions. */
export function useUploadDocumentVersion(caseId: string, documentId: string) {
  return useDocumentUpload<NewCaseDocumentVersion>(caseId, ({ file, fields, ...options }) =>
    sendWithProgress<CaseDocument>(
      `${documentsPath(caseId)}/${encodeURIComponent(documentId)}/versions`,
      uploadBody('version', fields, file),
      options,
    ),
  );
}
