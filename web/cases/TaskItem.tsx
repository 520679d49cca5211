import { Badge, Button, Checkbox, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseTask } from '../api/collaboration.ts';
import { currentLanguage } from '../i18n/index.ts';
import { Day } from '../reports/ReportBits.tsx';
import { formatMoment } from './case-times.ts';

/**
 * One task: what, who, by when (red once overdue), and "done" as a checkbox for whoever writes to the
 * case; a done task says who finished it when, and can be opened again.
 */
export function TaskItem({
  task,
  today,
  mayChange,
  pending,
  onStatus,
}: {
  task: CaseTask;
  /** `YYYY-MM-DD`, the local day. */
  today: string;
  mayChange: boolean;
  pending: boolean;
  onStatus: (status: CaseTask['status']) => void;
}) {
  const { t } = useTranslation();
  const done = task.status === 'done';
  const title = task.title ?? t('cases.tasks.unreadableTitle');
  const overdue = !done && task.dueOn !== null && task.dueOn < today;
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      data-testid="case-task"
      data-status={task.status}
      style={task.managersOnly ? { borderLeft: '4px solid var(--mantine-color-orange-7)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
        <Group align="flex-start" gap="sm" wrap="nowrap" miw={0}>
          {mayChange && (
            <Checkbox
              mt={2}
              checked={done}
              disabled={pending}
              onChange={(event) => onStatus(event.currentTarget.checked ? 'done' : 'open')}
              aria-label={
                done ? t('cases.tasks.reopenLabel', { title }) : t('cases.tasks.doneLabel', { title })
              }
            />
          )}
          <Stack gap={4} miw={0}>
            <Group gap="xs" wrap="wrap">
              <Text
                fw={600}
                td={done ? 'line-through' : undefined}
                c={done ? 'dimmed' : undefined}
                style={{ overflowWrap: 'anywhere' }}
              >
                {title}
              </Text>
              {task.managersOnly && (
                <Badge variant="filled" radius="sm" color="orange.9">
                  {t('cases.journal.managersOnly')}
                </Badge>
              )}
            </Group>
            <Text size="sm">
              {task.assignee
                ? t('cases.tasks.assignee', { name: task.assignee.name })
                : t('cases.tasks.noAssignee')}
              {task.dueOn && (
                <Text span size="sm" c={overdue ? 'red.8' : undefined} fw={overdue ? 700 : undefined}>
                  {' · '}
                  {t('cases.tasks.due')} <Day day={task.dueOn} />
                  {overdue && ` (${t('cases.list.overdueMark')})`}
                </Text>
              )}
            </Text>
            {done && task.doneAt && (
              <Text size="xs" c="dimmed">
                {task.doneBy
                  ? t('cases.tasks.doneBy', {
                      name: task.doneBy.name,
                      when: formatMoment(task.doneAt, currentLanguage()),
                    })
                  : t('cases.tasks.doneAt', { when: formatMoment(task.doneAt, currentLanguage()) })}
              </Text>
            )}
          </Stack>
        </Group>
        {mayChange && done && (
          <Button variant="subtle" size="compact-sm" disabled={pending} onClick={() => onStatus('open')}>
            {t('cases.tasks.reopen')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
