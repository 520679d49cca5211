import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultPublicUrl } from './public-url.ts';

/** A setting that cannot be used: main prints `message` as one line and exits. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const logLevels: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type DatabaseConfig =
  | { engine: 'embedded'; dataDir: string | null; appRole: string }
  | {
      engine: 'postgres';
      url: string;
      migrationUrl: string;
      poolSize: number;
      appRole: string;
      /** How long a request waits for a pooled connection before 503 `database_busy`. Default 2 s. */
      poolWaitMs?: number;
      /** PostgreSQL's statement_timeout for the server's own connections; 0: none. Default 5 s. */
      statementTimeoutMs?: number;
      /** PostgreSQL's idle_in_transaction_session_timeout for the server's connections; 0: none. Default 30 s. */
      idleInTransactionTimeoutMs?: number;
      /** Named prepared statements on the pool's connections (server/db/prepared-statements.ts). Default on. */
      preparedStatements?: boolean;
    };

/** Concurrency limits per class of expensive route (server/http/bulkhead.ts). */
export interface BulkheadConfig {
  /** List and search requests one instance runs at once; more wait up to `waitMs`, then 503 `overloaded`. */
  list: number;
  waitMs: number;
}

/** Which key provider wraps the tenant keys (docs/security.md). */
export type KeyProviderConfig =
  | {
      kind: 'local';
      /** The 32-byte master key, when given by TMA_MASTER_KEY(_FILE). */
      masterKey: Buffer | null;
      /** Embedded mode without a configured key: read, or generate on first start, this file. */
      generatedKeyFile: string | null;
      /** Older master keys, only to unwrap keys not yet re-wrapped (TMA_PREVIOUS_MASTER_KEYS, rotate-master). */
      previousMasterKeys?: Buffer[];
    }
  | { kind: 'pkcs11'; library: string; tokenLabel: string; pin: string; keyLabel: string }
  | { kind: 'aws-kms'; keyId: string; region: string; endpoint: string | null };

export type DocumentStoreConfig = { kind: 'postgres' } | { kind: 'filesystem'; directory: string };

/** The SMTP server from TMA_SMTP_URL. Holds the password: never log it (describeSmtp() shows it safely). */
export interface SmtpConfig {
  host: string;
  port: number;
  /** TLS from the first byte (smtps://); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send without STARTTLS: set when credentials would otherwise cross the network in clear. */
  requireTls: boolean;
  auth: { user: string; pass: string } | null;
}

export interface MailConfig {
  /** null: e-mail is off; messages stay queued in the outbox (docs/configuration.md, "E-mail"). */
  smtp: SmtpConfig | null;
  from: { name: string | null; address: string };
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: LogLevel;
  /** Passed to Fastify's `trustProxy`: false, true, a hop count or a list of addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  database: DatabaseConfig;
  bulkheads: BulkheadConfig;
  migrateOnStart: boolean;
  /** Seconds to keep serving after SIGTERM while reporting not-ready, so load balancers stop routing here. */
  drainDelaySeconds: number;
  /** Seconds that in-flight requests get to finish before the process gives up and exits non-zero. */
  shutdownTimeoutSeconds: number;
  bodyLimitBytes: number;
  /** Attachments to a report or a reporter's message: the largest file, and how many at once. */
  attachments: { maxBytes: number; maxFiles: number };
  /** Documents of a case: the largest file, and the largest PDF or image that is cleaned (in memory). */
  documents: { maxBytes: number; cleanMaxBytes: number };
  /** Requests per minute and client on /api before 429; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Requests per minute, client and route on the login endpoints before 429; 0 turns that limit off. */
  authRateLimitPerMinute: number;
  /** The bearer token `GET /metrics` requires; null leaves it open. */
  metricsToken: string | null;
  /** Certificate chain and private key (PEM) for native HTTPS; null serves plain HTTP. */
  tls: { cert: Buffer; key: Buffer } | null;
  keyProvider: KeyProviderConfig;
  /** When the master key is due for rotation and a retired one for destruction (docs/privacy.md). */
  keySchedule: { masterKeyRotationDays: number; backupRetentionDays: number };
  documentStore: DocumentStoreConfig;
  /** A session ends after this many minutes without a request. */
  sessionIdleMinutes: number;
  /** A session ends this many hours after login, however active. */
  sessionMaxHours: number;
  /** Base URL users reach TMA under, without a trailing slash; links in e-mails start with it. */
  publicUrl: string;
  /** Whether TMA_PUBLIC_URL set it; otherwise it is the default that follows PORT and HOST. */
  publicUrlConfigured: boolean;
  mail: MailConfig;
}

