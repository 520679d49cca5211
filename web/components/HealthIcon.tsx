import { ThemeIcon } from '@mantine/core';
import type { Health } from '../api/status.ts';

const paths: Record<Health, string> = {
  ready: 'M5 12.5l4.5 4.5L19 7.5',
  notReady: 'M7 7l10 10M17 7L7 17',
  draining: 'M9 6.5v11M15 6.5v11',
};

export const healthColor: Record<Health, string> = {
  ready: 'teal',
  notReady: 'red',
  draining: 'orange',
};

/** A check, cross or pause sign in the health's colour; decorative, the text beside it says the same. */
export function HealthIcon({ health }: { health: Health }) {
  return (
    <ThemeIcon color={`${healthColor[health]}.9`} size={36} radius="xl" aria-hidden="true">
      <svg width="22" height="22" viewBox="0 0 24 24" fill="none" focusable="false" aria-hidden="true">
        <path
          d={paths[health]}
          stroke="currentColor"
          strokeWidth="2.5"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </ThemeIcon>
  );
}
