import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { Forbidden, Unauthorized } from '../../errors.ts';
import { authOf, requireAuth } from '../../http/authenticate.ts';
import { PageQuery } from '../../http/pagination.ts';
import { ApiTokenList, CreatedApiToken, NewApiToken } from './schemas.ts';
import { scopesForEndpoint } from './scopes.ts';
import type { ApiTokenService } from './service.ts';
import { presentedApiToken } from './tokens.ts';

export interface ApiTokenRoutesOptions {
  /** Built once by the composition root (app.ts). */
  tokens: ApiTokenService;
}

/**
 * API tokens: `Authorization: Bearer tma_…` authenticates a request to the endpoints its scopes open
 * (scopes.ts), with no cookie and so no CSRF token; and the admins' endpoints to manage tokens. Registered
 * after server/http/authenticate.ts, whose session hook (the preValidation before this one) leaves requests
 * with a token alone.
 */
async function apiTokens(app: FastifyInstance, options: ApiTokenRoutesOptions): Promise<void> {
  const service = options.tokens;

  // Before validation, so a token is checked (and a refused one answered) before its body is even read.
  app.addHook('preValidation', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const presented = presentedApiToken(request.headers.authorization);
    if (presented === undefined) return;
    const auth = await service.authenticate(presented, request.id);
    if (!auth) throw new Unauthorized('token_invalid', 'The API token is unknown, expired or revoked.');
    const opening = scopesForEndpoint(request.method, request.routeOptions.url);
    if (!opening) throw new Forbidden('token_not_allowed', 'API tokens cannot be used on this endpoint.');
    if (!opening.some((scope) => auth.apiToken?.scopes.includes(scope)))
      throw new Forbidden('token_scope_missing', `This endpoint needs a token with ${opening.join(' or ')}.`);
    request.auth = auth;
  });

  app.get(
    '/api/v1/api-tokens',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'The API tokens of your organisation, newest first (admins); never the tokens themselves',
        querystring: PageQuery,
        response: { 200: ApiTokenList },
      },
    },
    async (request) => service.list(authOf(request), request.query as PageQuery),
  );

  app.post(
    '/api/v1/api-tokens',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'Create an API token for an integration (admins); the token is answered only this once',
        body: NewApiToken,
        response: { 201: CreatedApiToken },
      },
    },
    async (request, reply) => {
      const created = await service.create(authOf(request), request.body as NewApiToken, request.id);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/api/v1/api-tokens/:id',
    {
      preHandler: requireAuth,
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API token at once (admins)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 204: Type.Null({ description: 'Revoked' }) },
      },
    },
    async (request, reply) => {
      await service.revoke(authOf(request), (request.params as { id: string }).id, request.id);
      return reply.code(204).send();
    },
  );
}

export const apiTokenRoutes = fp(apiTokens, { name: 'tma-api-tokens', dependencies: ['tma-identity'] });