/** One documented setting. `docs/configuration.md` lists every entry; a test keeps the two in step. */
export interface SettingSpec {
  name: string;
  default: string;
  description: string;
}

export const settings: readonly SettingSpec[] = [
  {
    name: 'PORT',
    default: '3000',
    description: 'TCP port the HTTP server listens on (0 picks a free port).',
  },
  {
    name: 'HOST',
    default: '127.0.0.1',
    description: 'Address to listen on. The container image sets 0.0.0.0.',
  },
  {
    name: 'DATABASE_URL',
    default: '(unset: embedded PGlite)',
    description:
      'PostgreSQL connection URL (`postgres://user:pass@host:5432/db`). Unset, TMA runs on the embedded PGlite database in `DATA_DIR/db`.',
  },
  {
    name: 'DATA_DIR',
    default: './data',
    description: 'Folder for local state: the embedded database (`db/`) and its lock file.',
  },
  {
    name: 'LOG_LEVEL',
    default: 'info',
    description: 'One of fatal, error, warn, info, debug, trace, silent. Logs are JSON lines on stdout.',
  },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    description:
      'Whether to trust `X-Forwarded-*` headers: `false`, `true`, a number of hops, or a comma-separated list of proxy addresses/CIDRs.',
  },
  {
    name: 'TMA_MIGRATION_DATABASE_URL',
    default: '(DATABASE_URL)',
    description:
      'Connection URL of the role that owns the tables, used only to run migrations and admin commands. Lets `DATABASE_URL` be a role with no ownership.',
  },
  {
    name: 'TMA_DB_APP_ROLE',
    default: 'tma_app',
    description:
      'PostgreSQL role every tenant transaction switches to (`SET LOCAL ROLE`); it owns nothing and is subject to row-level security. Created by the migrations.',
  },
  {
    name: 'TMA_DB_POOL_SIZE',
    default: '10',
    description:
      'Connections per instance in the PostgreSQL pool (server mode only). All instances together must stay below the server\'s `max_connections` minus what administrators and migrations need (docs/operations.md, "Database connections and timeouts").',
  },
  {
    name: 'TMA_DB_POOL_WAIT',
    default: '2s',
    description:
      'How long a request waits for a free pooled connection (and a new connection may take to open) before it is answered 503 `database_busy` with `Retry-After`. A duration: `2s`, `1500ms`, or milliseconds.',
  },
  {
    name: 'TMA_DB_STATEMENT_TIMEOUT',
    default: '5s',
    description:
      "Longest a single SQL statement of a request may run (PostgreSQL `statement_timeout`, set on the pool's connections at start-up, no extra round trip); a request that hits it is answered 503 `statement_timeout`. `0` turns it off. Migrations and `tma` admin commands run without it. A duration: `5s`, `500ms`, or milliseconds.",
  },
  {
    name: 'TMA_DB_IDLE_TRANSACTION_TIMEOUT',
    default: '30s',
    description:
      "PostgreSQL `idle_in_transaction_session_timeout` for the pool's connections: a transaction left open and idle this long is ended with its connection, so it cannot hold locks indefinitely. `0` turns it off.",
  },
  {
    name: 'TMA_DB_PREPARED_STATEMENTS',
    default: 'true',
    description:
      "Run the server's parameterised statements as named prepared statements, parsed and planned once per pooled connection instead of on every request (statements that select `*` excepted, so a rolling deploy that adds a column cannot break them). Turn it off (`false`) behind a connection pooler in transaction mode that does not keep prepared statements (PgBouncer before 1.21, or without `max_prepared_statements`).",
  },
  {
    name: 'TMA_LIST_CONCURRENCY',
    default: '(half of TMA_DB_POOL_SIZE; embedded: 2)',
    description:
      'How many list and search requests (`GET /api/v1/cases`, `GET /api/v1/reports`, …) one instance runs at once, so that they cannot take every database connection from reads such as `GET /api/v1/cases/{id}`. More wait up to `TMA_DB_POOL_WAIT`, then get 503 `overloaded` with `Retry-After`.',
  },
  {
    name: 'TMA_MIGRATE_ON_START',
    default: 'true',
    description:
      'Run pending migrations at start, under an advisory lock. With `false`, the instance stays not-ready until `tma migrate` has run.',
  },
  {
    name: 'TMA_DRAIN_DELAY',
    default: '0',
    description:
      'Seconds to keep serving after SIGTERM while `/readyz` answers 503, so a load balancer can stop sending traffic first.',
  },
  {
    name: 'TMA_SHUTDOWN_TIMEOUT',
    default: '25',
    description:
      'Seconds in-flight requests get to finish after SIGTERM before the process exits with code 1.',
  },
  { name: 'TMA_BODY_LIMIT', default: '1048576', description: 'Largest accepted JSON request body in bytes.' },
  {
    name: 'TMA_ATTACHMENT_MAX_BYTES',
    default: '10485760',
    description: 'Largest attachment in bytes that a reporter (or the team recording a report) can upload.',
  },
  {
    name: 'TMA_ATTACHMENT_MAX_FILES',
    default: '5',
    description: 'How many attachments one report or one message can carry.',
  },
  {
    name: 'TMA_DOCUMENT_MAX_BYTES',
    default: '2147483648',
    description:
      'Largest document in bytes that can be uploaded to a case (2 GiB). Uploads stream into encrypted storage, so memory does not grow with the size.',
  },
  {
    name: 'TMA_DOCUMENT_CLEAN_MAX_BYTES',
    default: '104857600',
    description:
      'Largest PDF or image in bytes that is accepted on a case (100 MiB): they are cleaned of metadata and active content in memory before they are stored, so each upload in flight can take this much memory.',
  },
  {
    name: 'TMA_RATE_LIMIT',
    default: '600',
    description: 'Requests per minute and client address on `/api` before answering 429; `0` turns it off.',
  },
  {
    name: 'TMA_AUTH_RATE_LIMIT',
    default: '20',
    description:
      'Requests per minute, client address and endpoint on `POST /api/v1/auth/login` and `/api/v1/auth/login/*` before answering 429; `0` leaves them under `TMA_RATE_LIMIT` only.',
  },
  {
    name: 'TMA_METRICS_TOKEN',
    default: '(unset: /metrics is open)',
    description:
      'Bearer token that `GET /metrics` requires (`Authorization: Bearer <token>`; 401 without it), at least 32 characters, e.g. `openssl rand -hex 32`. Use `TMA_METRICS_TOKEN_FILE`. Unset, anyone who reaches the port can read the metrics (docs/operations.md).',
  },
  {
    name: 'TLS_CERT_FILE',
    default: '(unset: plain HTTP)',
    description:
      'PEM file with the server certificate (and its chain). Set together with `TLS_KEY_FILE` for native HTTPS; unset both behind a TLS-terminating proxy (docs/operations.md).',
  },
  {
    name: 'TLS_KEY_FILE',
    default: '(unset: plain HTTP)',
    description: 'PEM file with the private key of `TLS_CERT_FILE`.',
  },
  {
    name: 'TMA_SESSION_IDLE_MINUTES',
    default: '30',
    description: 'Minutes without a request after which a login session ends.',
  },
  {
    name: 'TMA_SESSION_MAX_HOURS',
    default: '12',
    description: 'Hours after login at which a session ends however active it is.',
  },
  {
    name: 'TMA_KEY_PROVIDER',
    default: 'local',
    description:
      'What protects the tenant keys: `local` (a master key file), `pkcs11` (a hardware security module) or `aws-kms`.',
  },
  {
    name: 'TMA_MASTER_KEY',
    default: '(embedded: generated in DATA_DIR/master.key)',
    description:
      "The local provider's 256-bit master key, base64. Use `TMA_MASTER_KEY_FILE`. Required with `DATABASE_URL`; on the embedded database TMA generates `DATA_DIR/master.key` on first start. Back it up apart from the database.",
  },
  {
    name: 'TMA_PREVIOUS_MASTER_KEYS',
    default: '(none)',
    description:
      'Older master keys of the local provider, base64, separated by commas or new lines: they only unwrap keys that `tma keys rotate-master` has not re-wrapped under `TMA_MASTER_KEY` yet. Use `TMA_PREVIOUS_MASTER_KEYS_FILE` (docs/key-providers.md).',
  },
  {
    name: 'TMA_MASTER_KEY_ROTATION_DAYS',
    default: '365',
    description:
      'Days after which the master key is due for rotation (`tma keys rotate-master`, which renews every tenant key too); the server logs a warning and sets `tma_master_key_rotation_due` when it is due. `0` turns the reminder off (docs/privacy.md).',
  },
  {
    name: 'TMA_BACKUP_RETENTION_DAYS',
    default: '35',
    description:
      'How long your database backups (and WAL archives) are kept, in days. A retired master key is due for destruction (`tma keys destroy-retired --older-than <days>d`) this long after its rotation; the server warns and sets `tma_master_keys_destruction_due` until it is done (docs/privacy.md).',
  },
  {
    name: 'TMA_PKCS11_LIBRARY',
    default: '(none)',
    description: 'Path of the PKCS#11 module of the HSM, e.g. `/usr/lib/softhsm/libsofthsm2.so`.',
  },
  {
    name: 'TMA_PKCS11_TOKEN_LABEL',
    default: 'tma',
    description: 'Label of the HSM token (slot) that holds the key.',
  },
  {
    name: 'TMA_PKCS11_PIN',
    default: '(none)',
    description: 'User PIN of the token. Use `TMA_PKCS11_PIN_FILE`.',
  },
  {
    name: 'TMA_PKCS11_KEY_LABEL',
    default: 'tma-master',
    description: 'Label of the AES-256 key on the token; TMA creates it, non-extractable, if it is missing.',
  },
  {
    name: 'TMA_AWS_KMS_KEY_ID',
    default: '(none)',
    description: 'Key id or ARN of the AWS KMS key that wraps tenant keys.',
  },
  { name: 'TMA_AWS_REGION', default: '(AWS_REGION)', description: 'AWS region of the KMS key.' },
  {
    name: 'TMA_AWS_KMS_ENDPOINT',
    default: '(AWS default)',
    description:
      'Override of the KMS endpoint URL, e.g. a VPC endpoint. Credentials come from the AWS SDK chain.',
  },
  {
    name: 'TMA_DOCUMENT_STORE',
    default: 'postgres',
    description: 'Where encrypted document chunks are stored: `postgres` (in the database) or `filesystem`.',
  },
  {
    name: 'TMA_DOCUMENT_DIR',
    default: 'DATA_DIR/documents',
    description: 'Folder for encrypted document chunks with `TMA_DOCUMENT_STORE=filesystem`.',
  },
  {
    name: 'TMA_PUBLIC_URL',
    default: '(unset: http://localhost:PORT)',
    description:
      "Base URL under which users reach TMA, e.g. `https://tma.example.com` (a path prefix is allowed); links in e-mails start with it, and passkeys are bound to its host (the WebAuthn RP id) and origin, so it must be the address users open. An http(s) URL without query or fragment. Unset, it is `http://localhost:PORT` (`https` with `TLS_CERT_FILE`; HOST's own name when HOST is neither a loopback nor a wildcard address), and on the embedded database a browser that opens TMA at a loopback address (`localhost`, `127.0.0.1`, any port) is served under that address; TMA warns at start when a loopback TMA_PUBLIC_URL names another port than PORT.",
  },
  {
    name: 'TMA_SMTP_URL',
    default: '(unset: e-mail off)',
    description:
      'SMTP server for outgoing e-mail: `smtp://user:password@host:587` (STARTTLS; required when credentials are given, except to a loopback address) or `smtps://user:password@host:465` (TLS from the start); percent-encode special characters in user and password. Use `TMA_SMTP_URL_FILE`: it holds a password. Unset, e-mails are kept in the outbox until an instance with this setting sends them; invitations are not queued then, the admin gets their link to pass on.',
  },
  {
    name: 'TMA_MAIL_FROM',
    default: 'TMA <tma@localhost>',
    description: 'Sender of the e-mails TMA sends: `address` or `Name <address>`.',
  },
];

