import { describe, expect, it } from 'vitest';
import { slugFromName, slugPattern } from './units.ts';

describe('slugFromName', () => {
  it.each([
    ['Germany', 'germany'],
    ['Österreich & Schweiz', 'oesterreich-schweiz'],
    ['  Straße 12 – Süd ', 'strasse-12-sued'],
    ['España', 'espana'],
    ['---', ''],
    ['A'.repeat(50), 'a'.repeat(40)],
    ['Logistik und Lager Nord-West Region Mitte und Süd', 'logistik-und-lager-nord-west-region-mitt'],
  ])('%s → %s', (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
    if (slug !== '') expect(slugPattern.test(slug)).toBe(true);
  });
});
