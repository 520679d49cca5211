import { randomUUID } from 'node:crypto';
import { type Static, Type } from 'typebox';
import { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher, TenantKeys } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { Conflict, Invalid, NotFound } from '../../errors.ts';
import { accessActor } from '../access/service.ts';
import { recordUnreadable } from '../audit/content-reads.ts';
import { recordAuditEvent } from '../audit/service.ts';
import { auditActorOf } from '../identity/audit-actor.ts';
import type { AuthContext } from '../identity/service.ts';
import { announceCaseChange } from './case-events.ts';
import { SEARCH_FIELDS } from './case-list-filters.ts';
import { appendJournal } from './journal.ts';
import { loadCase } from './load-case.ts';
import { PERSON_ROLES, type PersonRole, pseudonymOf } from './person-labels.ts';
import {
  deleteCasePerson,
  findCasePerson,
  insertCasePerson,
  linkedPersons,
  listCasePersons,
  nextPseudonymNumber,
  personsNamedLike,
  updateCasePerson,
} from './persons-store.ts';
import { restrictedPersons } from './processing-restriction.ts';

// The people of a case and their role in it. Names and details are sealed with the case's key; lists that
// would otherwise show a name show the pseudonym ("Person A"). The same real person in several cases is
// found through a blind index of the normalised name (keyed hashes, nothing decrypted to search) and linked
// by a threat manager: the linked rows share an `identity_id`.

export { PERSON_ROLES, type PersonRole, pseudonymOf };

const uuid = Type.String({ format: 'uuid' });
const text = (maxLength: number) => Type.String({ maxLength });

export const PersonDetails = Type.Object(
  {
    contact: Type.Optional(text(500)),
    organisation: Type.Optional(text(200)),
    jobTitle: Type.Optional(text(200)),
    description: Type.Optional(text(5000)),
  },
  { title: 'PersonDetails', additionalProperties: false },
);
export type PersonDetails = Static<typeof PersonDetails>;

/** A person in another case, as a link or a possible match shows them: pseudonym and reference. */
const OtherCasePerson = Type.Object({
  personId: uuid,
  caseId: uuid,
  reference: Type.String(),
  role: Type.Enum(PERSON_ROLES),
  pseudonym: Type.String(),
});

export const CasePerson = Type.Object(
  {
    id: uuid,
    role: Type.Enum(PERSON_ROLES),
    /** "Person A": what lists, reports and notices show instead of the name. */
    pseudonym: Type.String(),
    /** Null when it failed verification. */
    name: Type.Union([Type.String(), Type.Null()]),
    details: Type.Union([PersonDetails, Type.Null()]),
    /** The same real person in other cases you read, as a threat manager linked them. */
    linked: Type.Array(OtherCasePerson),
    fromReport: Type.Union([uuid, Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    /** Since when processing is restricted (data protection: read, not changed), or null. */
    processingRestrictedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { title: 'CasePerson' },
);
export type CasePerson = Static<typeof CasePerson>;

export const PersonMatch = Type.Object(
  { ...OtherCasePerson.properties, name: Type.Union([Type.String(), Type.Null()]) },
  { title: 'PersonMatch' },
);
export type PersonMatch = Static<typeof PersonMatch>;

const nameField = (id: string) => ({ table: 'case_persons', column: 'name_sealed', rowId: id });
const detailsField = (id: string) => ({ table: 'case_persons', column: 'details_sealed', rowId: id });
const NAME_INDEX = SEARCH_FIELDS.personNames;

interface Context {
  now: Date;
  requestId: string;
}

const cleanDetails = (details: PersonDetails | null | undefined): PersonDetails | null => {
  if (!details) return null;
  const kept = Object.fromEntries(
    Object.entries(details)
      .map(([key, value]) => [key, value?.trim() ?? ''])
      .filter(([, value]) => value !== ''),
  );
  return Object.keys(kept).length > 0 ? (kept as PersonDetails) : null;
};

function requireName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed)
    throw new Invalid('name_required', 'A person needs a name (or a description such as "the caller").', [
      { path: 'name', message: 'must not be empty' },
    ]);
  return trimmed;
}

function openPerson(
  cipher: ScopeCipher,
  row: Awaited<ReturnType<typeof listCasePersons>>[number],
  unreadable: UnreadableFields,
) {
  const name = unreadable.open(
    `persons.${row.id}.name`,
    () => cipher.openText(row.name_sealed, nameField(row.id)),
    null,
  );
  const sealedDetails = row.details_sealed;
  const details = sealedDetails
    ? unreadable.open(
        `persons.${row.id}.details`,
        () => JSON.parse(cipher.openText(sealedDetails, detailsField(row.id))) as PersonDetails,
        null,
      )
    : null;
  return { name, details };
}

/** The case's persons with names (`read`), and the linked persons in other cases the user reads; audited. */
export async function readPersons(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  context: Pick<Context, 'requestId'>,
): Promise<CasePerson[]> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'read');
  const cipher = await keys.scope(trx, 'case', row.id);
  const rows = await listCasePersons(trx, row.id);
  const links =
    rows.length > 0
      ? await linkedPersons(trx, [...new Set(rows.map((person) => person.identity_id))], row.id)
      : [];
  const restricted = rows.length > 0 ? await restrictedPersons(trx, row.id) : new Map<string, Date>();
  const unreadable = new UnreadableFields();
  const persons = rows.map((person): CasePerson => {
    const { name, details } = openPerson(cipher, person, unreadable);
    return {
      id: person.id,
      role: person.role,
      pseudonym: pseudonymOf(person.pseudonym_number),
      name,
      details,
      linked: links
        .filter((link) => link.identity_id === person.identity_id)
        .map((link) => ({
          personId: link.id,
          caseId: link.case_id,
          reference: link.reference,
          role: link.role,
          pseudonym: pseudonymOf(link.pseudonym_number),
        })),
      fromReport: person.from_report_id,
      createdAt: person.created_at.toISOString(),
      processingRestrictedAt: restricted.get(person.id)?.toISOString() ?? null,
    };
  });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.persons_read',
    objectType: 'case',
    objectId: row.id,
    caseId: row.id,
    objectIds: persons.length > 0 ? persons.map((person) => person.id) : null,
    requestId: context.requestId,
    outcome: 'success',
  });
  await recordUnreadable(
    trx,
    auth,
    { action: 'case.persons_read', objectType: 'case', caseId: row.id, requestId: context.requestId },
    unreadable.failures.map((failure) => ({ ...failure, objectId: row.id })),
    undefined,
  );
  return persons;
}

