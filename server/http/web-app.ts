import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendNotFound } from './error-handler.ts';
import { styleNonce } from './security-headers.ts';

/**
 * A path that asks for a file of the build (a missing one answers 404) rather than a page: by the file
 * types a build has. Page paths may contain dots themselves (`/assessment-models/acme.checklist/1.1.0`).
 */
const STATIC_FILE =
  /\.(js|mjs|css|map|png|jpe?g|gif|svg|webp|ico|woff2?|ttf|txt|json|webmanifest|wasm|pdf|html)$/i;

/** Where `npm run build` puts the web app. */
export const webDistDir = path.resolve(import.meta.dirname, '../../dist/web');

/**
 * Serves the built React app: hashed assets cached for a year, everything else revalidated, and any
 * unknown non-API GET that asks for HTML answered with index.html so client-side routes survive a reload.
 * Without a build (tests of the API alone), every unknown path answers 404 in the API error format.
 */
export async function registerWebApp(app: FastifyInstance, distDir = webDistDir): Promise<void> {
  const indexFile = path.join(distDir, 'index.html');
  const hasBuild = existsSync(indexFile);
  // index.html carries this response's style nonce for Mantine (security-headers.ts), so it is never static.
  const indexHtml = hasBuild ? readFileSync(indexFile, 'utf8') : '';
  const sendPage = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(indexHtml.replace('<head>', `<head><meta name="csp-nonce" content="${styleNonce(reply)}" />`));
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      allowedPath: (pathName) => pathName !== '/index.html',
      cacheControl: false,
      setHeaders(reply, filePath) {
        const immutable = filePath.startsWith(path.join(distDir, 'assets') + path.sep);
        reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
  }
  app.setNotFoundHandler((request, reply) => {
    const urlPath = request.url.split('?')[0] ?? '/';
    const isPage =
      hasBuild &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      !urlPath.startsWith('/api/') &&
      !STATIC_FILE.test(urlPath) &&
      (request.headers.accept ?? '').includes('text/html');
    if (isPage) return sendPage(reply);
    return sendNotFound(request, reply);
  });
}
