import type { UnreadableFields } from '../../crypto/integrity.ts';
import { type ScopeCipher, ScopeShreddedError } from '../../crypto/keyring.ts';
import type { Sealed } from '../../crypto/sealed.ts';
import { addDays, addMonths, dayOf } from './days.ts';
import type { ReportAnswers } from './form-definition.ts';
import type { AttachmentSummary, DialogueMessage, InboxItem, ReporterDetails } from './schemas.ts';
import type { AttachmentRow, MessageRow, ReportRow, SettingsRow } from './store.ts';

// Rows to API objects. Sealed columns are opened here, with the report's cipher, and nowhere else.

export const field = (table: string, column: string, rowId: string) => ({ table, column, rowId });

/**
 * Opens one sealed field. Given `unreadable` (the team's views), a field that fails verification yields
 * `fallback` and is named there, so one damaged field does not hide the rest; without it, it throws.
 */
function opened<T, F>(
  unreadable: UnreadableFields | undefined,
  path: string,
  open: () => T,
  fallback: F,
): T | F {
  return unreadable ? unreadable.open(path, open, fallback) : open();
}

export function deadlines(row: Pick<ReportRow, 'received_on' | 'acknowledged_at'>, settings: SettingsRow) {
  const acknowledgeDueOn = addDays(row.received_on, settings.acknowledge_days);
  const acknowledgedOn = row.acknowledged_at ? dayOf(row.acknowledged_at) : null;
  return {
    acknowledgeDueOn,
    acknowledgedOn,
    // The Whistleblower Directive counts the feedback period from the acknowledgement, or, without one, from
    // the end of the acknowledgement period.
    feedbackDueOn: addMonths(acknowledgedOn ?? acknowledgeDueOn, settings.feedback_months),
  };
}

/** A report in the inbox; `can` is what the reader may do with it (reports/policy.ts). */
export function toInboxItem(row: ReportRow, settings: SettingsRow, can: InboxItem['can']): InboxItem {
  return {
    id: row.id,
    reference: row.reference,
    unit: { id: row.unit_id, name: row.unit_name },
    channel: row.channel,
    anonymous: row.anonymous,
    dangerIndicated: row.danger_indicated,
    status: row.status,
    receivedOn: row.received_on,
    ...deadlines(row, settings),
    feedbackGivenOn: row.feedback_given_at ? dayOf(row.feedback_given_at) : null,
    dangerAcknowledgeDueAt:
      row.danger_due_at && row.acknowledged_at === null ? row.danger_due_at.toISOString() : null,
    dangerEscalatedOn: row.danger_escalated_on,
    language: row.language,
    hasReceipt: row.receipt_index !== null || row.receipt_hash !== null,
    awaitingReply: row.awaiting_reply,
    caseId: row.case_id,
    deleted: row.deleted_at
      ? { on: row.deleted_at.toISOString().slice(0, 10), reason: row.deletion_reason }
      : null,
    can,
  };
}

export function openAnswers(
  cipher: ScopeCipher,
  row: Pick<ReportRow, 'id' | 'answers_sealed'>,
  unreadable?: UnreadableFields,
): ReportAnswers {
  // Nulled only on the tombstone of a deleted report, whose key is shredded as well.
  if (!row.answers_sealed) throw new ScopeShreddedError(`the report ${row.id} was deleted`);
  const sealed = row.answers_sealed;
  return opened(
    unreadable,
    'answers',
    () => JSON.parse(cipher.openText(sealed, field('reports', 'answers_sealed', row.id))) as ReportAnswers,
    {},
  );
}

export function openReporter(
  cipher: ScopeCipher,
  row: Pick<ReportRow, 'id' | 'reporter_sealed'>,
  unreadable?: UnreadableFields,
): ReporterDetails | null {
  const sealed = row.reporter_sealed;
  if (!sealed) return null;
  return opened(
    unreadable,
    'reporter',
    () => JSON.parse(cipher.openText(sealed, field('reports', 'reporter_sealed', row.id))) as ReporterDetails,
    null,
  );
}

export function openClosedNote(
  cipher: ScopeCipher,
  row: Pick<ReportRow, 'id' | 'closed_note_sealed'>,
  unreadable?: UnreadableFields,
): string | null {
  const sealed = row.closed_note_sealed;
  if (!sealed) return null;
  return opened(
    unreadable,
    'closedNote',
    () => cipher.openText(sealed, field('reports', 'closed_note_sealed', row.id)),
    null,
  );
}

export function toAttachmentSummary(
  cipher: ScopeCipher,
  row: AttachmentRow,
  unreadable?: UnreadableFields,
): AttachmentSummary {
  return {
    id: row.id,
    fileName: opened(
      unreadable,
      `attachments.${row.id}.fileName`,
      () =>
        cipher.openText(
          row.file_name_sealed as Sealed,
          field('report_attachments', 'file_name_sealed', row.id),
        ),
      '',
    ),
    contentType: row.content_type,
    byteLength: row.byte_length,
    addedOn: row.added_on,
  };
}

/** The dialogue, each message with its attachments; `forTeam` adds the author names of team messages. */
export function toDialogue(
  cipher: ScopeCipher,
  messages: MessageRow[],
  attachments: AttachmentRow[],
  forTeam: boolean,
  unreadable?: UnreadableFields,
): DialogueMessage[] {
  return messages.map((message) => ({
    id: message.id,
    author: message.author_type,
    kind: message.kind,
    body: opened(
      unreadable,
      `messages.${message.id}.body`,
      () => cipher.openText(message.body_sealed, field('report_messages', 'body_sealed', message.id)),
      '',
    ),
    sentOn: message.sent_on,
    ...(forTeam && message.author_name ? { authorName: message.author_name } : {}),
    attachments: attachments
      .filter((attachment) => attachment.message_id === message.id)
      .map((attachment) => toAttachmentSummary(cipher, attachment, unreadable)),
  }));
}
