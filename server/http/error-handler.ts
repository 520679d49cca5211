import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type IntegrityAlarm, IntegrityError } from '../crypto/integrity.ts';
import {
  BUSY_RETRY_AFTER_SECONDS,
  DATABASE_RETRY_AFTER_SECONDS,
  DatabaseBusyError,
  databaseBusyError,
  databaseUnavailableError,
  isDatabaseUnavailable,
  isStatementCancelled,
  isStatementTimeout,
  statementTimeoutError,
} from '../db/connection-errors.ts';
import { CallerGoneError } from '../db/guarded-dialect.ts';
import { AppError, Gone } from '../errors.ts';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId?: string;
    fields?: ReadonlyArray<{ path: string; message: string }>;
    /** 410: what is left of the deleted object (the day it was deleted, the reason code). */
    deleted?: { on: string; reason: string | null };
  };
}

const codeByStatus: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  409: 'conflict',
  410: 'gone',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'rate_limited',
  431: 'headers_too_large',
  503: 'unavailable',
};

/**
 * The client-caused errors of Fastify (fastify/lib/errors.js) and @fastify/multipart, by their code: the
 * status and code TMA answers with, and a message where theirs would echo the request (a 10 000-character
 * path) or say too little. Their 406s are not about the Accept header, so they get the status that fits.
 */
const fastifyErrors: Record<string, { status: number; code: string; message?: string }> = {
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'invalid_url',
    message: 'The URL is not valid: a part of its path cannot be decoded as UTF-8.',
  },
  FST_ERR_INVALID_URL: { status: 400, code: 'invalid_url', message: 'The URL is not valid.' },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'path_parameter_too_long',
    message: 'A path parameter is longer than this server accepts.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty_body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_content_length' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'payload_too_large',
    message: 'The request body is larger than this server accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'The content type of the body is not accepted here: send application/json.',
  },
  FST_ERR_NOT_FOUND: { status: 404, code: 'not_found' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: {
    status: 415,
    code: 'multipart_expected',
    message: 'The body must be multipart/form-data.',
  },
  FST_INVALID_JSON_FIELD_ERROR: {
    status: 400,
    code: 'invalid_json',
    message: 'A JSON part is not valid JSON.',
  },
  FST_PROTO_VIOLATION: { status: 400, code: 'multipart_invalid', message: 'A part has a reserved name.' },
  FST_MP_PREMATURE_CLOSE: {
    status: 400,
    code: 'request_incomplete',
    message: 'The request ended before its body was complete.',
  },
  FST_PARTS_LIMIT: { status: 413, code: 'too_many_parts', message: 'The upload has too many parts.' },
  FST_FILES_LIMIT: { status: 413, code: 'too_many_files', message: 'The upload has too many files.' },
  FST_FIELDS_LIMIT: { status: 413, code: 'too_many_fields', message: 'The upload has too many fields.' },
  FST_REQ_FILE_TOO_LARGE: {
    status: 413,
    code: 'file_too_large',
    message: 'A file of the upload is larger than this server accepts.',
  },
};

const unexpectedError = {
  code: 'internal_error',
  message: 'An unexpected error occurred. The request id identifies it in the server log.',
};

function knownFastifyError(error: unknown): (typeof fastifyErrors)[string] | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && Object.hasOwn(fastifyErrors, code) ? fastifyErrors[code] : undefined;
}

function send(reply: FastifyReply, status: number, body: ErrorBody['error']): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { ...body, requestId: reply.request.id } });
}

/**
 * Every error leaves the server in one shape, `{ error: { code, message, … } }`, never with a stack trace.
 * A ciphertext that failed verification answers `integrity_failure`, and the operator is alerted (once: the
 * service that caught it may have done so already, together with the audit event).
 */
