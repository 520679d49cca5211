import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api/cases.ts';
import { type CasePerson, useCasePersons } from '../api/persons.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { PersonDialog } from './PersonDialog.tsx';
import { PersonItem } from './PersonItem.tsx';
import { PersonMatchesDialog } from './PersonMatchesDialog.tsx';
import { PersonSuggestions } from './PersonSuggestions.tsx';
import { RemovePersonDialog } from './RemovePersonDialog.tsx';
import { UnlinkPersonDialog } from './UnlinkPersonDialog.tsx';

type Dialog = { kind: 'add' } | { kind: 'edit' | 'remove' | 'matches' | 'unlink'; person: CasePerson } | null;

/**
 * Who is involved in the case and in what role: the persons with their names (for whoever reads the case),
 * the people its reports name to take over, and – for its threat managers – the same person in other cases.
 */
export function CasePersonsTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const persons = useCasePersons(detail.id);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { can } = detail;
  const done = (text: string) => {
    setDialog(null);
    setNotice(text);
  };
  const reportReference = (id: string | null) =>
    id === null ? undefined : detail.reports.find((report) => report.id === id)?.reference;
  const list = persons.data ?? [];

  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4} maw={640}>
          <Title order={2} size="h3" id={headingId}>
            {t('cases.persons.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('cases.persons.intro')}
          </Text>
        </Stack>
        {can.write && <Button onClick={() => setDialog({ kind: 'add' })}>{t('cases.persons.add')}</Button>}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {can.write && (
        <PersonSuggestions
          caseId={detail.id}
          onTaken={(name) => setNotice(t('cases.persons.taken', { name }))}
        />
      )}
      {persons.isPending ? (
        <Loading label={t('cases.persons.loading')} />
      ) : persons.isError ? (
        <ErrorAlert error={persons.error} title={t('cases.persons.errorTitle')} />
      ) : list.length === 0 ? (
        <Text data-testid="persons-empty">
          {can.write ? t('cases.persons.empty') : t('cases.persons.emptyReadOnly')}
        </Text>
      ) : (
        <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
          {list.map((person) => (
            <PersonItem
              key={person.id}
              person={person}
              can={can}
              reportReference={reportReference(person.fromReport)}
              actions={{
                onEdit: () => setDialog({ kind: 'edit', person }),
                onRemove: () => setDialog({ kind: 'remove', person }),
                onFindMatches: () => setDialog({ kind: 'matches', person }),
                onUnlink: () => setDialog({ kind: 'unlink', person }),
              }}
            />
          ))}
        </Stack>
      )}
      {(dialog?.kind === 'add' || dialog?.kind === 'edit') && (
        <PersonDialog
          caseId={detail.id}
          person={dialog.kind === 'edit' ? dialog.person : undefined}
          onClose={() => setDialog(null)}
          onDone={(who) =>
            done(
              dialog.kind === 'edit'
                ? t('cases.persons.changed', { who })
                : t('cases.persons.added', { name: who }),
            )
          }
        />
      )}
      {dialog?.kind === 'remove' && (
        <RemovePersonDialog
          caseId={detail.id}
          person={dialog.person}
          onClose={() => setDialog(null)}
          onDone={() => done(t('cases.persons.removed', { pseudonym: dialog.person.pseudonym }))}
        />
      )}
      {dialog?.kind === 'matches' && (
        <PersonMatchesDialog
          caseId={detail.id}
          person={dialog.person}
          onClose={() => setDialog(null)}
          onDone={(match) =>
            done(
              t('cases.persons.linkedDone', {
                pseudonym: dialog.person.pseudonym,
                other: match.pseudonym,
                reference: match.reference,
              }),
            )
          }
        />
      )}
      {dialog?.kind === 'unlink' && (
        <UnlinkPersonDialog
          caseId={detail.id}
          person={dialog.person}
          onClose={() => setDialog(null)}
          onDone={() => done(t('cases.persons.unlinked', { pseudonym: dialog.person.pseudonym }))}
        />
      )}
    </Stack>
  );
}
