import { Box, Stack, useMatches } from '@mantine/core';
import type { ReactNode } from 'react';

/** The widest a page grows: lines and tables stay readable on a large screen. */
export const PAGE_MAX_WIDTH = 1400;
/** The side column's width on a wide screen. */
const ASIDE_WIDTH = 340;

/**
 * The frame of a page inside the shell: its sections one below the other, using the desktop's width (up to
 * PAGE_MAX_WIDTH). With `aside`, a side column of details stands beside the main content on a wide screen
 * (from Mantine's `lg`, 1200 px) as a complementary landmark named `asideLabel`; on narrower screens the
 * caller shows those details in the flow instead (see useWideLayout).
 */
export function PageLayout({
  children,
  aside,
  asideLabel,
  header,
}: {
  children: ReactNode;
  /** Above both columns: back link, title, actions. */
  header?: ReactNode;
  aside?: ReactNode;
  asideLabel?: string;
}) {
  const wide = useWideLayout();
  const content = (
    <Stack gap="lg" miw={0} style={{ flex: 1 }}>
      {children}
    </Stack>
  );
  return (
    <Stack gap="lg" maw={PAGE_MAX_WIDTH} w="100%">
      {header}
      {aside && wide ? (
        <Box style={{ display: 'flex', gap: 'var(--mantine-spacing-xl)', alignItems: 'flex-start' }}>
          {content}
          <Box component="aside" aria-label={asideLabel} w={ASIDE_WIDTH} style={{ flex: 'none' }}>
            <Stack gap="lg">{aside}</Stack>
          </Box>
        </Box>
      ) : (
        content
      )}
    </Stack>
  );
}

/** Whether the screen is wide enough for PageLayout's side column. */
export function useWideLayout(): boolean {
  return useMatches({ base: false, lg: true }, { getInitialValueInEffect: false });
}