export interface PersonInput {
  role: PersonRole;
  name: string;
  details?: PersonDetails | null | undefined;
  /** The report that named the person (one linked to the case), when taken over from it. */
  fromReportId?: string | undefined;
}

/** Adds a person (`write`): name and details sealed, the name's blind index kept; journal; audited. */
export async function addPerson(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  input: PersonInput,
  context: Context,
): Promise<string> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
  const name = requireName(input.name);
  if (input.fromReportId !== undefined) {
    const report = await trx
      .selectFrom('reports')
      .select('id')
      .where('id', '=', input.fromReportId)
      .where('case_id', '=', row.id)
      .executeTakeFirst();
    if (!report)
      throw new Invalid(
        'report_not_linked',
        'The person can only be taken over from a report of this case.',
        [{ path: 'fromReportId', message: 'is not a report of this case' }],
      );
  }
  const id = randomUUID();
  const cipher = await keys.scope(trx, 'case', row.id);
  const index = await keys.blindIndex(trx);
  const details = cleanDetails(input.details);
  const pseudonymNumber = await nextPseudonymNumber(trx, row.id);
  await insertCasePerson(trx, {
    id,
    tenant_id: auth.tenantId,
    case_id: row.id,
    role: input.role,
    pseudonym_number: pseudonymNumber,
    name_sealed: cipher.seal(name, nameField(id)),
    details_sealed: details ? cipher.seal(JSON.stringify(details), detailsField(id)) : null,
    name_index: index.entries(NAME_INDEX, name),
    identity_id: randomUUID(),
    from_report_id: input.fromReportId ?? null,
    created_by: auth.userId,
    created_at: context.now,
    updated_at: context.now,
  });
  const added = { id, role: input.role, pseudonym_number: pseudonymNumber };
  await recordPersonChange(trx, auth, row.id, added, 'person_added', context, `role:${input.role}`);
  return id;
}

/** Changes a person's role, name or details (`write`); journal; audited naming the fields. */
export async function changePerson(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  personId: string,
  input: {
    role?: PersonRole | undefined;
    name?: string | undefined;
    details?: PersonDetails | null | undefined;
  },
  context: Context,
): Promise<void> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'write');
  const person = await findCasePerson(trx, row.id, personId);
  if (!person) throw new NotFound('person_not_found', 'No such person on this case.');
  const cipher = await keys.scope(trx, 'case', row.id);
  const values: Parameters<typeof updateCasePerson>[2] = { updated_at: context.now };
  const changed: string[] = [];
  if (input.role !== undefined) {
    values.role = input.role;
    changed.push('role');
  }
  if (input.name !== undefined) {
    const name = requireName(input.name);
    values.name_sealed = cipher.seal(name, nameField(person.id));
    values.name_index = (await keys.blindIndex(trx)).entries(NAME_INDEX, name);
    changed.push('name');
  }
  if (input.details !== undefined) {
    const details = cleanDetails(input.details);
    values.details_sealed = details ? cipher.seal(JSON.stringify(details), detailsField(person.id)) : null;
    changed.push('details');
  }
  if (changed.length === 0) return;
  await updateCasePerson(trx, person.id, values);
  await recordPersonChange(
    trx,
    auth,
    row.id,
    { ...person, role: values.role ?? person.role },
    'person_changed',
    context,
    `fields:${changed.join('.')}`,
  );
}

