/** Names for controls that show only an icon or a short text (read by screen readers, not shown). */
export const accessibilityEn = {
  /** The × of a notice (Alert) that can be dismissed. */
  closeNotice: 'Close notice',
  /** The × of a dialog or drawer. */
  closeDialog: 'Close',
  /** Before the signed-in user's name and organisation in the header (visually hidden). */
  userMenu: 'Account menu:',
};
