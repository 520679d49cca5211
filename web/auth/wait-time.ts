/**
 * A wait in words in the given language, rounded up to a whole unit people think in: "45 seconds",
 * "3 minutes", "2 hours". Used for the `Retry-After` of a throttled sign-in.
 */
export function formatWait(seconds: number, locale: string): string {
  const wait = Math.max(1, Math.ceil(seconds));
  const [amount, unit] =
    wait < 60
      ? [wait, 'second']
      : wait < 3600
        ? [Math.ceil(wait / 60), 'minute']
        : [Math.ceil(wait / 3600), 'hour'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'long' }).format(amount);
}