const specByName = new Map(settings.map((spec) => [spec.name, spec]));

/** Reads `NAME`, or the file named by `NAME_FILE` (Docker/Kubernetes secrets); never both. */
function readRaw(env: Env, name: string): string | undefined {
  if (!specByName.has(name)) throw new Error(`undocumented setting ${name}`);
  const direct = env[name];
  const file = env[`${name}_FILE`];
  if (direct !== undefined && direct !== '' && file) {
    throw new ConfigError(`${name} and ${name}_FILE are both set; set only one of them`);
  }
  if (file) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new ConfigError(`${name}_FILE: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  return direct === '' ? undefined : direct;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readRaw(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw.trim());
  if (!/^\s*-?\d+\s*$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, min: 60_000 };

/** A duration as PostgreSQL spells it: `5s`, `500ms`, `1min`, or a bare number of milliseconds. */
function duration(env: Env, name: string, fallbackMs: number, minMs: number, maxMs: number): number {
  const raw = readRaw(env, name)?.trim();
  if (raw === undefined) return fallbackMs;
  const match = /^(\d+)\s*(ms|s|min)?$/.exec(raw);
  const value = match ? Number(match[1]) * (DURATION_UNITS[match[2] ?? 'ms'] as number) : Number.NaN;
  if (!(value >= minMs && value <= maxMs)) {
    throw new ConfigError(
      `${name} must be a duration from ${minMs} ms to ${maxMs / 1000} s, like 5s or 500ms (got "${raw}")`,
    );
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readRaw(env, name)?.trim().toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

function postgresUrl(env: Env, name: string): string | undefined {
  const raw = readRaw(env, name)?.trim();
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL like postgres://user:password@host:5432/database`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} must start with postgres:// or postgresql:// (got ${url.protocol}//)`);
  }
  if (url.pathname.length <= 1) throw new ConfigError(`${name} must name a database (…/database)`);
  return raw;
}

