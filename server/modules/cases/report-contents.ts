import type { IntegrityAlarm } from '../../crypto/integrity.ts';
import type { TenantKeys } from '../../crypto/keyring.ts';
import { readPage } from '../../db/page.ts';
import type { TenantTransaction } from '../../db/tenant-transaction.ts';
import type { AuthContext } from '../identity/service.ts';
import { tenantCategory } from './categories.ts';
import type { CaseTask } from './collaboration-schemas.ts';
import { JOURNAL_ORDER, type JournalEntry } from './journal.ts';
import { readJournal } from './journal-service.ts';
import { type CasePerson, readPersons } from './persons.ts';
import type { CaseDetail } from './schemas.ts';
import { readCaseDetail } from './service.ts';
import { listCaseReportChannels } from './store.ts';
import { readTasks } from './tasks.ts';

// What a case report prints of the case file, read as the exporter would read it on the case page: through
// the same authorising loads, row-level security (no managers-only entry for an expert) and audited reads
// (`case.read`, `case.persons_read`, `case.journal_read` per page, `case.task_read`).

export interface CaseReportContents {
  detail: CaseDetail;
  /** The category's names when it is an organisation's own; built-in ones are named by the report. */
  categoryNames: { de: string; en: string } | null;
  persons: CasePerson[];
  reports: Array<{ reference: string; receivedOn: string; channel: string; anonymous: boolean }>;
  /** The whole journal, oldest first. */
  journal: JournalEntry[];
  tasks: CaseTask[];
}

const JOURNAL_PAGE = '200';

export async function readCaseReportContents(
  trx: TenantTransaction,
  keys: TenantKeys,
  auth: AuthContext,
  caseId: string,
  context: { requestId: string; alarm?: IntegrityAlarm | undefined },
): Promise<CaseReportContents> {
  const detail = await readCaseDetail(trx, keys, auth, caseId, context.requestId, context.alarm);
  const persons = await readPersons(trx, keys, auth, caseId, context);
  const journal: JournalEntry[] = [];
  let after: string | undefined;
  do {
    const page = await readJournal(
      trx,
      keys,
      auth,
      caseId,
      { page: readPage(JOURNAL_ORDER, { limit: JOURNAL_PAGE, after }) },
      context,
    );
    journal.push(...page.entries);
    after = page.nextCursor ?? undefined;
  } while (after !== undefined);
  const tasks = await readTasks(trx, keys, auth, caseId, context);
  const reports = await listCaseReportChannels(trx, caseId);
  const category = detail.category ? await tenantCategory(trx, detail.category) : null;
  return {
    detail,
    categoryNames: category?.names ?? null,
    persons,
    reports: reports.map((report) => ({
      reference: report.reference,
      receivedOn: report.received_on,
      channel: report.channel,
      anonymous: report.anonymous,
    })),
    journal: journal.reverse(),
    tasks,
  };
}
