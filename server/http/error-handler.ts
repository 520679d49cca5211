import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type IntegrityAlarm, IntegrityError } from '../crypto/integrity.ts';
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

// Fastify's own 4xx errors whose codes say more than the status alone.
const codeByFastifyCode: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

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
    const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = codeByFastifyCode[(error as FastifyError).code] ?? codeByStatus[status] ?? 'bad_request';
      return send(reply, status, { code, message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return send(reply, status >= 500 && status < 600 ? status : 500, {
      code: 'internal_error',
      message: 'An unexpected error occurred. The request id identifies it in the server log.',
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
