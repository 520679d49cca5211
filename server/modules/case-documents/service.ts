import { randomUUID } from 'node:crypto';
import { FileDecryptionError } from '../../crypto/file-encryption.ts';
import {
  type IntegrityAlarm,
  IntegrityError,
  integrityReason,
  UnreadableFields,
} from '../../crypto/integrity.ts';
import type { Keyring, ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { encodeCursor, readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { Forbidden, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { auditingIntegrity, recordDeniedRead, recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent, recordAuditEventInOwnTransaction } from '../audit/service.ts';
import { announceCaseChange } from '../cases/case-events.ts';
import { SEARCH_FIELDS } from '../cases/case-list-filters.ts';
import { userNames } from '../cases/comments.ts';
import { appendJournal } from '../cases/journal.ts';
import { caseExists, type LoadedCase, loadCase } from '../cases/load-case.ts';
import type { BlobStore } from '../documents/blob-store.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { documentField, documentFileContext, fileNameField } from './fields.ts';
import { authorizeDocumentSettings } from './policy.ts';
import { readDocumentPage } from './read-documents.ts';
import type { CaseDocument, CaseDocumentPage, DocumentSettings, NewDocument } from './schemas.ts';
import {
  DOCUMENT_ORDER,
  type DocumentRow,
  findDocument,
  findVersion,
  insertDocument,
  insertVersion,
  lockDocument,
  selectVersions,
  setCurrentVersion,
  setTenantDocumentLimit,
  tenantDocumentLimit,
  type VersionRow,
} from './store.ts';
import {
  type DocumentLimits,
  discardUpload,
  type IncomingFile,
  type StoredUpload,
  storeUpload,
} from './store-upload.ts';
import { namedUsers, toCaseDocument } from './views.ts';

export interface CaseDocumentsDependencies {
  database: Database;
  keyring: Keyring;
  blobStore: BlobStore;
  limits: DocumentLimits;
  now?: () => Date;
  alarm?: IntegrityAlarm;
}

/** A version's content on its way out, with what the response needs to say about it. */
export interface DocumentDownload {
  fileName: string;
  contentType: string;
  byteLength: number;
  kind: VersionRow['kind'];
  content: AsyncGenerator<Buffer>;
}

const scopeOf = (auth: AuthContext) => ({ tenantId: auth.tenantId, userId: auth.userId });

/** What a user may do with the documents of a case they can read. */
function documentPermissions(can: LoadedCase['can']) {
  return {
    upload: can.write,
    uploadManagersOnly: can.write && can.read_managers_only,
    keepOriginal: can.manage,
    readOriginal: can.manage,
  };
}

/**
 * The documents of a case: uploads streamed into the encrypted blob store (store-upload.ts), versions,
 * downloads. Who may do what is the case's policy: whoever reads the case reads its documents (managers-only
 * ones only threat managers, by row-level security), whoever writes to it uploads, the case's threat managers
 * (`manage`) keep and read originals. Every upload, list and download is audited.
 */
export class CaseDocumentsService {
  readonly #deps: CaseDocumentsDependencies;
  readonly #now: () => Date;

  constructor(deps: CaseDocumentsDependencies) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  get limits(): DocumentLimits {
    return this.#deps.limits;
  }

  async #run<T>(
    auth: AuthContext,
    work: (trx: TenantTransaction, keys: TenantKeys) => Promise<T>,
  ): Promise<T> {
    const keys = await this.#deps.keyring.forTenant(auth.tenantId);
    return withTenant(this.#deps.database, scopeOf(auth), (trx) => work(trx, keys));
  }

  /** A page of the case's documents with all their versions, newest document first (`case.document_list`). */
  async list(
    auth: AuthContext,
    caseId: string,
    query: { limit?: string | undefined; after?: string | undefined },
    requestId: string,
  ): Promise<CaseDocumentPage> {
    const page = readPage(DOCUMENT_ORDER, query);
    const read = { action: 'case.document_list', objectType: 'case', objectId: caseId, requestId } as const;
    return this.#audited(auth, read, () =>
      this.#run(auth, async (trx, keys) => {
        const found = await readDocumentPage(trx, keys, auth, caseId, page, {
          requestId,
          alarm: this.#deps.alarm,
        });
        return {
          documents: found.documents,
          nextCursor: encodeCursor(DOCUMENT_ORDER, found.next),
          can: documentPermissions(found.can),
          maxBytes: await this.#maxBytes(trx),
        };
      }),
    );
  }

  /**
   * Adds a document (version 1) from an upload. Managers only where asked (those who read managers-only
   * content); the original kept only for the case's threat managers. A journal entry, audited as
   * `case.document_upload`.
   */
  async add(
    auth: AuthContext,
    caseId: string,
    input: NewDocument,
    file: IncomingFile,
    requestId: string,
  ): Promise<CaseDocument> {
    const authorized = await this.#authorizeUpload(auth, caseId, input);
    const { cipher } = authorized;
    const stored = await this.#store(auth, caseId, authorized, file, input.keepOriginal === true);
    try {
      return await this.#run(auth, async (trx, keys) => {
        const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
        const now = this.#now();
        const documentId = randomUUID();
        const title = input.title?.trim() || titleFromFileName(stored.fileName);
        const description = input.description?.trim() || null;
        await insertDocument(trx, {
          id: documentId,
          tenant_id: auth.tenantId,
          case_id: row.id,
          title_sealed: cipher.seal(title, documentField(documentId, 'title_sealed')),
          description_sealed: description
            ? cipher.seal(description, documentField(documentId, 'description_sealed'))
            : null,
          managers_only: input.managersOnly === true,
          current_version: 1,
          search_index: (await keys.blindIndex(trx)).entries(SEARCH_FIELDS.documentTitle, title),
          created_by: auth.userId,
          created_at: now,
          updated_at: now,
        });
        await this.#recordVersion(trx, auth, cipher, { caseId: row.id, documentId, version: 1 }, stored, {
          now,
          requestId,
          managersOnly: input.managersOnly === true,
        });
        return this.#readOne(trx, cipher, row.id, documentId);
      });
    } catch (error) {
      await discardUpload(this.#deps.blobStore, auth.tenantId, stored);
      throw error;
    }
  }

  /** Adds a new version of a document; the old ones stay. Audited as `case.document_upload`. */
  async addVersion(
    auth: AuthContext,
    caseId: string,
    documentId: string,
    input: { keepOriginal?: boolean | undefined },
    file: IncomingFile,
    requestId: string,
  ): Promise<CaseDocument> {
    const authorized = await this.#authorizeUpload(auth, caseId, input, documentId);
    const { cipher } = authorized;
    const stored = await this.#store(auth, caseId, authorized, file, input.keepOriginal === true);
    try {
      return await this.#run(auth, async (trx) => {
        const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
        const document = await lockDocument(trx, row.id, documentId);
        if (!document) throw documentNotFound();
        const now = this.#now();
        const version = document.current_version + 1;
        await this.#recordVersion(trx, auth, cipher, { caseId: row.id, documentId, version }, stored, {
          now,
          requestId,
          managersOnly: document.managers_only,
        });
        await setCurrentVersion(trx, documentId, version, now);
        return this.#readOne(trx, cipher, row.id, documentId);
      });
    } catch (error) {
      await discardUpload(this.#deps.blobStore, auth.tenantId, stored);
      throw error;
    }
  }

  /**
   * A version's content as a verified stream: the cleaned file, or the original (`manage`). Audited as
   * `case.document_read` once the stream has ended: success when all of it was sent and verified, failure
   * when it did not verify (the operator alerted) or broke off; a case the user may not see as denied.
   */
  async content(
    auth: AuthContext,
    caseId: string,
    documentId: string,
    version: number,
    variant: 'content' | 'original',
    requestId: string,
  ): Promise<DocumentDownload> {
    const read = { action: 'case.document_read', objectType: 'case', objectId: caseId, requestId } as const;
    const found = await this.#audited(auth, read, () =>
      this.#run(auth, async (trx, keys) => {
        const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'read');
        if (variant === 'original' && !can.manage)
          throw new Forbidden(
            'original_not_allowed',
            "Only the case's threat managers read the original upload.",
          );
        const document = await findDocument(trx, row.id, documentId);
        if (!document) throw documentNotFound();
        const stored = await findVersion(trx, document.id, version);
        if (!stored)
          throw new NotFound('document_version_not_found', `The document has no version ${version}.`);
        if (variant === 'original' && !stored.original_blob_id)
          throw new NotFound('document_original_not_kept', 'The original of this version was not kept.');
        const cipher = await keys.scope(trx, 'case', row.id);
        const unreadable = new UnreadableFields();
        const fileName = unreadable.open(
          'fileName',
          () => cipher.openText(stored.file_name_sealed, fileNameField(stored.id)),
          `document-${version}`,
        );
        await recordUnreadable(
          trx,
          auth,
          { action: read.action, objectType: 'case', caseId: row.id, requestId },
          unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
          this.#deps.alarm,
        );
        return { cipher, stored, fileName };
      }),
    );
    const { cipher, stored, fileName } = found;
    const blobId = variant === 'original' ? (stored.original_blob_id ?? '') : stored.blob_id;
    const context = documentFileContext({ tenantId: auth.tenantId, caseId, versionId: stored.id }, variant);
    const plaintext = cipher.decryptStream(this.#deps.blobStore.get(auth.tenantId, blobId), context);
    const failure = {
      tenantId: auth.tenantId,
      scope: 'case',
      scopeId: caseId,
      table: 'case_document_versions',
      column: variant === 'original' ? 'original' : 'content',
      rowId: stored.id,
    };
    const { database, alarm } = this.#deps;
    const success = `${variant === 'original' ? 'original' : 'version'}=${version}`;
    const record = (reason: string) =>
      recordAuditEventInOwnTransaction(database, scopeOf(auth), {
        ...auditActorOf(auth),
        action: 'case.document_read',
        objectType: 'document',
        objectId: documentId,
        objectIds: [stored.id],
        caseId,
        requestId,
        outcome: reason === success ? 'success' : 'failure',
        reason,
      });
    async function* audited(): AsyncGenerator<Buffer> {
      let reason = 'interrupted';
      try {
        yield* plaintext;
        reason = success;
      } catch (error) {
        if (!(error instanceof FileDecryptionError)) {
          reason = 'read_error';
          throw error;
        }
        reason = integrityReason(failure);
        alarm?.raise(failure, { requestId });
        const damaged = new IntegrityError(failure, { cause: error });
        damaged.alerted = alarm !== undefined;
        throw damaged;
      } finally {
        await record(reason);
      }
    }
    const original = variant === 'original';
    return {
      fileName,
      contentType: stored.content_type,
      byteLength: Number(original ? stored.original_byte_length : stored.byte_length),
      kind: stored.kind,
      content: audited(),
    };
  }

  async #authorizeUpload(
    auth: AuthContext,
    caseId: string,
    input: { managersOnly?: boolean | undefined; keepOriginal?: boolean | undefined },
    documentId?: string,
  ): Promise<{ cipher: ScopeCipher; limits: DocumentLimits }> {
    return this.#run(auth, async (trx, keys) => {
      const { row, can } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
      if (input.managersOnly === true && !can.read_managers_only)
        throw new Forbidden('managers_only_not_allowed', 'Only threat managers add managers-only documents.');
      if (input.keepOriginal === true && !can.manage)
        throw new Forbidden(
          'keep_original_not_allowed',
          "Only the case's threat managers keep an original upload.",
        );
      if (documentId !== undefined && !(await findDocument(trx, row.id, documentId)))
        throw documentNotFound();
      const maxBytes = await this.#maxBytes(trx);
      return { cipher: await keys.scope(trx, 'case', row.id), limits: { ...this.#deps.limits, maxBytes } };
    });
  }

  /** The operator's limit, or the organisation's where it set a lower one. */
  async #maxBytes(trx: TenantTransaction): Promise<number> {
    const own = await tenantDocumentLimit(trx);
    return own === null ? this.#deps.limits.maxBytes : Math.min(own, this.#deps.limits.maxBytes);
  }

  /** The organisation's document settings, with the operator's limit they live under. */
  settings(auth: AuthContext): Promise<DocumentSettings> {
    authorizeDocumentSettings(auth, 'read', auth.tenantId);
    return this.#run(auth, async (trx) => this.#settingsIn(trx));
  }

  /** Sets the organisation's own size limit (null: the operator's); audited as `tenant.document_settings`. */
  setSettings(
    auth: AuthContext,
    input: { maxBytes: number | null },
    requestId: string,
  ): Promise<DocumentSettings> {
    authorizeDocumentSettings(auth, 'configure', auth.tenantId);
    if (input.maxBytes !== null && input.maxBytes > this.#deps.limits.maxBytes)
      throw new Invalid(
        'document_limit_above_server',
        `This server accepts documents of at most ${this.#deps.limits.maxBytes} bytes; set a lower limit or none.`,
        [{ path: 'maxBytes', message: `must be at most ${this.#deps.limits.maxBytes}` }],
      );
    return this.#run(auth, async (trx) => {
      await setTenantDocumentLimit(trx, auth.tenantId, input.maxBytes, this.#now());
      await recordAuditEvent(trx, {
        ...auditActorOf(auth),
        action: 'tenant.document_settings',
        objectType: 'tenant',
        objectId: auth.tenantId,
        requestId,
        outcome: 'success',
        reason: input.maxBytes === null ? 'max_bytes=server' : `max_bytes=${input.maxBytes}`,
      });
      return this.#settingsIn(trx);
    });
  }

  async #settingsIn(trx: TenantTransaction): Promise<DocumentSettings> {
    return {
      maxBytes: await tenantDocumentLimit(trx),
      serverMaxBytes: this.#deps.limits.maxBytes,
      cleanMaxBytes: this.#deps.limits.cleanMaxBytes,
    };
  }

  #store(
    auth: AuthContext,
    caseId: string,
    authorized: { cipher: ScopeCipher; limits: DocumentLimits },
    file: IncomingFile,
    keepOriginal: boolean,
  ) {
    return storeUpload(this.#deps.blobStore, { tenantId: auth.tenantId, caseId }, authorized.cipher, file, {
      limits: authorized.limits,
      keepOriginal,
    });
  }

  async #recordVersion(
    trx: TenantTransaction,
    auth: AuthContext,
    cipher: ScopeCipher,
    at: { caseId: string; documentId: string; version: number },
    stored: StoredUpload,
    context: { now: Date; requestId: string; managersOnly: boolean },
  ): Promise<void> {
    await insertVersion(trx, {
      id: stored.versionId,
      tenant_id: auth.tenantId,
      case_id: at.caseId,
      document_id: at.documentId,
      version: at.version,
      blob_id: stored.blobId,
      byte_length: stored.byteLength,
      original_blob_id: stored.original?.blobId ?? null,
      original_byte_length: stored.original?.byteLength ?? null,
      file_name_sealed: cipher.seal(stored.fileName, fileNameField(stored.versionId)),
      content_type: stored.type.contentType,
      kind: stored.type.kind,
      cleaned: stored.cleaned,
      uploaded_by: auth.userId,
      uploaded_at: context.now,
    });
    await appendJournal(
      trx,
      null,
      { tenantId: auth.tenantId, caseId: at.caseId, authorId: auth.userId, now: context.now },
      {
        kind: at.version === 1 ? 'document_added' : 'document_version_added',
        managersOnly: context.managersOnly,
        facts: { documentId: at.documentId, documentVersion: at.version },
      },
    );
    await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: at.caseId, part: 'documents' });
    await announceCaseChange(trx, { tenantId: auth.tenantId, caseId: at.caseId, part: 'journal' });
    await recordAuditEvent(trx, {
      ...auditActorOf(auth),
      action: 'case.document_upload',
      objectType: 'document',
      objectId: at.documentId,
      objectIds: [stored.versionId],
      caseId: at.caseId,
      requestId: context.requestId,
      outcome: 'success',
      reason: `version=${at.version}`,
    });
  }

  async #readOne(
    trx: TenantTransaction,
    cipher: ScopeCipher,
    caseId: string,
    documentId: string,
  ): Promise<CaseDocument> {
    const document = (await findDocument(trx, caseId, documentId)) as DocumentRow;
    const versions = await selectVersions(trx, caseId, [documentId]);
    const names = await userNames(trx, namedUsers([document], versions));
    return toCaseDocument(cipher, document, versions, names, new UnreadableFields());
  }

  /** A read audited when refused (the case not visible) or when a value fails verification. */
  async #audited<T>(
    auth: AuthContext,
    read: { action: string; objectType: 'case'; objectId: string; requestId: string },
    run: () => Promise<T>,
  ): Promise<T> {
    const { database, alarm } = this.#deps;
    try {
      return await auditingIntegrity(database, auth, read, alarm, run);
    } catch (error) {
      if (error instanceof NotFound && error.code === 'case_not_found')
        await recordDeniedRead(database, auth, read, (trx) => caseExists(trx, read.objectId));
      throw error;
    }
  }
}

function documentNotFound(): NotFound {
  return new NotFound('document_not_found', 'No such document in this case.');
}

function titleFromFileName(fileName: string): string {
  const withoutExtension = fileName.replace(/\.[^.]+$/u, '').trim();
  return (withoutExtension || fileName).slice(0, 200);
}
