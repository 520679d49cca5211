import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withoutUserScope, withTenant } from '../../db/tenant-transaction.ts';
import { Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from '../audit/service.ts';
import { documentFileContext } from '../case-documents/fields.ts';
import { announceCaseChange } from '../cases/case-events.ts';
import { appendJournal } from '../cases/journal.ts';
import type { BlobStore } from '../documents/blob-store.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { addMonths, dayOf } from '../reports/days.ts';
import { readExportContents } from './contents.ts';
import {
  authorizeDataSubjects,
  type DataSubjectAction,
  type DataSubjectActor,
  serializeDataSubjects,
} from './policy.ts';
import type {
  DataSubjectConfirmation,
  DataSubjectExportRequest,
  DataSubjectRequestDetail,
  DataSubjectRequestSummary,
  DataSubjectRequestsQuery,
  NewDataSubjectRequest,
  ProcessingRestrictionChange,
} from './schemas.ts';
import { findMatches } from './search.ts';
import {
  deleteRestriction,
  findRequest,
  insertRequest,
  insertRestriction,
  listRequests,
  type RequestRow,
  requestsKeyset,
  updateRequest,
} from './store.ts';
import { type ZipEntry, zipStream } from './zip.ts';

export interface DataSubjectDependencies {
  database: Database;
  keyring: Keyring;
  blobStore: BlobStore;
  now?: () => Date;
  alarm?: IntegrityAlarm;
}

interface Subject {
  name: string;
  email?: string;
  note?: string;
}

export interface DataSubjectExport {
  fileName: string;
  stream: Readable;
}

const SCOPE = 'data_subject_request';
const subjectField = (id: string) => ({
  table: 'data_subject_requests',
  column: 'subject_sealed',
  rowId: id,
});
const reasonField = (personId: string) => ({
  table: 'processing_restrictions',
  column: 'reason_sealed',
  rowId: personId,
});
const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });
const MAX_AUDIT_IDS = 500;

/**
 * Data subject requests (GDPR Art. 15) and restriction of processing (Art. 18), for the data protection
 * officer and admins (policy.ts): a request seals who it is about, finds them across every case and report
 * of the organisation, takes the officer's confirmation of which matches are the data subject, and exports
 * what TMA holds about them as a ZIP with other people redacted. Every step is audited with ids and codes,
 * never the name searched.
 */
export class DataSubjectService {
  readonly #deps: DataSubjectDependencies;
  readonly #now: () => Date;

