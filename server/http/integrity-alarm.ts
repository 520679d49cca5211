import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { IntegrityAlarm, IntegrityFailure } from '../crypto/integrity.ts';

/**
 * Tells the operator of a ciphertext that failed verification: one log line at error level with the ids
 * (tenant, scope, table, column, row; never content) and `tma_integrity_failures_total` by table and column
 * (register `failures` with the metrics registry), to alert on any increase.
 */
export class LoggingIntegrityAlarm implements IntegrityAlarm {
  readonly failures = new Counter({
    name: 'tma_integrity_failures_total',
    help: 'Stored ciphertexts that failed verification (altered, moved or wrong key), by table and column',
    labelNames: ['table', 'column'] as const,
    registers: [],
  });
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  raise(failure: IntegrityFailure, context: { requestId?: string | undefined } = {}): void {
    this.failures.inc({ table: failure.table, column: failure.column });
    this.#logger.error(
      { integrity: failure, ...(context.requestId ? { requestId: context.requestId } : {}) },
      `integrity failure: ${failure.table}.${failure.column} of row ${failure.rowId} did not verify; ` +
        'the stored data was altered, moved or sealed under another key (docs/security.md)',
    );
  }
}
