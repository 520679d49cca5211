import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseComment } from '../api/collaboration.ts';
import { currentLanguage } from '../i18n/index.ts';
import { formatMoment } from './case-times.ts';

/** One comment of the team's discussion: who wrote it when, its text with the mentions marked. */
export function CommentItem({ comment }: { comment: CaseComment }) {
  const { t } = useTranslation();
  return (
    <Paper
      component="li"
      withBorder
      p="md"
      data-testid="case-comment"
      style={comment.managersOnly ? { borderLeft: '4px solid var(--mantine-color-orange-7)' } : undefined}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text fw={700} size="sm">
            {comment.author.name}
          </Text>
          <Text size="sm" c="dimmed">
            <time dateTime={comment.createdAt}>{formatMoment(comment.createdAt, currentLanguage())}</time>
          </Text>
          {comment.managersOnly && (
            <Badge
              variant="filled"
              radius="sm"
              color="orange.9"
              title={t('cases.comments.managersOnlyDescription')}
            >
              {t('cases.journal.managersOnly')}
            </Badge>
          )}
        </Group>
        {comment.text === null ? (
          <Text size="sm" fs="italic" c="dimmed">
            {t('cases.journal.unreadableText')}
          </Text>
        ) : (
          <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {withMentions(
              comment.text,
              comment.mentions.map((person) => person.name),
            )}
          </Text>
        )}
        {comment.mentions.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('cases.comments.told', { names: comment.mentions.map((person) => person.name).join(', ') })}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** The text with each "@Name" of the mentioned people in bold. */
function withMentions(text: string, names: readonly string[]): ReactNode[] {
  const marks = names.filter(Boolean).map((name) => `@${name}`);
  if (marks.length === 0) return [text];
  const escaped = marks.map((mark) => mark.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(`(${escaped.sort((a, b) => b.length - a.length).join('|')})`, 'g');
  return text.split(pattern).map((part, index) =>
    marks.includes(part) ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text, in a fixed order
      <Text key={index} span fw={700} c="violet.8">
        {part}
      </Text>
    ) : (
      part
    ),
  );
}
