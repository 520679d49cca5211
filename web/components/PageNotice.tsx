import { Alert, Stack, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageTitle } from './PageTitle.tsx';

/**
 * A page that is only a notice, such as a role being refused: the title is the page's level-one heading (and
 * names the browser tab), the text stands in a notice below it.
 */
export function NoticePage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="md" maw={560} align="stretch">
      <PageTitle>{title}</PageTitle>
      <Alert color="orange" variant="light">
        {children}
      </Alert>
    </Stack>
  );
}

/**
 * The level-one heading of a page that could not be loaded, for screen readers and the browser tab: the
 * error notice beside it shows the same title already.
 */
export function HiddenPageTitle({ children }: { children: string }) {
  return (
    <VisuallyHidden>
      <PageTitle>{children}</PageTitle>
    </VisuallyHidden>
  );
}
