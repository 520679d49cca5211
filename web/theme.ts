import { type CSSVariablesResolver, createTheme } from '@mantine/core';

// Mantine's defaults are tuned so that text passes WCAG AA (4.5:1) on white: shade 8 of blue for buttons and
// links (5.0:1 with white text) and a darker grey for secondary text (gray.6 would only reach 3.3:1).
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  cursorType: 'pointer',
  // Indicators and collapses stop sliding for people who asked their system for less motion.
  respectReducedMotion: true,
  headings: { fontWeight: '700' },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
});
