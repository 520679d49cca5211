import type { Messages } from './en.ts';

/** Namen für Bedienelemente, die nur ein Symbol oder einen kurzen Text zeigen (für Screenreader). */
export const accessibilityDe: Messages['accessibility'] = {
  closeNotice: 'Hinweis schließen',
  closeDialog: 'Schließen',
  userMenu: 'Kontomenü:',
};
