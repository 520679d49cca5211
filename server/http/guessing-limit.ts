import type { FastifyInstance } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route checks a secret someone could guess (a password, a receipt, an invitation or reset token)
     * or accepts anonymous reports: it gets the tight per-client limit of `TMA_AUTH_RATE_LIMIT`.
     */
    guessable?: boolean;
  }
}

/**
 * Gives every route that declares `config.guessable` its own per-client limit (kept in memory only: the
 * portal stores no client address). Must be registered before the modules add their routes.
 */
export function registerGuessingLimit(app: FastifyInstance, perMinute: number): void {
  if (perMinute <= 0) return;
  app.addHook('onRoute', (routeOptions) => {
    if (!routeOptions.config?.guessable) return;
    routeOptions.config = {
      ...routeOptions.config,
      rateLimit: { max: perMinute, timeWindow: 60_000 },
    } as typeof routeOptions.config;
  });
}