/** Removes a person from the case (`manage`: the case's threat managers); journal; audited. */
export async function removePerson(
  trx: TenantTransaction,
  auth: AuthContext,
  caseId: string,
  personId: string,
  context: Context,
): Promise<void> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage');
  const person = await findCasePerson(trx, row.id, personId);
  if (!person) throw new NotFound('person_not_found', 'No such person on this case.');
  await deleteCasePerson(trx, person.id);
  await recordPersonChange(trx, auth, row.id, person, 'person_removed', context, `role:${person.role}`);
}

async function recordPersonChange(
  trx: TenantTransaction,
  auth: AuthContext,
  caseId: string,
  person: { id: string; role: PersonRole; pseudonym_number: number },
  kind: 'person_added' | 'person_changed' | 'person_removed',
  context: Context,
  reason: string,
) {
  const personId = person.id;
  // Role and pseudonym stay with the entry: a removed person's row is gone, the journal still says who.
  const facts = { personId, personRole: person.role, pseudonymNumber: person.pseudonym_number };
  await appendJournal(
    trx,
    null,
    { tenantId: auth.tenantId, caseId, authorId: auth.userId, now: context.now },
    { kind, facts },
  );
  await announceCaseChange(trx, { tenantId: auth.tenantId, caseId, part: 'persons' });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: `case.${kind}`,
    objectType: 'person',
    objectId: personId,
    caseId,
    requestId: context.requestId,
    outcome: 'success',
    reason,
  });
}

/**
 * Persons in other cases the user reads whose name contains every word of this person's name, found by
 * blind index (`manage`: linking is a threat manager's judgement). Names are opened with each case's key;
 * audited as `case.person_matches` naming the persons shown.
 */
export async function findPersonMatches(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  personId: string,
  context: Pick<Context, 'requestId'>,
): Promise<PersonMatch[]> {
  const { row } = await loadCase(trx, await accessActor(trx, auth), caseId, 'manage');
  const person = await findCasePerson(trx, row.id, personId);
  if (!person) throw new NotFound('person_not_found', 'No such person on this case.');
  if (person.name_index.length === 0) return [];
  const found = (await personsNamedLike(trx, person.name_index, row.id, 50)).filter(
    (match) => match.identity_id !== person.identity_id,
  );
  const ciphers =
    found.length > 0 ? await keys.scopes(trx, 'case', [...new Set(found.map((m) => m.case_id))]) : new Map();
  const unreadable = new UnreadableFields();
  const matches = found.map((match): PersonMatch => {
    const cipher = ciphers.get(match.case_id);
    const name =
      cipher && !(cipher instanceof Error)
        ? unreadable.open(
            `persons.${match.id}.name`,
            () => cipher.openText(match.name_sealed, nameField(match.id)),
            null,
          )
        : null;
    return {
      personId: match.id,
      caseId: match.case_id,
      reference: match.reference,
      role: match.role,
      pseudonym: pseudonymOf(match.pseudonym_number),
      name,
    };
  });
  await recordAuditEvent(trx, {
    ...auditActorOf(auth),
    action: 'case.person_matches',
    objectType: 'person',
    objectId: person.id,
    caseId: row.id,
    objectIds: matches.length > 0 ? matches.map((match) => match.personId) : null,
    requestId: context.requestId,
    outcome: 'success',
  });
  return matches;
}

/**
 * Links the person with a person of another case the user manages as the same real person (both then
 * share one identity), or unlinks it (`otherPersonId` null: it gets an identity of its own again).
 */
export async function linkPerson(
  trx: TenantTransaction,
  auth: AuthContext,
  caseId: string,
  personId: string,
  otherPersonId: string | null,
  context: Context,
): Promise<void> {
  const actor = await accessActor(trx, auth);
  const { row } = await loadCase(trx, actor, caseId, 'manage');
  const person = await findCasePerson(trx, row.id, personId);
  if (!person) throw new NotFound('person_not_found', 'No such person on this case.');
  let identity: string = randomUUID();
  if (otherPersonId !== null) {
    const other = await trx
      .selectFrom('case_persons')
      .select(['id', 'case_id', 'identity_id'])
      .where('id', '=', otherPersonId)
      .executeTakeFirst();
    if (!other || other.case_id === row.id)
      throw new Invalid('person_not_linkable', 'Link a person of another case you work on.', [
        { path: 'personId', message: 'is not a person of another case you read' },
      ]);
    await loadCase(trx, actor, other.case_id, 'manage');
    if (other.identity_id === person.identity_id)
      throw new Conflict('already_linked', 'These persons are linked already.');
    identity = other.identity_id;
  }
  await updateCasePerson(trx, person.id, { identity_id: identity, updated_at: context.now });
  await recordPersonChange(
    trx,
    auth,
    row.id,
    person,
    'person_changed',
    context,
    otherPersonId ? `linked:${otherPersonId}` : 'unlinked',
  );
}
