import { isIP } from 'node:net';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { DB } from '../../db/schema.ts';
import { Conflict, Forbidden } from '../../errors.ts';
import { isLoopbackHostHeader, isLoopbackHostname } from '../../public-url.ts';
import { recordAuditEventInOwnTransaction } from '../audit/service.ts';
import { checkPasswordPolicy } from '../identity/passwords.ts';
import { createUser } from '../identity/service.ts';
import { validateNewUser } from '../identity/users.ts';
import { createTenant } from '../tenants/service.ts';
import type { NewSetup, SetupDone, SetupStatus } from './schemas.ts';

// First-run setup: on a first start (no organisation yet) the person at the machine creates the first
// tenant and its administrator in the browser instead of at the command line. Open only while no tenant
// exists, only on the embedded database (the evaluation install; on PostgreSQL the server's own role may
// not create tenants, and an operator uses `tma`), and only from this machine (setup-address below).

/** What of a request says where it came from. */
export interface SetupRequestAddress {
  /** The TCP peer: what connected to this process. */
  socketAddress: string | undefined;
  /** The client as Fastify sees it (behind a trusted proxy: the forwarded client). */
  ip: string;
  headers: Record<string, string | string[] | undefined>;
}

const loopbackIp = (address: string | undefined): boolean => {
  if (!address) return false;
  const plain = address.replace(/^::ffff:/i, '');
  return isIP(plain) !== 0 && isLoopbackHostname(plain);
};

/**
 * Whether a request comes from a browser on this machine that opened TMA at a loopback address. All of it
 * must hold: the TCP peer and the client are loopback addresses; no proxy header says it relays someone
 * else (a reverse proxy on the same host connects from 127.0.0.1 too); the Host header is a loopback name
 * (a web page whose own name resolves to 127.0.0.1, DNS rebinding, sends its own name); and the Origin, when
 * the browser sends one, is a loopback address (no other site's page may post the form).
 */
export function fromThisMachine(request: SetupRequestAddress): boolean {
  const { headers } = request;
  if (!loopbackIp(request.socketAddress) || !loopbackIp(request.ip)) return false;
  if (headers.forwarded || headers['x-forwarded-for'] || headers['x-real-ip'] || headers.via) return false;
  const host = headers.host;
  if (typeof host !== 'string' || !isLoopbackHostHeader(host)) return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostname(url.hostname);
  } catch {
    return false;
  }
}

async function anyTenant(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('tenants').select(sql<number>`1`.as('one')).limit(1).executeTakeFirst();
  return row !== undefined;
}

export class SetupService {
  readonly #database: Database;

  constructor(database: Database) {
    this.#database = database;
  }

  /** Whether setup is open for this request, else why not (tenant_exists before anything about the caller). */
  async status(request: SetupRequestAddress): Promise<SetupStatus> {
    if (await anyTenant(this.#database.db)) return { open: false, reason: 'tenant_exists' };
    if (this.#database.engine !== 'embedded') return { open: false, reason: 'external_database' };
    if (!fromThisMachine(request)) return { open: false, reason: 'not_loopback' };
    return { open: true };
  }

  /**
   * Creates the first tenant and its admin (the password policy as everywhere; audited as `tenant.setup`
   * and `user.create` by the operator, the person at the machine). 409 `setup_done` once a tenant exists,
   * 403 `setup_not_local` from elsewhere than this machine, 403 `setup_needs_command_line` on PostgreSQL.
   */
  async run(input: NewSetup, request: SetupRequestAddress): Promise<SetupDone> {
    const status = await this.status(request);
    if (status.reason === 'tenant_exists')
      throw new Conflict(
        'setup_done',
        'TMA is set up already: sign in, or ask an administrator for an account.',
      );
    if (status.reason === 'external_database')
      throw new Forbidden(
        'setup_needs_command_line',
        'On PostgreSQL, create the first organisation and administrator with the tma command.',
      );
    if (status.reason === 'not_loopback')
      throw new Forbidden(
        'setup_not_local',
        'Set TMA up from the computer it runs on (at http://localhost), or with the tma command.',
      );
    const tenantInput = { slug: input.tenant.slug.trim(), name: input.tenant.name.trim() };
    const adminInput = {
      email: input.admin.email,
      displayName: input.admin.displayName,
      role: 'admin' as const,
      password: input.admin.password,
    };
    // Everything about the admin is checked before the tenant exists: a weak password must not leave an
    // organisation without an administrator (and setup closed).
    const { email, displayName } = validateNewUser(adminInput);
    checkPasswordPolicy(input.admin.password, [email, displayName, tenantInput.slug, tenantInput.name]);
    // The check and the insert in one transaction under a table lock: of two setups at once, one wins.
    const tenant = await this.#database.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE tenants IN EXCLUSIVE MODE`.execute(trx);
      if (await anyTenant(trx)) throw new Conflict('setup_done', 'TMA is set up already: sign in.');
      return createTenant(trx, tenantInput);
    });
    let admin: Awaited<ReturnType<typeof createUser>>;
    try {
      admin = await createUser(this.#database, tenant.id, adminInput, { kind: 'operator' });
    } catch (error) {
      // Nothing refers to the new tenant yet: without it, setup is open again.
      await this.#database.db.deleteFrom('tenants').where('id', '=', tenant.id).execute();
      throw error;
    }
    await recordAuditEventInOwnTransaction(
      this.#database,
      { tenantId: tenant.id, userId: null },
      {
        actorType: 'operator',
        actorId: null,
        action: 'tenant.setup',
        objectType: 'tenant',
        objectId: tenant.id,
        outcome: 'success',
        reason: 'first_run:loopback',
      },
    );
    return {
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name },
      admin: { id: admin.id, email: admin.email },
    };
  }
}
