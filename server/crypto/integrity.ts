import { DecryptionError } from './aead.ts';

/**
 * Where a stored ciphertext failed verification: ids only, never content. `scope`/`scopeId` name the data
 * key (a case, a report), `table`/`column`/`rowId` the sealed value.
 */
export interface IntegrityFailure {
  tenantId: string;
  scope: string;
  scopeId: string;
  table: string;
  column: string;
  rowId: string;
}

/**
 * A stored ciphertext did not verify: it was altered, moved to another row, or sealed under another key.
 * Not a shredded scope (that is ScopeShreddedError): this is damage or tampering, and the operator must hear
 * of it. Carries where, never what. A DecryptionError that knows which stored value failed.
 */
export class IntegrityError extends DecryptionError {
  override name = 'IntegrityError';
  readonly failure: IntegrityFailure;
  /** Set once the failure has been logged, counted and audited, so that it is not reported twice. */
  alerted = false;

  constructor(failure: IntegrityFailure, options?: { cause?: unknown }) {
    super(
      `the stored value ${failure.table}.${failure.column} of row ${failure.rowId} (${failure.scope} ` +
        `${failure.scopeId}) failed verification: altered, moved or sealed under another key`,
      options,
    );
    this.failure = failure;
  }
}

/** The audit reason of an integrity failure, e.g. `integrity:cases.title_sealed`. */
export function integrityReason(failure: Pick<IntegrityFailure, 'table' | 'column'>): string {
  return `integrity:${failure.table}.${failure.column}`;
}

/** Tells the operator of integrity failures: a log line at error level and a metric (server/http/integrity-alarm.ts). */
export interface IntegrityAlarm {
  raise(failure: IntegrityFailure, context?: { requestId?: string | undefined }): void;
}

/**
 * Fields of one object that did not open, collected while building a view so that one bad field does not
 * hide the others: `paths` name them in the API's terms (`answers`, `messages.<id>.body`).
 */
export class UnreadableFields {
  readonly paths: string[] = [];
  readonly failures: IntegrityFailure[] = [];

  /** The value `open` returns, or `fallback` (and the field recorded) when it fails verification. */
  open<T, F>(path: string, open: () => T, fallback: F): T | F {
    try {
      return open();
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      this.paths.push(path);
      this.failures.push(error.failure);
      return fallback;
    }
  }

  /** As open(), for an opening that has to load its key first. */
  async openAsync<T, F>(path: string, open: () => Promise<T>, fallback: F): Promise<T | F> {
    try {
      return await open();
    } catch (error) {
      if (!(error instanceof IntegrityError)) throw error;
      this.paths.push(path);
      this.failures.push(error.failure);
      return fallback;
    }
  }
}
