import type { FastifyInstance, RouteOptions } from 'fastify';
import { type Static, Type } from 'typebox';
import type { ErrorBody } from './error-handler.ts';

/**
 * The one shape every error answer has (error-handler.ts writes it), registered once as the shared schema
 * `ErrorResponse`, so the OpenAPI document names it in its components. The serialiser writes only what a
 * schema lists: every field the error handler sends must be here.
 */
export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Machine-readable, e.g. `case_not_found`: what a client acts on.' }),
      message: Type.String({ description: 'For people; may change between versions.' }),
      requestId: Type.Optional(
        Type.String({ description: 'Identifies the request in the server log (also sent as x-request-id).' }),
      ),
      fields: Type.Optional(
        Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
          description: 'Each field that is not valid (validation errors).',
        }),
      ),
      deleted: Type.Optional(
        Type.Object(
          {
            on: Type.String({ description: 'The day the object was deleted (YYYY-MM-DD).' }),
            reason: Type.Union([Type.String(), Type.Null()], {
              description: 'The reason code, if one was given.',
            }),
          },
          { description: 'What is left of a deleted object (410).' },
        ),
      ),
    }),
  },
  { $id: 'ErrorResponse', description: 'An error: `{ "error": { "code", "message", … } }`.' },
);

// The serialiser drops what the schema does not list: the schema must name every field the handler writes.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Written = ErrorBody['error'];
type Listed = Static<typeof ErrorResponse>['error'];
type Holds<Check extends true> = Check;
/** Compiles only while the schema lists exactly the fields error-handler.ts writes. */
export type ErrorResponseListsEveryField = Holds<
  [
    SameKeys<Written, Listed>,
    SameKeys<NonNullable<Written['deleted']>, NonNullable<Listed['deleted']>>,
    SameKeys<NonNullable<Written['fields']>[number], NonNullable<Listed['fields']>[number]>,
  ] extends [true, true, true]
    ? true
    : false
>;

/** A documented error answer: the shared body, with what the route says about the status. */
export function errorResponse(description: string): { $ref: string; description: string } {
  return { $ref: 'ErrorResponse#', description };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const meaning = {
  400:
    'The request is malformed: its body, path or query does not fit the schema (`validation_failed`, with ' +
    '`fields`), the body is not valid JSON (`invalid_json`, `empty_body`), the URL is not valid (`invalid_url`), ' +
    'or a list’s `after` is not a cursor of that list (`cursor_invalid`).',
  401: {
    guarded:
      'Not signed in, or the session has ended (`unauthenticated`); or the API token is unknown, expired or ' +
      'revoked (`token_invalid`).',
    open: 'The credentials this operation checks are wrong, or an API token was sent that is unknown, expired or revoked (`token_invalid`).',
  },
  403:
    'Not allowed (a specific code); a state change without the session’s `x-csrf-token` header ' +
    '(`csrf_token_invalid`); a session that must first set up a second factor (`second_factor_setup_required`); ' +
    'an API token without the scope (`token_scope_missing`, `token_not_allowed`).',
  404: 'No such object, or not visible to the caller (e.g. `case_not_found`).',
  409: 'The request conflicts with the current state (e.g. a duplicate, or decided meanwhile).',
  410:
    'The object was deleted for good (`error.deleted` says on which day and why), or the link was used or has ' +
    'expired.',
  413: 'The body is larger than this server accepts (`payload_too_large`), or an upload has too many or too large parts.',
  414: 'A path parameter is longer than this server accepts (`path_parameter_too_long`).',
  415: 'The body’s content type is not accepted here (`unsupported_media_type`, `multipart_expected`).',
  422: 'The input is well-formed but breaks a rule (a specific code, often with `fields`).',
  429: 'Too many requests (`rate_limited`, or a throttle of this operation); try again later.',
  500:
    'An unexpected error (`internal_error`), or stored data failed verification (`integrity_failure`); the ' +
    'request id identifies it in the server log.',
  503:
    'Try again after `Retry-After` seconds: the instance is shutting down (`shutting_down`), cannot reach its ' +
    'database (`database_unavailable`), has no database connection to spare (`database_busy`), runs as many ' +
    'requests of this kind as it allows (`overloaded`), or stopped a statement that ran too long (`statement_timeout`).',
} as const;

type Status = keyof typeof meaning;

/**
 * The error answers an operation can give, from what its route declares: its input (path, query, body), its
 * method, whether it is part of the API (sessions, tokens and rate limits apply to `/api/` only) and
 * whether a guard requires a signed-in caller. Rules that only the service knows (a duplicate, a deleted
 * object) are assumed wherever the operation takes input that could name one.
 */
function applicableStatuses(route: RouteOptions, guarded: boolean): Array<{ status: Status; text: string }> {
  const schema = route.schema ?? {};
  const api = route.url.startsWith('/api/');
  const takesBody = [route.method].flat().some((method) => BODY_METHODS.has(method));
  const hasParams = schema.params !== undefined || route.url.includes(':');
  const hasQuery = schema.querystring !== undefined;
  const hasInput = hasParams || hasQuery || takesBody || schema.body !== undefined;
  const names = hasParams || takesBody;
  const rules: Array<[Status, boolean]> = [
    [400, hasInput],
    [401, api],
    [403, api],
    [404, api && names],
    [409, api && takesBody],
    [410, api && names],
    [413, takesBody],
    [414, hasParams],
    [415, takesBody],
    [422, api && hasInput],
    [429, api],
    [500, true],
    [503, true],
  ];
  return rules
    .filter(([, applies]) => applies)
    .map(([status]) => {
      const text = meaning[status];
      return { status, text: typeof text === 'string' ? text : guarded ? text.guarded : text.open };
    });
}

const isErrorStatus = (status: string) => /^[45](\d\d|xx)$/i.test(status);

/**
 * Registers `ErrorResponse` and documents the error answers of every route added after this call (every
 * documented one, that is: hidden routes and routes without a schema are left alone). A route may name its
 * own 4xx answers (`errorResponse('…')`, to say which codes): its description is kept, but the body is
 * always `ErrorResponse`, the only shape an error leaves in. A route's own 5xx body (a readiness check's)
 * is kept as it is. `guards` are the preHandlers that require a signed-in caller.
 */
export function documentErrorResponses(
  app: FastifyInstance,
  options: { guards: ReadonlyArray<unknown> },
): void {
  app.addSchema(ErrorResponse);
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.schema.hide) return;
    const guarded = [route.preHandler ?? []].flat().some((hook) => options.guards.includes(hook));
    const declared = (route.schema.response ?? {}) as Record<string, { description?: string }>;
    const response: Record<string, unknown> = {};
    for (const { status, text } of applicableStatuses(route, guarded)) response[status] = errorResponse(text);
    for (const [status, schema] of Object.entries(declared)) {
      const ownErrorBody = isErrorStatus(status) && !status.startsWith('5');
      response[status] = ownErrorBody
        ? errorResponse(
            schema.description ??
              (response[status] as { description: string } | undefined)?.description ??
              'An error.',
          )
        : schema;
    }
    // A route that declares no answer of its own still succeeds: say so, as @fastify/swagger would have.
    if (!Object.keys(declared).some((status) => /^[23]/.test(status)))
      response[200] = { description: 'Default Response' };
    route.schema = { ...route.schema, response };
  });
}
