import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { Unauthorized } from '../errors.ts';

/**
 * Whether a request belongs to the public reporting portal: its API (`/api/v1/portal/…`) or its pages
 * (`/report/…`). Matched on the path, so a portal URL that matches no route is recognised too.
 */
export function isPortalRequest(request: Pick<FastifyRequest, 'url'>): boolean {
  const path = request.url.split('?')[0] ?? '';
  return /^\/(api\/v1\/portal|report)(\/|$)/.test(path);
}

/**
 * Prometheus metrics of this instance: Node's process metrics and HTTP request durations by route
 * template (never the raw path, which would leak ids and explode cardinality) and status code.
 * Requests to the reporting portal are not counted at all: on a quiet portal any counter of them, even
 * one summed over all its routes, moves by one when someone files a report, and a scrape history would
 * then date that report to the scrape interval (docs/operations.md).
 */
export function registerMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route template and status code (reporting portal excluded)',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    if (isPortalRequest(request)) return;
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  return registry;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Throws Unauthorized (401) unless the request carries `Authorization: Bearer <token>`. Compared in
 * constant time (as SHA-256 digests, so the length does not show either).
 */
export function assertMetricsToken(request: Pick<FastifyRequest, 'headers'>, token: string): void {
  const presented = /^Bearer +(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
  if (!timingSafeEqual(digest(presented), digest(token)))
    throw new Unauthorized('metrics_token_required', 'GET /metrics requires the metrics bearer token.');
}