function trustProxy(env: Env): Config['trustProxy'] {
  const raw = readRaw(env, 'TRUST_PROXY')?.trim();
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry))) {
    throw new ConfigError(`TRUST_PROXY must be true, false, a hop count or addresses/CIDRs (got "${raw}")`);
  }
  return entries;
}

function identifier(env: Env, name: string, fallback: string): string {
  const raw = readRaw(env, name)?.trim() ?? fallback;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new ConfigError(`${name} must be a lower-case PostgreSQL identifier (got "${raw}")`);
  }
  return raw;
}

function requiredText(env: Env, name: string, because: string): string {
  const raw = readRaw(env, name)?.trim();
  if (!raw) throw new ConfigError(`${name} is required ${because}`);
  return raw;
}

function masterKey(env: Env): Buffer | null {
  const raw = readRaw(env, 'TMA_MASTER_KEY')?.trim();
  if (raw === undefined) return null;
  const key = Buffer.from(raw, 'base64');
  if (key.length !== 32 || key.toString('base64') !== raw) {
    throw new ConfigError(
      'TMA_MASTER_KEY must be 32 random bytes in base64 (44 characters); create one with `openssl rand -base64 32`',
    );
  }
  return key;
}

function previousMasterKeys(env: Env): Buffer[] {
  const raw = readRaw(env, 'TMA_PREVIOUS_MASTER_KEYS');
  if (raw === undefined) return [];
  return raw
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((text, index) => {
      const key = Buffer.from(text, 'base64');
      if (key.length !== 32 || key.toString('base64') !== text) {
        throw new ConfigError(
          `TMA_PREVIOUS_MASTER_KEYS: key ${index + 1} must be 32 bytes in base64 (44 characters)`,
        );
      }
      return key;
    });
}