  constructor(deps: DataSubjectDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  async #run<T>(
    auth: AuthContext,
    action: DataSubjectAction,
    work: (trx: TenantTransaction, keys: TenantKeys, actor: DataSubjectActor) => Promise<T>,
  ): Promise<T> {
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    return withTenant(this.#deps.database, scopeOf(auth), async (trx) => {
      const actor = await this.#actor(trx, auth);
      authorizeDataSubjects(actor, action, auth.tenantId);
      return work(trx, keys, actor);
    });
  }

  async #actor(trx: TenantTransaction, auth: AuthContext): Promise<DataSubjectActor> {
    const access = await accessActor(trx, auth);
    return {
      tenantId: auth.tenantId,
      role: access.role,
      specialty: auth.user.specialty,
      active: access.active,
      viaApiToken: access.viaApiToken,
    };
  }

  /** One page of the requests, newest first, with what the user may do. */
  async list(auth: AuthContext, query: DataSubjectRequestsQuery = {}) {
    const page = readPage(requestsKeyset, query);
    return this.#run(auth, 'search', async (trx, keys, actor) => {
      const { rows, next } = await listRequests(trx, page);
      const requests = [];
      for (const row of rows) requests.push(this.#summary(await this.#subject(trx, keys, row), row));
      return {
        requests,
        nextCursor: encodeCursor(requestsKeyset, next),
        can: serializeDataSubjects(actor, auth.tenantId),
      };
    });
  }

  /** Records a request (who it is about sealed) and searches for the person; audited as data_subject.search. */
  async create(auth: AuthContext, input: NewDataSubjectRequest, requestId: string) {
    const name = input.name.trim();
    if (!/[\p{L}\p{N}]/u.test(name))
      throw new Invalid('name_required', 'Give the name of the person the request is about.', [
        { path: 'name', message: 'must contain a letter or digit' },
      ]);
    return this.#run(auth, 'search', async (trx, keys, actor) => {
      const id = randomUUID();
      const now = this.#now();
      const receivedOn = input.receivedOn ?? dayOf(now);
      const subject: Subject = {
        name,
        ...(input.email ? { email: input.email.trim() } : {}),
        ...(input.note?.trim() ? { note: input.note.trim() } : {}),
      };
      const cipher = await keys.scope(trx, SCOPE, id);
      await insertRequest(trx, {
        id,
        tenant_id: auth.tenantId,
        subject_sealed: cipher.seal(JSON.stringify(subject), subjectField(id)),
        received_on: receivedOn,
        due_on: addMonths(receivedOn, 1),
        created_by: auth.userId,
        created_at: now,
      });
      const row = await findRequest(trx, id);
      if (!row) throw new Error('the request just written is not there');
      return this.#detail(trx, keys, auth, actor, row, requestId);
    });
  }

  /** The request with a fresh search; audited as data_subject.search. */
  async read(auth: AuthContext, id: string, requestId: string) {
    return this.#run(auth, 'search', async (trx, keys, actor) =>
      this.#detail(trx, keys, auth, actor, await this.#request(trx, id), requestId),
    );
  }

  /** Which matches are the data subject (only these are exported); audited as data_subject.confirm. */
  async confirm(auth: AuthContext, id: string, input: DataSubjectConfirmation, requestId: string) {
    return this.#run(auth, 'search', async (trx, keys, actor) => {
      const row = await this.#request(trx, id);
      const subject = await this.#subject(trx, keys, row);
      if (!subject) throw new Invalid('request_unreadable', 'This request could not be opened.');
      // Only what the search finds may be confirmed: no exporting arbitrary persons by id.
      const matches = await withoutUserScope(trx, () =>
        findMatches(trx, keys, this.#query(subject), { personIds: [], reportIds: [] }),
      );
      const found = new Set(matches.map((match) => `${match.kind}:${match.id}`));
      const stray = [
        ...input.personIds.filter((personId) => !found.has(`person:${personId}`)),
        ...input.reportIds.filter((reportId) => !found.has(`report:${reportId}`)),
      ];
      if (stray.length > 0)
        throw new Invalid('match_not_found', 'Confirm only matches of this request’s search.', [
          { path: 'personIds', message: `not found by the search: ${stray.length}` },
        ]);
      await updateRequest(trx, row.id, {
        confirmed_person_ids: input.personIds,
        confirmed_report_ids: input.reportIds,
      });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'data_subject.confirm',
        objectType: 'data_subject_request',
        objectId: row.id,
        requestId,
        outcome: 'success',
        reason: `persons=${input.personIds.length}.reports=${input.reportIds.length}`,
        objectIds: idsForAudit([...input.personIds, ...input.reportIds]),
      });
      return this.#detail(trx, keys, auth, actor, await this.#request(trx, id), requestId, false);
    });
  }

  /**
   * The ZIP of what TMA holds about the confirmed matches, streamed (documents decrypted chunk by chunk as
   * they are sent). Redacted unless the data protection officer includes names with a reason. Audited as
   * data_subject.export (`redacted` or `names_included:<reason>`); a download that breaks off is recorded
   * as a failure.
   */
  async export(
    auth: AuthContext,
    id: string,
    input: DataSubjectExportRequest,
    requestId: string,
  ): Promise<DataSubjectExport> {
    const includeNames = input.includeNames === true;
    const language = input.language ?? 'en';
    if (includeNames && !input.namesReason)
      throw new Invalid('names_reason_required', 'Say why other people’s names are included.', [
        { path: 'namesReason', message: 'is required with includeNames' },
      ]);
    const exportedAt = this.#now();
    const prepared = await this.#run(auth, includeNames ? 'export_names' : 'export', async (trx, keys) => {
      const row = await this.#request(trx, id);
      const subject = await this.#subject(trx, keys, row);
      if (!subject) throw new Invalid('request_unreadable', 'This request could not be opened.');
      if (row.confirmed_person_ids.length === 0 && row.confirmed_report_ids.length === 0)
        throw new Invalid('nothing_confirmed', 'Confirm which matches are the data subject first.');
      const contents = await withoutUserScope(trx, () =>
        readExportContents(trx, keys, {
          name: subject.name,
          personIds: row.confirmed_person_ids,
          reportIds: row.confirmed_report_ids,
          includeNames,
          language,
        }),
      );
      if (row.status === 'received')
        await updateRequest(trx, row.id, {
          status: 'exported',
          exported_at: exportedAt,
          exported_by: auth.userId,
        });
      else await updateRequest(trx, row.id, { exported_at: exportedAt, exported_by: auth.userId });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'data_subject.export',
        objectType: 'data_subject_request',
        objectId: row.id,
        requestId,
        outcome: 'success',
        reason: includeNames ? `names_included:${input.namesReason}` : 'redacted',
        objectIds: idsForAudit([...contents.caseIds, ...contents.reportIds]),
      });
      return { row, subject, contents };
    });
    const { row, subject, contents } = prepared;
    const manifest = {
      format: 'tma-data-subject-export/1',
      request: { id: row.id, receivedOn: row.received_on, dueOn: row.due_on },
      exportedAt: exportedAt.toISOString(),
      exportedBy: { id: auth.userId, name: auth.user.display_name },
      dataSubject: { name: subject.name, ...(subject.email ? { email: subject.email } : {}) },
      language,
      redacted: !includeNames,
      ...(includeNames ? { namesReason: input.namesReason } : {}),
      contents: contents.summary,
      review: REVIEW_NOTES[language](includeNames),
    };
    const { blobStore, database, alarm } = this.#deps;
    const entries: ZipEntry[] = [
      { path: 'manifest.json', buffer: json(manifest) },
      ...contents.files.map((file) => ({ path: file.path, buffer: json(file.json) })),
      ...contents.documents.map((document) => ({
        path: document.path,
        size: document.byteLength,
        stream: () =>
          document.cipher.decryptStream(
            blobStore.get(auth.tenantId, document.blobId),
            documentFileContext(
              { tenantId: auth.tenantId, caseId: document.caseId, versionId: document.versionId },
              'content',
            ),
          ),
      })),
    ];
    const stream = zipStream(entries, exportedAt);
    stream.once('error', (error) => {
      if (error.name === 'FileDecryptionError')
        alarm?.raise(
          {
            tenantId: auth.tenantId,
            scope: 'case',
            scopeId: 'export',
            table: 'case_document_versions',
            column: 'content',
            rowId: row.id,
          },
          { requestId },
        );
      void recordAuditEventInOwnTransaction(database, scopeOf(auth), {
        ...auditActorOf(auth),
        action: 'data_subject.export',
        objectType: 'data_subject_request',
        objectId: row.id,
        requestId,
        outcome: 'failure',
        reason:
          error.name === 'FileDecryptionError' ? 'integrity:case_document_versions.content' : 'interrupted',
      }).catch(() => undefined);
    });
    return { fileName: `data-subject-export-${row.received_on}-${row.id.slice(0, 8)}.zip`, stream };
  }

  /** Marks the request answered (the officer released the reviewed export); audited as data_subject.release. */
  async release(auth: AuthContext, id: string, requestId: string) {
    return this.#run(auth, 'export', async (trx, keys) => {
      const row = await this.#request(trx, id);
      if (row.status !== 'exported')
        throw new Invalid('request_not_exported', 'Export and review the data before marking it released.');
      await updateRequest(trx, row.id, {
        status: 'released',
        released_at: this.#now(),
        released_by: auth.userId,
      });
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'data_subject.release',
        objectType: 'data_subject_request',
        objectId: row.id,
        requestId,
        outcome: 'success',
      });
      const updated = await this.#request(trx, id);
      return this.#summary(await this.#subject(trx, keys, updated), updated);
    });
  }

  /**
   * Restricts the processing of a case person's data, or lifts the restriction: the record stays and is
   * read, edits answer 409 processing_restricted (server/modules/cases/processing-restriction.ts). The
   * reason is sealed with the case key. Audited as data_subject.restrict / data_subject.restriction_lifted.
   */
  async restrict(auth: AuthContext, personId: string, input: ProcessingRestrictionChange, requestId: string) {
    if (input.restricted && !input.reason?.trim())
      throw new Invalid('restriction_reason_required', 'Say why processing is restricted.', [
        { path: 'reason', message: 'is required to restrict processing' },
      ]);
    return this.#run(auth, 'restrict', async (trx, keys) => {
      const now = this.#now();
      const outcome = await withoutUserScope(trx, async () => {
        const person = await trx
          .selectFrom('case_persons')
          .innerJoin('cases', 'cases.id', 'case_persons.case_id')
          .select([
            'case_persons.id',
            'case_persons.case_id',
            'case_persons.role',
            'case_persons.pseudonym_number',
          ])
          .where('case_persons.id', '=', personId)
          .where('cases.deleted_at', 'is', null)
          .executeTakeFirst();
        if (!person) throw new NotFound('person_not_found', 'No such person.');
        // The case team sees in the journal why the record no longer changes (the reason stays sealed).
        const journal = (kind: 'processing_restricted' | 'processing_restriction_lifted') =>
          appendJournal(
            trx,
            null,
            { tenantId: auth.tenantId, caseId: person.case_id, authorId: auth.userId, now },
            {
              kind,
              facts: {
                personId: person.id,
                personRole: person.role,
                pseudonymNumber: person.pseudonym_number,
              },
            },
          );
        if (input.restricted) {
          const cipher = await keys.scope(trx, 'case', person.case_id);
          const inserted = await insertRestriction(trx, {
            tenant_id: auth.tenantId,
            person_id: person.id,
            case_id: person.case_id,
            reason_sealed: cipher.seal((input.reason ?? '').trim(), reasonField(person.id)),
            restricted_by: auth.userId,
            restricted_at: now,
          });
          if (inserted) await journal('processing_restricted');
          return { caseId: person.case_id, changed: inserted !== undefined };
        }
        const removed = await deleteRestriction(trx, person.id);
        if (removed) await journal('processing_restriction_lifted');
        return { caseId: person.case_id, changed: removed !== undefined };
      });
      if (outcome.changed) {
        await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: outcome.caseId, part: 'persons' });
        await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: outcome.caseId, part: 'journal' });
        await recordAuditEvent(trx, {
          ...auditActorOf(auth),
          action: input.restricted ? 'data_subject.restrict' : 'data_subject.restriction_lifted',
          objectType: 'person',
          objectId: personId,
          caseId: outcome.caseId,
          requestId,
          outcome: 'success',
        });
      }
      const current = await withoutUserScope(trx, () =>
        trx
          .selectFrom('processing_restrictions')
          .select('restricted_at')
          .where('person_id', '=', personId)
          .executeTakeFirst(),
      );
      return { processingRestrictedAt: current?.restricted_at.toISOString() ?? null };
    });
  }

  async #request(trx: TenantTransaction, id: string): Promise<RequestRow> {
    const row = await findRequest(trx, id);
    if (!row) throw new NotFound('data_subject_request_not_found', 'No such data subject request.');
    return row;
  }

  async #subject(trx: TenantTransaction, keys: TenantKeys, row: RequestRow): Promise<Subject | null> {
    const cipher = await keys.scope(trx, SCOPE, row.id);
    return new UnreadableFields().open(
      'subject',
      () => JSON.parse(cipher.openText(row.subject_sealed, subjectField(row.id))) as Subject,
      null,
    );
  }

  #query(subject: Subject) {
    return { name: subject.name, email: subject.email ?? null };
  }

  #summary(subject: Subject | null, row: RequestRow): DataSubjectRequestSummary {
    return {
      id: row.id,
      status: row.status,
      name: subject?.name ?? null,
      receivedOn: row.received_on,
      dueOn: row.due_on,
      overdue: row.status !== 'released' && dayOf(this.#now()) > row.due_on,
      confirmedCount: row.confirmed_person_ids.length + row.confirmed_report_ids.length,
      createdAt: row.created_at.toISOString(),
      exportedAt: row.exported_at?.toISOString() ?? null,
      releasedAt: row.released_at?.toISOString() ?? null,
    };
  }

  async #detail(
    trx: TenantTransaction,
    keys: TenantKeys,
    auth: AuthContext,
    actor: DataSubjectActor,
    row: RequestRow,
    requestId: string,
    audit = true,
  ): Promise<DataSubjectRequestDetail> {
    const subject = await this.#subject(trx, keys, row);
    const matches = subject
      ? await withoutUserScope(trx, () =>
          findMatches(trx, keys, this.#query(subject), {
            personIds: row.confirmed_person_ids,
            reportIds: row.confirmed_report_ids,
          }),
        )
      : [];
    if (audit)
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'data_subject.search',
        objectType: 'data_subject_request',
        objectId: row.id,
        requestId,
        outcome: 'success',
        reason: `matches=${matches.length}`,
        objectIds: idsForAudit(matches.map((match) => match.id)),
      });
    return {
      ...this.#summary(subject, row),
      email: subject?.email ?? null,
      note: subject?.note ?? null,
      matches,
      can: serializeDataSubjects(actor, auth.tenantId),
    };
  }
}

