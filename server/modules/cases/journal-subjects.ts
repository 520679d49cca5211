import type { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import { documentField } from '../case-documents/fields.ts';
import type { JournalEntry } from './journal.ts';
import { pseudonymOf } from './person-labels.ts';
import { titleField } from './tasks.ts';

// Who or what a journal entry is about, for the entries the case's actions write: the person (pseudonym and
// role, never the name), the task and the document (their titles, opened with the case's key). Three queries
// per page at most, under the reader's row-level security: a managers-only task stays unnamed for an expert.

export async function withSubjects(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  caseId: string,
  entries: JournalEntry[],
  unreadable: UnreadableFields,
): Promise<JournalEntry[]> {
  const personIds = [...new Set(entries.flatMap((entry) => entry.facts.personId ?? []))];
  const taskIds = [...new Set(entries.flatMap((entry) => entry.facts.taskId ?? []))];
  const documentIds = [...new Set(entries.flatMap((entry) => entry.facts.documentId ?? []))];
  const [persons, tasks, documents] = await Promise.all([
    personIds.length > 0
      ? trx
          .selectFrom('case_persons')
          .select(['id', 'role', 'pseudonym_number'])
          .where('case_id', '=', caseId)
          .where('id', 'in', personIds)
          .execute()
      : [],
    taskIds.length > 0
      ? trx
          .selectFrom('case_tasks')
          .select(['id', 'title_sealed'])
          .where('case_id', '=', caseId)
          .where('id', 'in', taskIds)
          .execute()
      : [],
    documentIds.length > 0
      ? trx
          .selectFrom('case_documents')
          .select(['id', 'title_sealed'])
          .where('case_id', '=', caseId)
          .where('id', 'in', documentIds)
          .execute()
      : [],
  ]);
  const personById = new Map(persons.map((person) => [person.id, person]));
  const titles = new Map(
    tasks.map((task) => [
      task.id,
      unreadable.open(
        `task.${task.id}.title`,
        () => cipher.openText(task.title_sealed, titleField(task.id)),
        null,
      ),
    ]),
  );
  const documentTitles = new Map(
    documents.map((document) => [
      document.id,
      unreadable.open(
        `document.${document.id}.title`,
        () => cipher.openText(document.title_sealed, documentField(document.id, 'title_sealed')),
        null,
      ),
    ]),
  );
  return entries.map((entry) => {
    const { personId, taskId, documentId, documentVersion } = entry.facts;
    const current = personId ? personById.get(personId) : undefined;
    // The entry's own record first (a removed person's row is gone), else the person as they are now.
    const role = entry.facts.personRole ?? current?.role;
    const number = entry.facts.pseudonymNumber ?? current?.pseudonym_number;
    return {
      ...entry,
      person: personId && role && number ? { id: personId, pseudonym: pseudonymOf(number), role } : null,
      task: taskId ? { id: taskId, title: titles.get(taskId) ?? null } : null,
      document: documentId
        ? { id: documentId, title: documentTitles.get(documentId) ?? null, version: documentVersion ?? 1 }
        : null,
    };
  });
}
