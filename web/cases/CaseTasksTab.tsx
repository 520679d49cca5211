import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api/cases.ts';
import { type CaseTask, useCaseTasks, useUpdateTask } from '../api/collaboration.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { localDayOf } from './case-times.ts';
import { TaskDialog } from './TaskDialog.tsx';
import { TaskItem } from './TaskItem.tsx';

/** What the team has to do on the case: open tasks by due day, then the done ones; adding and ticking off. */
export function CaseTasksTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const tasks = useCaseTasks(detail.id);
  const update = useUpdateTask(detail.id);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = tasks.data ?? [];
  const open = list.filter((task) => task.status === 'open');
  const done = list.filter((task) => task.status === 'done');
  const today = localDayOf(new Date());
  const setStatus = (task: CaseTask, status: CaseTask['status']) =>
    update.mutate(
      { taskId: task.id, status },
      {
        onSuccess: () => {
          const title = task.title ?? t('cases.tasks.unreadableTitle');
          setNotice(
            status === 'done' ? t('cases.tasks.markedDone', { title }) : t('cases.tasks.reopened', { title }),
          );
        },
      },
    );
  const items = (group: CaseTask[]) => (
    <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
      {group.map((task) => (
        <TaskItem
          key={task.id}
          task={task}
          today={today}
          mayChange={detail.can.write}
          pending={update.isPending && update.variables?.taskId === task.id}
          onStatus={(status) => setStatus(task, status)}
        />
      ))}
    </Stack>
  );

  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Stack gap={4} maw={640}>
          <Title order={2} size="h3" id={headingId}>
            {t('cases.tasks.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('cases.tasks.intro')}
          </Text>
        </Stack>
        {detail.can.write && <Button onClick={() => setAdding(true)}>{t('cases.tasks.add')}</Button>}
      </Group>
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      <ErrorAlert error={update.error} />
      {tasks.isPending ? (
        <Loading label={t('cases.tasks.loading')} />
      ) : tasks.isError ? (
        <ErrorAlert error={tasks.error} title={t('cases.tasks.errorTitle')} />
      ) : list.length === 0 ? (
        <Text data-testid="tasks-empty">
          {detail.can.write ? t('cases.tasks.empty') : t('cases.tasks.emptyReadOnly')}
        </Text>
      ) : (
        <>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('cases.tasks.open', { count: open.length })}
            </Title>
            {open.length === 0 ? <Text size="sm">{t('cases.tasks.allDone')}</Text> : items(open)}
          </Stack>
          {done.length > 0 && (
            <Stack gap="xs">
              <Title order={3} size="h4">
                {t('cases.tasks.done', { count: done.length })}
              </Title>
              {items(done)}
            </Stack>
          )}
        </>
      )}
      {adding && (
        <TaskDialog
          detail={detail}
          onClose={() => setAdding(false)}
          onDone={(title) => {
            setAdding(false);
            setNotice(t('cases.tasks.added', { title }));
          }}
        />
      )}
    </Stack>
  );
}