export function registerErrorHandling(
  app: FastifyInstance,
  options: { integrity?: IntegrityAlarm } = {},
): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    // The client went away and its statements were cancelled: nobody reads this answer.
    if (error instanceof CallerGoneError || (isStatementCancelled(error) && reply.raw.destroyed)) {
      request.log.info('request stopped: the client went away');
      return send(reply, 503, {
        code: 'request_cancelled',
        message: 'The client closed the connection; the request was stopped and nothing of it was saved.',
      });
    }
    // Overload, not an outage: the pool had no connection to spare, or a statement ran out of time.
    if (error instanceof DatabaseBusyError) {
      request.log.warn('request refused: no database connection came free in time');
      reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
      return send(reply, 503, databaseBusyError);
    }
    if (isStatementTimeout(error)) {
      request.log.warn({ err: error }, 'request stopped: a statement ran into the statement timeout');
      reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
      return send(reply, 503, statementTimeoutError);
    }
    // The database restarting or failing over: the request may be repeated once it is back.
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'request failed: the database is unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return send(reply, 503, databaseUnavailableError);
    }
    if (error instanceof IntegrityError) {
      if (!error.alerted) options.integrity?.raise(error.failure, { requestId: request.id });
      error.alerted = true;
      return send(reply, 500, {
        code: 'integrity_failure',
        message:
          'Stored data could not be verified: it was altered, moved or sealed under another key, so it is not ' +
          'shown. The operator has been alerted; the request id identifies the event in the server log.',
      });
    }
    if (error instanceof AppError) {
      return send(reply, error.status, {
        code: error.code,
        message: error.message,
        ...(error.fields ? { fields: error.fields } : {}),
        ...(error instanceof Gone && error.deleted ? { deleted: error.deleted } : {}),
      });
    }
    if ('validation' in error && error.validation) {
      const fields = error.validation.map((issue) => ({
        path: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'),
        message: issue.message ?? 'is not valid',
      }));
      return send(reply, 400, {
        code: 'validation_failed',
        message: `The request is not valid: ${fields.map((field) => `${field.path} ${field.message}`).join('; ')}.`,
        fields,
      });
    }
    const known = knownFastifyError(error);
    if (known)
      return send(reply, known.status, { code: known.code, message: known.message ?? error.message });
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      return send(reply, status, { code: codeByStatus[status] ?? 'bad_request', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, status >= 500 && status < 600 ? status : 500, unexpectedError);
  });

  // A request that arrives while the server closes (on a connection kept open by one still running) is
  // refused here, in the error format: Fastify's own answer (`return503OnClosing`, off in app.ts) is not.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close').header('x-content-type-options', 'nosniff');
    return send(reply, 503, {
      code: 'shutting_down',
      message: 'This instance is shutting down. Try again: another instance will answer.',
    });
  });
}

/** Answers 404 in the error format for API paths and anything that is not a page of the web app. */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0];
  return send(reply, 404, {
    code: path?.startsWith('/api/') ? 'route_not_found' : 'not_found',
    message: `No resource at ${request.method} ${path}.`,
  });
}

/**
 * Fastify's `frameworkErrors`: a path that is not UTF-8 or has a too long parameter is refused before any
 * route or hook runs, so this sets what the hooks would have (request id, nosniff) and answers in the format.
 */
export function sendFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id).header('x-content-type-options', 'nosniff');
  const known = knownFastifyError(error);
  if (known) {
    send(reply, known.status, { code: known.code, message: known.message ?? error.message });
    return;
  }
  request.log.error({ err: error }, 'request failed');
  send(reply, 500, unexpectedError);
}

/**
 * Fastify's `clientErrorHandler`: a request that is not valid HTTP (or too slow, or with too large headers)
 * never becomes a request, so the answer is written to the socket, in the error format, and the socket closed.
 */
export function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'The request did not arrive in time.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'The request headers are larger than this server accepts.']
        : [400, 'bad_request', 'The request is not valid HTTP.'];
  this.log.debug({ err: error }, 'client error');
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  if (socket.writable)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  socket.destroy(error);
}