function keyProvider(env: Env, dataDir: string, embedded: boolean): KeyProviderConfig {
  const kind = readRaw(env, 'TMA_KEY_PROVIDER')?.trim() ?? 'local';
  const forProvider = `with TMA_KEY_PROVIDER=${kind}`;
  switch (kind) {
    case 'local': {
      const key = masterKey(env);
      if (!key && !embedded) {
        throw new ConfigError(
          'TMA_MASTER_KEY_FILE is required with DATABASE_URL: every instance must use the same master key',
        );
      }
      return {
        kind,
        masterKey: key,
        generatedKeyFile: key ? null : path.join(dataDir, 'master.key'),
        previousMasterKeys: previousMasterKeys(env),
      };
    }
    case 'pkcs11':
      return {
        kind,
        library: requiredText(env, 'TMA_PKCS11_LIBRARY', forProvider),
        tokenLabel: readRaw(env, 'TMA_PKCS11_TOKEN_LABEL')?.trim() || 'tma',
        pin: requiredText(env, 'TMA_PKCS11_PIN', forProvider),
        keyLabel: readRaw(env, 'TMA_PKCS11_KEY_LABEL')?.trim() || 'tma-master',
      };
    case 'aws-kms': {
      const endpoint = readRaw(env, 'TMA_AWS_KMS_ENDPOINT')?.trim() ?? null;
      if (endpoint && !/^https?:\/\//.test(endpoint)) {
        throw new ConfigError(`TMA_AWS_KMS_ENDPOINT must be an http(s) URL (got "${endpoint}")`);
      }
      const region = readRaw(env, 'TMA_AWS_REGION')?.trim() || env.AWS_REGION?.trim();
      if (!region) throw new ConfigError(`TMA_AWS_REGION (or AWS_REGION) is required ${forProvider}`);
      return { kind, keyId: requiredText(env, 'TMA_AWS_KMS_KEY_ID', forProvider), region, endpoint };
    }
    default:
      throw new ConfigError(`TMA_KEY_PROVIDER must be local, pkcs11 or aws-kms (got "${kind}")`);
  }
}

