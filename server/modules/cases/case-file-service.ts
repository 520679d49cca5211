import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { readPage } from '../../db/page.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import { accessActor } from '../access/service.ts';
import type { AuthContext } from '../identity/service.ts';
import type { ClosingOutcome } from '../retention/schemas.ts';
import { JOURNAL_ORDER, type JournalEntry, type JournalKind } from './journal.ts';
import { type JournalEntryInput, readJournal, writeJournalEntry } from './journal-service.ts';
import { type CaseDetailsChange, changeCaseStatus, updateCaseDetails } from './lifecycle.ts';
import { loadCase } from './load-case.ts';
import type { CaseDetail, CaseStatus } from './schemas.ts';
import { readCaseDetail } from './service.ts';
import {
  addTeamMember,
  changeTeamMembership,
  listTeam,
  removeTeamMember,
  type TeamCandidate,
  type TeamCandidateFilter,
  type TeamMember,
  teamCandidates,
} from './team.ts';

/** The case file for the routes: lifecycle, details, journal and team, each in one tenant transaction. */
export class CaseFileService {
  readonly #database: Database;
  readonly #keyring: Keyring;
  readonly #alarm: IntegrityAlarm | undefined;
  readonly #now: () => Date;

  constructor(options: { database: Database; keyring: Keyring; alarm?: IntegrityAlarm; now?: () => Date }) {
    this.#database = options.database;
    this.#keyring = options.keyring;
    this.#alarm = options.alarm;
    this.#now = options.now ?? (() => new Date());
  }

  async #run<T>(
    auth: AuthContext,
    work: (trx: TenantTransaction, keys: TenantKeys) => Promise<T>,
  ): Promise<T> {
    const keys = await this.#keyring.forTenant(auth.tenantId);
    return withTenant(this.#database, { tenantId: auth.tenantId, userId: auth.userId }, (trx) =>
      work(trx, keys),
    );
  }

  /** Changes the status with a reason; answers the case. */
  changeStatus(
    auth: AuthContext,
    caseId: string,
    input: { status: CaseStatus; reason: string; outcome?: ClosingOutcome | undefined },
    requestId: string,
  ): Promise<CaseDetail> {
    return this.#run(auth, async (trx, keys) => {
      await changeCaseStatus(trx, keys, auth, caseId, input, { now: this.#now(), requestId });
      return readCaseDetail(trx, keys, auth, caseId, requestId, this.#alarm);
    });
  }

  /** Changes title, summary, category, tags, due date or owner; answers the case. */
  updateDetails(
    auth: AuthContext,
    caseId: string,
    change: CaseDetailsChange,
    requestId: string,
  ): Promise<CaseDetail> {
    return this.#run(auth, async (trx, keys) => {
      await updateCaseDetails(trx, keys, auth, caseId, change, { now: this.#now(), requestId });
      return readCaseDetail(trx, keys, auth, caseId, requestId, this.#alarm);
    });
  }

  journal(
    auth: AuthContext,
    caseId: string,
    query: {
      kind?: JournalKind | JournalKind[] | undefined;
      limit?: string | undefined;
      after?: string | undefined;
    },
    requestId: string,
  ): Promise<{ entries: JournalEntry[]; nextCursor: string | null }> {
    const page = readPage(JOURNAL_ORDER, query);
    // One `kind` parameter arrives as a string, several as an array.
    const kinds = typeof query.kind === 'string' ? [query.kind] : query.kind;
    return this.#run(auth, (trx, keys) =>
      readJournal(trx, keys, auth, caseId, { kinds, page }, { requestId, alarm: this.#alarm }),
    );
  }

  /** Writes a note, call or meeting (or a correction); answers the new entry's id. */
  writeJournal(
    auth: AuthContext,
    caseId: string,
    input: JournalEntryInput,
    requestId: string,
  ): Promise<string> {
    return this.#run(auth, (trx, keys) =>
      writeJournalEntry(trx, keys, auth, caseId, input, { now: this.#now(), requestId }),
    );
  }

  /**
   * Throws as the case page would (NotFound, Gone) unless the user may see the case: whether a live-update
   * stream may open, and stay open.
   */
  async liveAccess(auth: AuthContext, caseId: string): Promise<void> {
    await this.#run(auth, async (trx) => {
      await loadCase(trx, await accessActor(trx, auth), caseId, 'see');
    });
  }

  /** The case's team (whoever sees the case sees who works on it). */
  team(auth: AuthContext, caseId: string): Promise<TeamMember[]> {
    return this.#run(auth, async (trx) => {
      const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'see');
      return listTeam(trx, row.id, this.#now());
    });
  }

  /** Who may be added to the team (or made owner), for whoever manages the team. */
  candidates(auth: AuthContext, caseId: string, filter: TeamCandidateFilter): Promise<TeamCandidate[]> {
    return this.#run(auth, (trx) => teamCandidates(trx, auth, caseId, filter, this.#now()));
  }

  addMember(
    auth: AuthContext,
    caseId: string,
    input: { userId: string; expiresAt?: string | null | undefined },
    requestId: string,
  ): Promise<TeamMember[]> {
    return this.#run(auth, async (trx, keys) => {
      const now = this.#now();
      await addTeamMember(trx, keys, auth, caseId, input, { now, requestId });
      return listTeam(trx, caseId, now);
    });
  }

  changeMember(
    auth: AuthContext,
    caseId: string,
    userId: string,
    input: { expiresAt: string | null },
    requestId: string,
  ): Promise<TeamMember[]> {
    return this.#run(auth, async (trx) => {
      const now = this.#now();
      await changeTeamMembership(trx, auth, caseId, userId, input, { now, requestId });
      return listTeam(trx, caseId, now);
    });
  }

  removeMember(auth: AuthContext, caseId: string, userId: string, requestId: string): Promise<TeamMember[]> {
    return this.#run(auth, async (trx) => {
      const now = this.#now();
      await removeTeamMember(trx, auth, caseId, userId, { now, requestId });
      return listTeam(trx, caseId, now);
    });
  }
}
