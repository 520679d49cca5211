import { Alert, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api/cases.ts';
import { useComments } from '../api/collaboration.ts';
import { ErrorAlert } from '../components/ActionDialog.tsx';
import { LoadMore } from '../components/LoadMore.tsx';
import { Loading } from '../components/PageSkeleton.tsx';
import { CommentComposer } from './CommentComposer.tsx';
import { CommentItem } from './CommentItem.tsx';

/** The team's internal discussion of the case, oldest first, with the write box below it. */
export function CaseCommentsTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const headingId = useId();
  const comments = useComments(detail.id);
  const [notice, setNotice] = useState<string | null>(null);
  const list = comments.data?.pages.flatMap((page) => page.comments) ?? [];
  return (
    <Stack component="section" aria-labelledby={headingId} gap="md">
      <Stack gap={4} maw={640}>
        <Title order={2} size="h3" id={headingId}>
          {t('cases.comments.heading')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('cases.comments.intro')}
        </Text>
      </Stack>
      {comments.isPending ? (
        <Loading label={t('cases.comments.loading')} />
      ) : comments.isError && list.length === 0 ? (
        <ErrorAlert error={comments.error} title={t('cases.comments.errorTitle')} />
      ) : list.length === 0 ? (
        <Text data-testid="comments-empty">
          {detail.can.write ? t('cases.comments.empty') : t('cases.comments.emptyReadOnly')}
        </Text>
      ) : (
        <Stack component="ol" gap="sm" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
          {list.map((comment) => (
            <CommentItem key={comment.id} comment={comment} />
          ))}
        </Stack>
      )}
      <LoadMore list={comments} label={t('cases.comments.loadMore')} />
      <div role="status">
        {notice && (
          <Alert color="teal" variant="light" withCloseButton onClose={() => setNotice(null)}>
            {notice}
          </Alert>
        )}
      </div>
      {detail.can.write && (
        <CommentComposer
          detail={detail}
          onPosted={(told) =>
            setNotice(told > 0 ? t('cases.comments.postedTold', { count: told }) : t('cases.comments.posted'))
          }
        />
      )}
    </Stack>
  );
}