function pemFile(env: Env, name: string, label: RegExp, what: string): Buffer {
  const file = readRaw(env, name)?.trim() ?? '';
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new ConfigError(`${name}: cannot read ${file} (${(error as NodeJS.ErrnoException).code})`);
  }
  if (!label.test(content.toString('latin1'))) {
    throw new ConfigError(`${name}: ${file} is not a PEM file with ${what}`);
  }
  return content;
}

function metricsToken(env: Env): string | null {
  const raw = readRaw(env, 'TMA_METRICS_TOKEN')?.trim();
  if (raw === undefined || raw === '') return null;
  if (raw.length < 32 || raw.length > 512 || !/^[\x21-\x7e]+$/.test(raw))
    throw new ConfigError(
      'TMA_METRICS_TOKEN must be 32 to 512 printable characters without spaces, e.g. from `openssl rand -hex 32` (the value is not shown)',
    );
  return raw;
}

/** Native HTTPS needs both files or neither; each must be readable PEM of the right kind. */
function tls(env: Env): Config['tls'] {
  const certSet = readRaw(env, 'TLS_CERT_FILE') !== undefined;
  const keySet = readRaw(env, 'TLS_KEY_FILE') !== undefined;
  if (!certSet && !keySet) return null;
  if (!certSet || !keySet) {
    throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE must be set together (or neither)');
  }
  return {
    cert: pemFile(env, 'TLS_CERT_FILE', /-----BEGIN CERTIFICATE-----/, 'a certificate'),
    key: pemFile(env, 'TLS_KEY_FILE', /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'a private key'),
  };
}