function idsForAudit(ids: readonly string[]): string[] | null {
  const unique = [...new Set(ids)].slice(0, MAX_AUDIT_IDS);
  return unique.length > 0 ? unique : null;
}

function json(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

/** What the officer must check before release, as the manifest says it. */
const REVIEW_NOTES: Record<'en' | 'de', (includeNames: boolean) => string[]> = {
  en: (includeNames) => [
    includeNames
      ? 'Other people’s names and details are included, as the data protection officer chose (audited).'
      : 'Other people (reporters, witnesses, affected persons) appear by role label, e.g. [Reporter A], [Witness A]: their names, e-mail addresses and phone numbers are replaced in every text.',
    'Free text can identify someone without naming them (a description, a nickname): read every text before release.',
    'Documents are included as stored: their content is NOT redacted. Review each before release.',
    'Only the matches the officer confirmed are included; this archive is for review, not for release as it is.',
  ],
  de: (includeNames) => [
    includeNames
      ? 'Namen und Angaben anderer Personen sind enthalten, wie die oder der Datenschutzbeauftragte entschieden hat (protokolliert).'
      : 'Andere Personen (Hinweisgebende, Zeugen, Betroffene) erscheinen mit ihrer Rolle, z. B. [Hinweisgeber/in A], [Zeuge/Zeugin A]: Ihre Namen, E-Mail-Adressen und Telefonnummern sind in jedem Text ersetzt.',
    'Freitext kann jemanden erkennbar machen, ohne ihn zu nennen (eine Beschreibung, ein Spitzname): Lesen Sie jeden Text vor der Herausgabe.',
    'Dokumente sind so enthalten, wie sie gespeichert sind: Ihr Inhalt ist NICHT geschwärzt. Prüfen Sie jedes vor der Herausgabe.',
    'Enthalten ist nur, was die oder der Datenschutzbeauftragte bestätigt hat; dieses Archiv dient der Prüfung, nicht der unveränderten Herausgabe.',
  ],
};
