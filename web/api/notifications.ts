import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiSend } from './client.ts';
import type { Notification, NotificationList } from './types.ts';

export type { Notification, NotificationList };
export type NotificationKind = Notification['kind'];

export const notificationsQueryKey = ['notifications'] as const;

/** How often the bell asks for new notices. */
export const notificationPollMs = 30_000;

/** The user's notices, asked again every 30 seconds while the page is visible. Off when `enabled` is false. */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationsQueryKey,
    queryFn: ({ signal }) => apiGet<NotificationList>('/api/v1/notifications', { signal }),
    enabled,
    refetchInterval: notificationPollMs,
  });
}

/** Marks notices read; the list shows it at once and is checked with the server afterwards. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => apiSend('POST', '/api/v1/notifications/read', { ids }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: notificationsQueryKey });
      const before = queryClient.getQueryData<NotificationList>(notificationsQueryKey);
      if (before) {
        const marked = new Set(ids);
        const notifications = before.notifications.map((n) => (marked.has(n.id) ? { ...n, read: true } : n));
        const unread = Math.max(
          0,
          before.unread - before.notifications.filter((n) => marked.has(n.id) && !n.read).length,
        );
        queryClient.setQueryData<NotificationList>(notificationsQueryKey, { notifications, unread });
      }
      return { before };
    },
    onError: (_error, _ids, context) => {
      if (context?.before) queryClient.setQueryData(notificationsQueryKey, context.before);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}