function documentStore(env: Env, dataDir: string): DocumentStoreConfig {
  const kind = readRaw(env, 'TMA_DOCUMENT_STORE')?.trim() ?? 'postgres';
  if (kind === 'postgres') return { kind };
  if (kind === 'filesystem') {
    return {
      kind,
      directory: path.resolve(dataDir, readRaw(env, 'TMA_DOCUMENT_DIR')?.trim() ?? 'documents'),
    };
  }
  throw new ConfigError(`TMA_DOCUMENT_STORE must be postgres or filesystem (got "${kind}")`);
}

function publicUrl(env: Env, fallback: string): string {
  const raw = readRaw(env, 'TMA_PUBLIC_URL')?.trim() ?? fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`TMA_PUBLIC_URL must be a URL like https://tma.example.com (got "${raw}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`TMA_PUBLIC_URL must start with http:// or https:// (got "${raw}")`);
  }
  if (url.search || url.hash || raw.includes('?') || raw.includes('#') || url.username || url.password) {
    throw new ConfigError(`TMA_PUBLIC_URL must have no query, fragment or credentials (got "${raw}")`);
  }
  return url.toString().replace(/\/+$/, '');
}

const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** Error messages never repeat the value: it may hold the SMTP password. */
function smtp(env: Env): SmtpConfig | null {
  const raw = readRaw(env, 'TMA_SMTP_URL')?.trim();
  if (raw === undefined) return null;
  const hidden = '(the value is not shown: it may hold a password)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`TMA_SMTP_URL must be a URL like smtp://user:password@host:587 ${hidden}`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`TMA_SMTP_URL must start with smtp:// or smtps:// (got ${url.protocol}//)`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new ConfigError(`TMA_SMTP_URL must name a host ${hidden}`);
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash) {
    throw new ConfigError(`TMA_SMTP_URL takes no path, query or fragment ${hidden}`);
  }
  if (url.password && !url.username)
    throw new ConfigError(`TMA_SMTP_URL has a password but no user ${hidden}`);
  let auth: SmtpConfig['auth'] = null;
  try {
    if (url.username)
      auth = { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) };
  } catch {
    throw new ConfigError(`TMA_SMTP_URL has a malformed percent-encoding in user or password ${hidden}`);
  }
  const secure = url.protocol === 'smtps:';
  return {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTls: auth !== null && !secure && !isLoopback(host),
    auth,
  };
}

