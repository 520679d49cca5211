import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../../db/database.ts';
import { CASE_EVENTS_CHANNEL, CASE_PARTS, type CaseEvent } from './case-events.ts';

// One LISTEN per instance for every live case page it serves: PostgreSQL hands each committed notice to
// every instance (NOTIFY is transactional and cluster-wide); PGlite delivers within its process. The hub
// starts listening with its first subscriber and fans notices out by tenant and case. A notice only says
// that something changed: each stream re-checks its reader's access before telling them (live-routes.ts).

export type CaseEventListener = (event: CaseEvent) => void;

export interface CaseEventHub {
  /** Calls `listener` for each change to the case; answers the unsubscribe. */
  subscribe(tenantId: string, caseId: string, listener: CaseEventListener): Promise<() => void>;
  close(): Promise<void>;
}

const parts = new Set<string>(CASE_PARTS);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A notice as sent by announceCaseChange(); anything else on the channel is ignored. */
export function parseCaseEvent(payload: string | undefined): CaseEvent | null {
  if (!payload) return null;
  try {
    const value = JSON.parse(payload) as Partial<CaseEvent>;
    if (typeof value.tenantId !== 'string' || !UUID.test(value.tenantId)) return null;
    if (typeof value.caseId !== 'string' || !UUID.test(value.caseId)) return null;
    if (typeof value.part !== 'string' || !parts.has(value.part)) return null;
    return {
      tenantId: value.tenantId,
      caseId: value.caseId,
      part: value.part,
      ...(typeof value.userId === 'string' && UUID.test(value.userId) ? { userId: value.userId } : {}),
    };
  } catch {
    return null;
  }
}

/** How the hub hears the channel: PGlite's listen(), or a pg client of its own that reconnects. */
type Source = { stop(): Promise<void> };

async function listenEmbedded(database: Database, deliver: (payload: string) => void): Promise<Source> {
  if (database.driver.engine !== 'embedded') throw new Error('not the embedded database');
  const unlisten = await database.driver.pglite.listen(CASE_EVENTS_CHANNEL, deliver);
  return { stop: () => unlisten() };
}

/**
 * Listens on a pg client of its own. Resolves once the first LISTEN is in place, so that a stream told
 * `ready` cannot miss a change committed after it; rejects when that first attempt fails. A connection
 * lost later is replaced with back-off.
 */
function listenPostgres(
  database: Database,
  deliver: (payload: string) => void,
  logger: Logger,
): Promise<Source> {
  if (database.driver.engine !== 'postgres') throw new Error('not PostgreSQL');
  const options = database.driver.pool.options;
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let delay = 500;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({
      connectionString: options.connectionString,
      application_name: 'tma-live',
      keepAlive: true,
    });
    next.on('notification', (message) => {
      if (message.channel === CASE_EVENTS_CHANNEL && message.payload) deliver(message.payload);
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'live updates: the listening connection failed; reconnecting');
      next.end().catch(() => {});
      if (client === next) {
        client = undefined;
        schedule();
      }
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CASE_EVENTS_CHANNEL}`);
    } catch (error) {
      next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end();
      return;
    }
    client = next;
    delay = 500;
  };
  const schedule = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch((error: unknown) => {
        logger.warn({ err: error }, 'live updates: cannot listen for case changes; trying again');
        schedule();
      });
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, 10_000);
  };
  const source: Source = {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
  return connect().then(() => source);
}

export function createCaseEventHub(database: Database, logger: Logger): CaseEventHub {
  const listeners = new Map<string, Set<CaseEventListener>>();
  let source: Promise<Source> | undefined;
  const key = (tenantId: string, caseId: string) => `${tenantId}/${caseId}`;
  const deliver = (payload: string) => {
    const event = parseCaseEvent(payload);
    if (!event) return;
    for (const listener of listeners.get(key(event.tenantId, event.caseId)) ?? []) {
      try {
        listener(event);
      } catch (error) {
        logger.warn({ err: error }, 'live updates: a listener failed');
      }
    }
  };
  return {
    async subscribe(tenantId, caseId, listener) {
      source ??=
        database.driver.engine === 'embedded'
          ? listenEmbedded(database, deliver)
          : listenPostgres(database, deliver, logger);
      const starting = source;
      try {
        await starting;
      } catch (error) {
        // The next subscriber tries again.
        if (source === starting) source = undefined;
        throw error;
      }
      const at = key(tenantId, caseId);
      const set = listeners.get(at) ?? new Set();
      set.add(listener);
      listeners.set(at, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(at);
      };
    },
    async close() {
      listeners.clear();
      const started = source;
      source = undefined;
      if (started) await (await started).stop();
    },
  };
}
