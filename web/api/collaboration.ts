import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { casesQueryKey } from './cases.ts';
import { apiGet, apiSend } from './client.ts';
import { usePagedList } from './pages.ts';
import type {
  CaseComment,
  CaseCommentPage,
  CaseTask,
  CaseTaskChange,
  CaseTaskList,
  CreatedEntry,
  NewCaseComment,
  NewCaseTask,
} from './types.ts';

// The team's work on a case (server/modules/cases/collaboration-routes.ts): comments with @mentions, and
// tasks with an assignee and a due day. Both are internal: nothing here ever reaches a reporter.
// Managers-only comments and tasks come only to whoever may read them.

export type { CaseComment, CaseTask, CaseTaskChange, NewCaseComment, NewCaseTask };

const casePath = (id: string) => `/api/v1/cases/${encodeURIComponent(id)}`;
const commentsKey = (id: string) => [...casesQueryKey, 'comments', id] as const;
/** Every task list: the case's (`['cases', 'tasks', id]`) and the user's own across cases. */
const allTasksKey = [...casesQueryKey, 'tasks'] as const;
const tasksKey = (id: string) => [...allTasksKey, id] as const;
const journalKey = (id: string) => [...casesQueryKey, 'journal', id] as const;

/** The case's comments, oldest first, a page at a time (`fetchNextPage` loads later ones). */
export function useComments(id: string) {
  return usePagedList<CaseCommentPage>({ queryKey: commentsKey(id), path: `${casePath(id)}/comments` });
}

/** Writes a comment; the users it mentions are told (in the app and by e-mail, without its text). */
export function useWriteComment(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewCaseComment) => apiSend<CreatedEntry>('POST', `${casePath(id)}/comments`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: commentsKey(id) }),
  });
}

/** The case's tasks: open ones first by due day, then done ones. */
export function useCaseTasks(id: string) {
  return useQuery({
    queryKey: tasksKey(id),
    queryFn: ({ signal }) => apiGet<CaseTaskList>(`${casePath(id)}/tasks`, { signal }).then((a) => a.tasks),
  });
}

function useTaskMutation<I, O>(id: string, send: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: allTasksKey }),
        queryClient.invalidateQueries({ queryKey: journalKey(id) }),
      ]);
    },
  });
}

/** Creates a task; its assignee is told (without its title). */
export function useCreateTask(id: string) {
  return useTaskMutation(id, (input: NewCaseTask) =>
    apiSend<CreatedEntry>('POST', `${casePath(id)}/tasks`, input).then((a) => a.id),
  );
}

/** Changes a task, or marks it done (`status: 'done'`) or open again. */
export function useUpdateTask(id: string) {
  return useTaskMutation(id, ({ taskId, ...change }: CaseTaskChange & { taskId: string }) =>
    apiSend<CaseTask>('PATCH', `${casePath(id)}/tasks/${encodeURIComponent(taskId)}`, change),
  );
}
