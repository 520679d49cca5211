/**
 * What a key operation reports for its tenant's audit log. `server/crypto` does not know the audit module:
 * the caller (a CLI command, a job) passes a recorder in, and the audit module provides the one TMA uses
 * (`keyEventRecorder` in server/modules/audit/key-events.ts).
 */
export interface KeyEvent {
  tenantId: string;
  action: 'keys.rotate' | 'keys.rotate_master' | 'keys.destroy_tenant_key' | 'keys.destroy_master';
  objectType: 'tenant_key' | 'master_key';
  objectId: string;
  outcome: 'success' | 'failure';
  /** A reason code (`resumed`, `rewrapped=12`, `provider_error`, `destroyed`), never free text. */
  reason: string;
}

/** Records a key event in the tenant's audit log, in a transaction of its own. */
export type RecordKeyEvent = (event: KeyEvent) => Promise<unknown>;
