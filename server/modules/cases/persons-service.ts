import type { Keyring, TenantKeys } from '../../crypto/keyring.ts';
import type { Database } from '../../db/database.ts';
import { type TenantTransaction, withTenant } from '../../db/tenant-transaction.ts';
import type { AuthContext } from '../identity/service.ts';
import {
  addPerson,
  type CasePerson,
  changePerson,
  findPersonMatches,
  linkPerson,
  type PersonInput,
  type PersonMatch,
  readPersons,
  removePerson,
} from './persons.ts';
import { type PersonSuggestion, suggestPersonsFromReports } from './persons-from-reports.ts';
import { assertProcessingAllowed } from './processing-restriction.ts';

/** The persons of a case for the routes, each call in one tenant transaction. */
export class CasePersonsService {
  readonly #database: Database;
  readonly #keyring: Keyring;
  readonly #now: () => Date;

  constructor(options: { database: Database; keyring: Keyring; now?: () => Date }) {
    this.#database = options.database;
    this.#keyring = options.keyring;
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

  list(auth: AuthContext, caseId: string, requestId: string): Promise<CasePerson[]> {
    return this.#run(auth, (trx, keys) => readPersons(trx, keys, auth, caseId, { requestId }));
  }

  add(auth: AuthContext, caseId: string, input: PersonInput, requestId: string): Promise<string> {
    return this.#run(auth, (trx, keys) =>
      addPerson(trx, keys, auth, caseId, input, { now: this.#now(), requestId }),
    );
  }

  change(
    auth: AuthContext,
    caseId: string,
    personId: string,
    input: Parameters<typeof changePerson>[5],
    requestId: string,
  ): Promise<void> {
    return this.#run(auth, async (trx, keys) => {
      await assertProcessingAllowed(trx, personId);
      return changePerson(trx, keys, auth, caseId, personId, input, { now: this.#now(), requestId });
    });
  }

  remove(auth: AuthContext, caseId: string, personId: string, requestId: string): Promise<void> {
    return this.#run(auth, async (trx) => {
      await assertProcessingAllowed(trx, personId);
      return removePerson(trx, auth, caseId, personId, { now: this.#now(), requestId });
    });
  }

  matches(auth: AuthContext, caseId: string, personId: string, requestId: string): Promise<PersonMatch[]> {
    return this.#run(auth, (trx, keys) =>
      findPersonMatches(trx, keys, auth, caseId, personId, { requestId }),
    );
  }

  link(auth: AuthContext, caseId: string, personId: string, other: string | null, requestId: string) {
    return this.#run(auth, async (trx) => {
      await assertProcessingAllowed(trx, personId);
      return linkPerson(trx, auth, caseId, personId, other, { now: this.#now(), requestId });
    });
  }

  suggestions(auth: AuthContext, caseId: string, requestId: string): Promise<PersonSuggestion[]> {
    return this.#run(auth, (trx, keys) => suggestPersonsFromReports(trx, keys, auth, caseId, requestId));
  }
}
