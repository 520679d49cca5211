import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyReply } from 'fastify';

type Directives = Record<string, Array<string | ((req: unknown, res: ServerResponse) => string)>>;

const styleNonces = new WeakMap<ServerResponse, string>();

/**
 * This response's style nonce. Mantine writes its CSS variables and styles into `<style>` elements at run
 * time; index.html hands it the nonce (web/main.tsx, `getStyleNonce`), so no other inline style may run.
 */
export function styleNonce(reply: FastifyReply): string {
  return styleNonces.get(reply.raw) ?? '';
}

/**
 * The web app's Content-Security-Policy (docs/security.md, "Transport and headers"): everything comes from
 * TMA itself; inline `<style>` elements only with this response's nonce; no inline script at all.
 */
export const webAppPolicy: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", (_req, res) => `'nonce-${styleNonces.get(res) ?? ''}'`],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
};

/**
 * The Swagger UI at /api/docs: its bundle writes inline styles and style attributes, and its download and
 * copy buttons use blob: URLs. It is developer tooling without tenant data, so it may be a little looser.
 */
export const apiDocsPolicy: Directives = {
  ...webAppPolicy,
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'", 'blob:'],
};

export const hstsValue = 'max-age=31536000; includeSubDomains';

const permissionsPolicy = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'usb',
  'xr-spatial-tracking',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * Registers helmet and the headers it does not set. Must run before the routes are added: the hook that
 * gives /api/docs its own policy sees only routes added after it.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  app.addHook('onRoute', (routeOptions) => {
    if (routeOptions.url?.startsWith('/api/docs')) {
      routeOptions.config = {
        ...routeOptions.config,
        helmet: { contentSecurityPolicy: { useDefaults: false, directives: apiDocsPolicy } },
      } as typeof routeOptions.config;
    }
  });
  // Before helmet's own hook, which writes the policy with this nonce.
  app.addHook('onRequest', async (_request, reply) => {
    styleNonces.set(reply.raw, randomBytes(16).toString('base64'));
  });
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: webAppPolicy },
    // Sent below, only when the request really came over HTTPS.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('permissions-policy', permissionsPolicy);
    // `request.protocol` is https under native TLS, or behind a trusted proxy that says X-Forwarded-Proto: https.
    if (request.protocol === 'https') reply.header('strict-transport-security', hstsValue);
  });
}
