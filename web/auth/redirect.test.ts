import { describe, expect, it } from 'vitest';
import { loginPathFor, safeNextPath } from './redirect.ts';

describe('safeNextPath', () => {
  it('keeps paths of this app, with their query', () => {
    expect(safeNextPath('/account')).toBe('/account');
    expect(safeNextPath('/cases?status=open#top')).toBe('/cases?status=open#top');
  });

  it('falls back to the overview for anything else', () => {
    for (const next of [
      null,
      undefined,
      '',
      'account',
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
    ]) {
      expect(safeNextPath(next), String(next)).toBe('/');
    }
    expect(safeNextPath('/\tevil')).toBe('/');
  });

  it('never sends the user back to the login page', () => {
    expect(safeNextPath('/login')).toBe('/');
    expect(safeNextPath('/login?next=/account')).toBe('/');
  });
});

describe('loginPathFor', () => {
  it('comes back to the page afterwards', () => {
    expect(loginPathFor('/account')).toBe('/login?next=%2Faccount');
    expect(loginPathFor('/cases?status=open')).toBe('/login?next=%2Fcases%3Fstatus%3Dopen');
  });

  it('needs no target for the overview', () => {
    expect(loginPathFor('/')).toBe('/login');
  });
});
