import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendNotFound } from './error-handler.ts';

/** Where `npm run build` puts the web app. */
export const webDistDir = path.resolve(import.meta.dirname, '../../dist/web');

/**
 * Serves the built React app: hashed assets cached for a year, everything else revalidated, and any
 * unknown non-API GET that asks for HTML answered with index.html so client-side routes survive a reload.
 * Without a build (tests of the API alone), every unknown path answers 404 in the API error format.
 */
export async function registerWebApp(app: FastifyInstance, distDir = webDistDir): Promise<void> {
  const hasBuild = existsSync(path.join(distDir, 'index.html'));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: ['index.html'],
      cacheControl: false,
      setHeaders(reply, filePath) {
        const immutable = filePath.startsWith(path.join(distDir, 'assets') + path.sep);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    const isPage =
      hasBuild &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !urlPath.startsWith('/api/') &&
      !path.extname(urlPath) &&
      (request.headers.accept ?? '').includes('text/html');
    if (isPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendNotFound(request, reply);
  });
}
