import {
  type AlertProps,
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type DrawerProps,
  defaultVariantColorsResolver,
  Input,
  type MantineColorsTuple,
  Menu,
  type ModalProps,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';
import { i18n } from './i18n/index.ts';
import classes from './theme.module.css';

/**
 * A Mantine palette with darker shades 8 and 9. Shade 8 is what filled and outline buttons and badges show
 * (white text on it, or it as text on white), shade 9 the text of light badges and alerts on shade 1 or 2.
 * Mantine's own reach only 2.5–4.4:1 for these colours; the ones given here reach at least 4.5:1 (WCAG AA).
 */
function readable(
  name: keyof typeof DEFAULT_THEME.colors,
  shade8: string,
  shade9: string,
): MantineColorsTuple {
  const palette = DEFAULT_THEME.colors[name];
  if (!palette) throw new Error(`Mantine has no colour ${name}`);
  const [c0, c1, c2, c3, c4, c5, c6, c7] = palette;
  return [c0, c1, c2, c3, c4, c5, c6, c7, shade8, shade9];
}

/**
 * Mantine's colours per variant, except that a subtle button in a given dark shade ("red.9") keeps it:
 * Mantine lightens such text to shade 6 at most, which is below 4.5:1 on white for most colours.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'subtle') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor || parsed.shade === undefined || parsed.shade <= 6) return colors;
  return { ...colors, color: `var(--mantine-color-${parsed.color}-${parsed.shade})` };
};

// Mantine's defaults are tuned so that text passes WCAG AA (4.5:1) on white: shade 8 of blue for buttons and
// links (5.0:1 with white text) and a darker grey for secondary text (gray.6 would only reach 3.3:1).
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  variantColorResolver,
  colors: {
    // shade 8 on white ≥ 4.7:1, shade 9 on shade 2 ≥ 4.6:1 (checked with the WCAG formula)
    red: readable('red', '#c72c2c', '#af2525'),
    cyan: readable('cyan', '#0b7688', '#0a697a'),
    teal: readable('teal', '#087c58', '#077050'),
    green: readable('green', '#257d36', '#237133'),
    lime: readable('lime', '#4b7c0b', '#48730a'),
    yellow: readable('yellow', '#a15e00', '#a35400'),
    orange: readable('orange', '#b74609', '#ab390c'),
  },
  defaultRadius: 'md',
  cursorType: 'pointer',
  // Indicators and collapses stop sliding for people who asked their system for less motion.
  respectReducedMotion: true,
  headings: { fontWeight: '700' },
  components: {
    // A menu holds menu items only: Mantine's focus placeholder at its start (role=presentation, but
    // focusable) is a child of another kind. Without it the menu takes the focus itself and the arrow keys
    // move on to its items as before.
    Menu: Menu.extend({ defaultProps: { withInitialFocusPlaceholder: false } }),
    // A visible outline on the focused field, not only a border of another colour (theme.module.css).
    Input: Input.extend({ classNames: { input: classes.field } }),
    // Mantine renders a dialog's header as <header>: inside role=dialog that is a second banner landmark
    // beside the page's own. Without its role it is a plain container.
    // The × buttons show only an icon: they get a name in the language shown (read at each render), unless
    // the page gives a more precise one.
    // (Mantine takes defaultProps as a function of the theme, which its typed `extend` does not allow.)
    Modal: {
      defaultProps: (): Partial<ModalProps> => ({
        attributes: { header: { role: 'none' } },
        closeButtonProps: { 'aria-label': i18n.t('accessibility.closeDialog') },
      }),
    },
    Drawer: {
      defaultProps: (): Partial<DrawerProps> => ({
        attributes: { header: { role: 'none' } },
        closeButtonProps: { 'aria-label': i18n.t('accessibility.closeDialog') },
      }),
    },
    Alert: {
      defaultProps: (): Partial<AlertProps> => ({ closeButtonLabel: i18n.t('accessibility.closeNotice') }),
    },
  },
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
