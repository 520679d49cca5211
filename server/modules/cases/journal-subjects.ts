import type { UnreadableFields } from '../../crypto/integrity.ts';
import type { ScopeCipher } from '../../crypto/keyring.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { JournalEntry } from './journal.ts';
import { pseudonymOf } from './person-labels.ts';
import { titleField } from './tasks.ts';

// Who or what a journal entry is about, for the entries the case's actions write: the person (pseudonym and
// role, never the name) and the task (its title, opened with the case's key). Two queries per page, under
// the reader's row-level security: a managers-only task stays unnamed for an expert.

export async function withSubjects(
  trx: TenantTransaction,
  cipher: ScopeCipher,
  caseId: string,
  entries: JournalEntry[],
  unreadable: UnreadableFields,
): Promise<JournalEntry[]> {
  const personIds = [...new Set(entries.flatMap((entry) => entry.facts.personId ?? []))];
  const taskIds = [...new Set(entries.flatMap((entry) => entry.facts.taskId ?? []))];
  const [persons, tasks] = await Promise.all([
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
  return entries.map((entry) => {
    const { personId, taskId } = entry.facts;
    const current = personId ? personById.get(personId) : undefined;
    // The entry's own record first (a removed person's row is gone), else the person as they are now.
    const role = entry.facts.personRole ?? current?.role;
    const number = entry.facts.pseudonymNumber ?? current?.pseudonym_number;
    return {
      ...entry,
      person: personId && role && number ? { id: personId, pseudonym: pseudonymOf(number), role } : null,
      task: taskId ? { id: taskId, title: titles.get(taskId) ?? null } : null,
    };
  });
}
