import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * JSON logs on stdout. Request lines carry method, path (never the query string, which may hold tokens),
 * route and status, and deliberately no client address or user agent: TMA accepts anonymous reports, and
 * the security-relevant facts of a request belong in the audit log, not in operators' log pipelines.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tma' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password'],
        censor: '[redacted]',
      },
      serializers: {
        req: (req: { method?: string; url?: string; routeOptions?: { url?: string } }) => ({
          method: req.method,
          path: req.url?.split('?')[0],
          route: req.routeOptions?.url,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}
