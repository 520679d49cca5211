import type { Sealed } from '../crypto/sealed.ts';
import type { Day } from './schema-reports.ts';

/**
 * A hand-over of a case (with its reports) or of a report alone to another unit. The reason the sender
 * gave is sealed with the case's or report's data key; the audit event `*.hand_over` names this row.
 */
export interface HandOversTable {
  id: string;
  tenant_id: string;
  case_id: string | null;
  report_id: string | null;
  from_unit_id: string;
  to_unit_id: string;
  reason_sealed: Sealed;
  handed_by: string | null;
  handed_on: Day;
  /** 1, 2, 3 … per case or report. */
  position: number;
}

export interface HandOverTables {
  hand_overs: HandOversTable;
}
