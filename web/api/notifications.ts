import { type InfiniteData, useMutation, useQueryClient } from '@tanstack/react-query';
import { apiSend } from './client.ts';
import { usePagedList } from './pages.ts';
import type { Notification, NotificationList } from './types.ts';

export type { Notification, NotificationList };
export type NotificationKind = Notification['kind'];

export const notificationsQueryKey = ['notifications'] as const;

/** How often the bell asks for new notices. */
export const notificationPollMs = 30_000;

/**
 * The user's notices, newest first, a page at a time: asked again every 30 seconds while the page is
 * visible (every page loaded so far). Off when `enabled` is false.
 */
export function useNotifications(enabled: boolean) {
  return usePagedList<NotificationList>({
    queryKey: notificationsQueryKey,
    path: '/api/v1/notifications',
    enabled,
    refetchInterval: notificationPollMs,
  });
}

/** The notices of every page loaded, and the unread count (of all the user's notices, as the newest page says). */
export function loadedNotices(data: InfiniteData<NotificationList> | undefined): {
  notifications: Notification[];
  unread: number;
} {
  return {
    notifications: data?.pages.flatMap((page) => page.notifications) ?? [],
    unread: data?.pages[0]?.unread ?? 0,
  };
}

/** Marks notices read; the list shows it at once and is checked with the server afterwards. */
export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => apiSend('POST', '/api/v1/notifications/read', { ids }),
    onMutate: async (ids) => {
      await queryClient.cancelQueries({ queryKey: notificationsQueryKey });
      const before = queryClient.getQueryData<InfiniteData<NotificationList>>(notificationsQueryKey);
      if (before) {
        const marked = new Set(ids);
        const newlyRead = loadedNotices(before).notifications.filter(
          (n) => marked.has(n.id) && !n.read,
        ).length;
        const unread = Math.max(0, loadedNotices(before).unread - newlyRead);
        queryClient.setQueryData<InfiniteData<NotificationList>>(notificationsQueryKey, {
          ...before,
          pages: before.pages.map((page) => ({
            ...page,
            notifications: page.notifications.map((n) => (marked.has(n.id) ? { ...n, read: true } : n)),
            unread,
          })),
        });
      }
      return { before };
    },
    onError: (_error, _ids, context) => {
      if (context?.before) queryClient.setQueryData(notificationsQueryKey, context.before);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}
