import { describe, expect, it } from 'vitest';
import { de } from './de.ts';
import { en } from './en.ts';
import { chooseLanguage } from './language.ts';

type Tree = { readonly [key: string]: string | Tree };

/** Every leaf of a message tree as `a.b.c` → value. */
function leaves(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object') {
      for (const [p, v] of leaves(value, path)) out.set(p, v);
    } else {
      out.set(path, value);
    }
  }
  return out;
}

const interpolations = (text: unknown) =>
  typeof text === 'string' ? [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort() : [];

describe('message catalogues', () => {
  const english = leaves(en);
  const german = leaves(de);

  it('have the same keys in German and English', () => {
    expect([...german.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('contain only non-empty strings', () => {
    for (const [path, value] of [...english, ...german]) {
      expect(typeof value, path).toBe('string');
      expect(String(value).trim(), path).not.toBe('');
    }
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [path, value] of english) {
      expect(interpolations(german.get(path)), path).toEqual(interpolations(value));
    }
  });
});

describe('chooseLanguage', () => {
  it('prefers the stored choice', () => {
    expect(chooseLanguage('de', 'en-US')).toBe('de');
    expect(chooseLanguage('en', 'de-DE')).toBe('en');
  });

  it('ignores a stored value that is not a language of the app', () => {
    expect(chooseLanguage('fr', 'de-AT')).toBe('de');
    expect(chooseLanguage('', undefined)).toBe('en');
  });

  it('follows a German browser and falls back to English otherwise', () => {
    expect(chooseLanguage(null, 'de')).toBe('de');
    expect(chooseLanguage(null, 'de-CH')).toBe('de');
    expect(chooseLanguage(null, 'fr-FR')).toBe('en');
    expect(chooseLanguage(null, undefined)).toBe('en');
  });
});
