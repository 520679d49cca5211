// A case document's HTTP traffic, as a client sends and receives it, for bench/document-http.ts and the
// document scenarios of `npm run bench`: a UTF-8 text file generated piece by piece (never whole in memory),
// its multipart/form-data envelope, a streamed upload with node:http, and a download hashed as it arrives.
import { createHash } from 'node:crypto';
import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** The generated text's pieces: the encryption's chunk size. */
export const PIECE_BYTES = 64 * 1024;
const BLOCKS = 16;
const WORDS = (
  'canteen warehouse late shift car park threat message supervisor colleague visitor letter call ' +
  'workshop reception fixation weapon boundary escalation warning dismissal complaint meeting ' +
  'security badge entrance statement witness follow up risk assessment note'
).split(' ');

/** The threat manager's session: the cookie and the CSRF token that every state change carries. */
export interface Session {
  cookie: string;
  csrf: string;
}

/** Signs in with a password (POST /api/v1/auth/login) and returns the session cookie and CSRF token. */
export async function signIn(
  baseUrl: string,
  login: { tenant: string; email: string; password: string },
): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(login),
  });
  const body = (await response.json().catch(() => ({}))) as { csrfToken?: string };
  const token = /tma_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!response.ok || !token || !body.csrfToken)
    throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(body)}`);
  return { cookie: `tma_session=${token}`, csrf: body.csrfToken };
}

// Sixteen different 64 KiB blocks of lines of words (a fixed pseudo-random sequence), each ending in a
// line break. ASCII only, so that a piece cut anywhere is still valid UTF-8; no colon, so the start does not
// read as e-mail headers, and no '<', so it does not read as markup (sniff-document.ts).
const blocks = (() => {
  let state = 0x2545f491;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state;
  };
  return Array.from({ length: BLOCKS }, () => {
    const lines: string[] = [];
    let length = 0;
    while (length < PIECE_BYTES) {
      const words = Array.from({ length: 6 + (next() % 8) }, () => WORDS[next() % WORDS.length]);
      const line = `${words.join(' ')}.\n`;
      lines.push(line);
      length += line.length;
    }
    const block = Buffer.from(lines.join(''), 'ascii').subarray(0, PIECE_BYTES);
    block[PIECE_BYTES - 1] = 0x0a;
    return Buffer.from(block);
  });
})();

/**
 * `size` bytes of plain text in pieces of 64 KiB, each a fresh Buffer (the caller may hand it to a socket
 * and forget it): one of sixteen blocks of lines, its first ten bytes the piece's number, so no two pieces
 * are alike. Deterministic: the same size gives the same bytes.
 */
export function* documentText(size: number): Generator<Buffer> {
  for (let index = 0, offset = 0; offset < size; index++, offset += PIECE_BYTES) {
    const length = Math.min(PIECE_BYTES, size - offset);
    const piece = Buffer.allocUnsafe(length);
    (blocks[index % BLOCKS] as Buffer).copy(piece, 0, 0, length);
    piece.write(String(index).padStart(10, '0').slice(0, length), 0, 'ascii');
    yield piece;
  }
}

/** The SHA-256 of documentText(size), hex: computed once before the upload, so it costs the upload nothing. */
export function documentTextDigest(size: number): string {
  const hash = createHash('sha256');
  for (const piece of documentText(size)) hash.update(piece);
  return hash.digest('hex');
}

/** A document upload's envelope as the web app sends it: the JSON part `document`, then the part `file`. */
export function uploadEnvelope(
  fileName: string,
  title: string,
): { head: Buffer; tail: Buffer; contentType: string } {
  const boundary = `----tmabench${Math.random().toString(16).slice(2)}`;
  return {
    head: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="document"\r\n\r\n${JSON.stringify({ title })}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        'Content-Type: text/plain\r\n\r\n',
    ),
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A whole small upload in one Buffer (for autocannon, which sends a fixed body). */
export function smallUploadBody(size: number, fileName: string, title: string) {
  const { head, tail, contentType } = uploadEnvelope(fileName, title);
  return { body: Buffer.concat([head, ...documentText(size), tail]), contentType };
}

export interface UploadResult {
  status: number;
  body: string;
  /** First byte written → the answer's status line. */
  seconds: number;
  /** First byte written → last byte written (the server had read all but its socket's buffers). */
  sentSeconds: number;
}

function drained(req: ClientRequest): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resolve();
    };
    req.once('drain', done);
    req.once('close', done);
  });
}

/**
 * Uploads `size` bytes of documentText to the case as one document, streamed with a computed
 * content-length and the socket's backpressure respected, so the client holds one piece at a time.
 */
export function uploadDocument(
  baseUrl: string,
  session: Session,
  caseId: string,
  size: number,
  options: { fileName?: string; title?: string; signal?: AbortSignal } = {},
): Promise<UploadResult> {
  return uploadText(new URL(`/api/v1/cases/${caseId}/documents`, baseUrl), size, {
    ...options,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
  });
}

/** Posts `size` bytes of documentText as the part `file` of a multipart upload to `url`. */
export async function uploadText(
  url: URL,
  size: number,
  options: { fileName?: string; title?: string; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<UploadResult> {
  const { head, tail, contentType } = uploadEnvelope(
    options.fileName ?? 'bench-document.txt',
    options.title ?? 'Bench document',
  );
  const req = request(url, {
    method: 'POST',
    agent: false,
    headers: {
      ...options.headers,
      'content-type': contentType,
      'content-length': String(head.length + size + tail.length),
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let answered = false;
  let failed: Error | undefined;
  const response = new Promise<{ status: number; at: number; body: string }>((resolve, reject) => {
    req.once('response', (res: IncomingMessage) => {
      answered = true;
      const at = performance.now();
      const pieces: Buffer[] = [];
      res.on('data', (piece: Buffer) => pieces.push(piece));
      res.once('end', () =>
        resolve({ status: res.statusCode ?? 0, at, body: Buffer.concat(pieces).toString() }),
      );
      res.once('error', reject);
    });
    req.once('error', (error) => {
      failed = error;
      reject(error);
    });
  });
  // Swallowed here, awaited below: a refusal may come while the body is still being written.
  response.catch(() => {});
  const started = performance.now();
  for (const piece of [head, documentText(size), tail]) {
    for (const part of Buffer.isBuffer(piece) ? [piece] : piece) {
      if (answered || failed) break;
      if (!req.write(part)) await drained(req);
    }
  }
  if (!answered && !failed) req.end();
  const sent = performance.now();
  const answer = await response;
  return {
    status: answer.status,
    body: answer.body,
    seconds: (answer.at - started) / 1000,
    sentSeconds: (sent - started) / 1000,
  };
}

export interface DownloadResult {
  status: number;
  bytes: number;
  sha256: string;
  /** Request → last byte received. */
  seconds: number;
  /** Request → the status line (the server's authorisation, the first blob page, the first decryption). */
  firstByteSeconds: number;
}

/** Downloads a version's content (or anything at `path`), hashing it as it arrives (nothing is kept). */
export function downloadDocument(
  baseUrl: string,
  session: Session | null,
  path: string,
  options: { signal?: AbortSignal } = {},
): Promise<DownloadResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(new URL(path, baseUrl), {
      agent: false,
      headers: session ? { cookie: session.cookie } : {},
      ...(options.signal ? { signal: options.signal } : {}),
    });
    req.once('error', reject);
    req.once('response', (res) => {
      const firstByte = performance.now();
      const hash = createHash('sha256');
      let bytes = 0;
      res.on('data', (piece: Buffer) => {
        hash.update(piece);
        bytes += piece.length;
      });
      res.once('error', reject);
      res.once('end', () => {
        if (!res.complete) {
          reject(new Error(`the download broke off after ${bytes} bytes`));
          return;
        }
        resolve({
          status: res.statusCode ?? 0,
          bytes,
          sha256: hash.digest('hex'),
          seconds: (performance.now() - started) / 1000,
          firstByteSeconds: (firstByte - started) / 1000,
        });
      });
    });
    req.end();
  });
}
