import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/connection-errors.ts';
import type { Database } from '../db/database.ts';
import { linkAuditEvents } from '../modules/audit/link.ts';

// Links recorded audit events into their tenants' hash chains (server/modules/audit/link.ts) in the
// background: a pass every second. Every instance runs one; they do not get in each other's way (one
// linker per tenant at a time). An event waits for its link at most about one interval
// after its commit while any instance runs (docs/audit-log.md, "How events are linked").

export interface AuditLinkerOptions {
  database: Database;
  logger: Logger;
  /** Pause between passes. Default 1 s. */
  intervalMs?: number;
}

export interface AuditLinker {
  /** Starts the passes: a first one at once. */
  start(): void;
  /** Stops the passes and, after the one in progress, links what is committed one last time. */
  stop(): Promise<void>;
}

export function createAuditLinker(options: AuditLinkerOptions): AuditLinker {
  const { database, logger } = options;
  const intervalMs = options.intervalMs ?? 1_000;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  let lastError: string | undefined;

  async function pass(): Promise<void> {
    try {
      await linkAuditEvents(database);
      if (lastError) logger.info('audit events are linked again');
      lastError = undefined;
    } catch (error) {
      // Logged once until a pass succeeds (e.g. while the schema waits for `tma migrate`).
      const message = (error as Error).message;
      if (message !== lastError && isDatabaseUnavailable(error))
        logger.warn({ err: error }, 'database unavailable: audit events wait unlinked until it is back');
      else if (message !== lastError)
        logger.error({ err: error }, 'linking audit events failed: recorded events wait unlinked');
      lastError = message;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    running = pass().finally(() => {
      running = undefined;
      schedule(intervalMs);
    });
  }

  return {
    start() {
      if (!stopped && !timer && !running) schedule(0);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await running;
      // Keeps the unlinked window short across a restart: what this instance committed is linked now.
      await pass();
    },
  };
}

/** Starts the linker for main.ts. */
export function startAuditLinker(database: Database, logger: Logger, intervalMs?: number): AuditLinker {
  const linker = createAuditLinker({ database, logger, ...(intervalMs === undefined ? {} : { intervalMs }) });
  linker.start();
  return linker;
}
