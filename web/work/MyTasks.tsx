import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { MyTasks as MyTaskList } from '../api/types.ts';
import { Loading } from '../components/PageSkeleton.tsx';
import { currentLanguage } from '../i18n/index.ts';
import { localDay } from '../reports/deadlines.ts';
import { formatDay } from '../reports/format.ts';
import { WorkError } from './WorkError.tsx';

/** Where the user's open tasks are kept in the query cache (the navigation counts them from there). */
export const myTasksQueryKey = ['cases', 'tasks', 'mine'] as const;

export function fetchMyTasks({ signal }: { signal: AbortSignal }): Promise<MyTaskList> {
  return apiGet<MyTaskList>('/api/v1/tasks/mine', { signal });
}

/** The user's open tasks across cases, soonest due first; overdue ones in red. */
export function MyTasks() {
  const { t } = useTranslation();
  const headingId = useId();
  const language = currentLanguage();
  const today = localDay();
  const tasks = useQuery({
    queryKey: myTasksQueryKey,
    queryFn: fetchMyTasks,
  });
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p="md">
      <Stack gap="sm">
        <Group gap="xs">
          <Title order={2} size="h4" id={headingId}>
            {t('work.myTasks')}
          </Title>
          {tasks.data && (
            <Badge variant="light" color={tasks.data.tasks.length > 0 ? 'blue' : 'gray'} aria-hidden="true">
              {tasks.data.tasks.length}
            </Badge>
          )}
        </Group>
        {tasks.isPending ? (
          <Loading label={t('work.loading')} />
        ) : tasks.isError ? (
          <WorkError error={tasks.error} title={t('work.tasksError')} />
        ) : tasks.data.tasks.length === 0 ? (
          <Text c="dimmed">{t('work.myTasksNone')}</Text>
        ) : (
          <Stack component="ul" gap={6} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {tasks.data.tasks.map((task) => (
              <li key={task.id}>
                <Group gap="xs" wrap="wrap">
                  <Anchor component={Link} to={`/cases/${task.case.id}?tab=tasks`} fw={600}>
                    {task.title ?? t('work.taskUnreadable')}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {task.case.reference}
                  </Text>
                  {task.dueOn && (
                    <Text
                      size="sm"
                      c={task.dueOn < today ? 'red.8' : 'dimmed'}
                      fw={task.dueOn < today ? 600 : 400}
                    >
                      {t(task.dueOn < today ? 'work.overdueSince' : 'work.dueOn', {
                        day: formatDay(task.dueOn, language),
                      })}
                    </Text>
                  )}
                </Group>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
