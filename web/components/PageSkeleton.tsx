import { Group, Paper, Skeleton, Stack, VisuallyHidden } from '@mantine/core';

// Grey shapes where the content will appear, instead of a line of "Loading…" text: the page keeps its shape
// while it loads. Each placeholder is a status region that says what is loading to screen readers, and carries
// `data-loading-skeleton` so tests can wait for the page to be complete.

/** A list or table loading: `rows` lines of the height of a row. */
export function ListSkeleton({ label, rows = 4 }: { label: string; rows?: number }) {
  return (
    <Stack gap="sm" role="status" data-loading-skeleton="">
      <VisuallyHidden>{label}</VisuallyHidden>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows, all alike, never reorder
        <Group key={index} gap="md" wrap="nowrap" aria-hidden="true">
          <Skeleton height={14} width="18%" radius="sm" />
          <Skeleton height={14} width={index % 2 ? '46%' : '58%'} radius="sm" />
          <Skeleton height={14} width="14%" radius="sm" />
        </Group>
      ))}
    </Stack>
  );
}

/** A whole page loading: its title, a line below, and two blocks of content. */
export function PageSkeleton({ label }: { label: string }) {
  return (
    <Stack gap="lg" role="status" data-loading-skeleton="" maw={1400}>
      <VisuallyHidden>{label}</VisuallyHidden>
      <Stack gap="xs" aria-hidden="true">
        <Skeleton height={12} width={120} radius="sm" />
        <Skeleton height={28} width="32%" radius="sm" />
        <Skeleton height={14} width="48%" radius="sm" />
      </Stack>
      <Paper withBorder p="lg" aria-hidden="true">
        <Stack gap="sm">
          <Skeleton height={18} width="24%" radius="sm" />
          <Skeleton height={12} radius="sm" />
          <Skeleton height={12} width="92%" radius="sm" />
          <Skeleton height={12} width="76%" radius="sm" />
        </Stack>
      </Paper>
      <Paper withBorder p="lg" aria-hidden="true">
        <Stack gap="sm">
          <Skeleton height={18} width="20%" radius="sm" />
          <Skeleton height={12} radius="sm" />
          <Skeleton height={12} width="84%" radius="sm" />
        </Stack>
      </Paper>
    </Stack>
  );
}

/**
 * The placeholder for a part of a page (a tab, a list, a panel) while it loads; `page` for a whole page.
 * Takes the words of the old "Loading …" line, which screen readers still hear.
 */
export function Loading({ label, page = false }: { label: string; page?: boolean }) {
  return page ? <PageSkeleton label={label} /> : <ListSkeleton label={label} />;
}