function mailFrom(env: Env): MailConfig['from'] {
  const raw = readRaw(env, 'TMA_MAIL_FROM')?.trim() ?? 'TMA <tma@localhost>';
  const address = /^[^\s@<>",;()\\]+@[^\s@<>",;()\\]+$/;
  const named = /^([^<>"\r\n]*?)\s*<([^<>]+)>$/.exec(raw);
  const name = named ? (named[1] as string).trim() || null : null;
  const email = named ? (named[2] as string).trim() : raw;
  if (!address.test(email) || email.length > 254 || (name?.length ?? 0) > 100) {
    throw new ConfigError(`TMA_MAIL_FROM must be an address or Name <address> (got "${raw}")`);
  }
  return { name, address: email };
}

/** Builds the validated configuration; throws ConfigError naming the first bad setting. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const logLevel = (readRaw(env, 'LOG_LEVEL')?.trim().toLowerCase() ?? 'info') as LogLevel;
  if (!logLevels.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${logLevel}")`);
  }
  const host = readRaw(env, 'HOST')?.trim() ?? '127.0.0.1';
  if (!/^[0-9a-zA-Z.:_-]+$/.test(host)) throw new ConfigError(`HOST is not a valid address (got "${host}")`);

  const dataDir = path.resolve(cwd, readRaw(env, 'DATA_DIR')?.trim() ?? './data');
  const appRole = identifier(env, 'TMA_DB_APP_ROLE', 'tma_app');
  const url = postgresUrl(env, 'DATABASE_URL');
  const migrationUrl = postgresUrl(env, 'TMA_MIGRATION_DATABASE_URL');
  if (migrationUrl && !url)
    throw new ConfigError('TMA_MIGRATION_DATABASE_URL is set but DATABASE_URL is not');
  const poolSize = integer(env, 'TMA_DB_POOL_SIZE', 10, 1, 1000);
  const poolWaitMs = duration(env, 'TMA_DB_POOL_WAIT', 2000, 100, 60_000);
  const database: DatabaseConfig = url
    ? {
        engine: 'postgres',
        url,
        migrationUrl: migrationUrl ?? url,
        poolSize,
        appRole,
        poolWaitMs,
        statementTimeoutMs: duration(env, 'TMA_DB_STATEMENT_TIMEOUT', 5000, 0, 3_600_000),
        idleInTransactionTimeoutMs: duration(env, 'TMA_DB_IDLE_TRANSACTION_TIMEOUT', 30_000, 0, 3_600_000),
        preparedStatements: boolean(env, 'TMA_DB_PREPARED_STATEMENTS', true),
      }
    : { engine: 'embedded', dataDir: path.join(dataDir, 'db'), appRole };
  // Half the pool for lists and searches leaves the other half to everything else, whatever they cost.
  const listDefault = url ? Math.max(1, Math.floor(poolSize / 2)) : 2;
  const bulkheads: BulkheadConfig = {
    list: integer(env, 'TMA_LIST_CONCURRENCY', listDefault, 1, 1000),
    waitMs: poolWaitMs,
  };

  const port = integer(env, 'PORT', 3000, 0, 65535);
  const tlsConfig = tls(env);
  return {
    port,
    host,
    dataDir,
    logLevel,
    trustProxy: trustProxy(env),
    database,
    bulkheads,
    migrateOnStart: boolean(env, 'TMA_MIGRATE_ON_START', true),
    drainDelaySeconds: integer(env, 'TMA_DRAIN_DELAY', 0, 0, 600),
    shutdownTimeoutSeconds: integer(env, 'TMA_SHUTDOWN_TIMEOUT', 25, 1, 3600),
    bodyLimitBytes: integer(env, 'TMA_BODY_LIMIT', 1_048_576, 1024, 1_073_741_824),
    attachments: {
      maxBytes: integer(env, 'TMA_ATTACHMENT_MAX_BYTES', 10_485_760, 1024, 104_857_600),
      maxFiles: integer(env, 'TMA_ATTACHMENT_MAX_FILES', 5, 0, 20),
    },
    documents: {
      maxBytes: integer(env, 'TMA_DOCUMENT_MAX_BYTES', 2 * 1024 ** 3, 1024, 1024 ** 4),
      cleanMaxBytes: integer(env, 'TMA_DOCUMENT_CLEAN_MAX_BYTES', 100 * 1024 ** 2, 1024, 1024 ** 3),
    },
    rateLimitPerMinute: integer(env, 'TMA_RATE_LIMIT', 600, 0, 1_000_000),
    authRateLimitPerMinute: integer(env, 'TMA_AUTH_RATE_LIMIT', 20, 0, 1_000_000),
    metricsToken: metricsToken(env),
    tls: tlsConfig,
    keyProvider: keyProvider(env, dataDir, database.engine === 'embedded'),
    keySchedule: {
      masterKeyRotationDays: integer(env, 'TMA_MASTER_KEY_ROTATION_DAYS', 365, 0, 3650),
      backupRetentionDays: integer(env, 'TMA_BACKUP_RETENTION_DAYS', 35, 1, 3650),
    },
    documentStore: documentStore(env, dataDir),
    sessionIdleMinutes: integer(env, 'TMA_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionMaxHours: integer(env, 'TMA_SESSION_MAX_HOURS', 12, 1, 24 * 30),
    publicUrl: publicUrl(env, defaultPublicUrl({ host, port, tls: tlsConfig !== null })),
    publicUrlConfigured: readRaw(env, 'TMA_PUBLIC_URL')?.trim() !== undefined,
    mail: { smtp: smtp(env), from: mailFrom(env) },
  };
}
