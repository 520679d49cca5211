import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError, clientErrorCodes } from '../api/client.ts';
import { en } from '../i18n/en.ts';
import { explainError } from './ErrorNotice.tsx';

const i18n = i18next.createInstance();
void i18n.init({ resources: { en: { translation: en } }, lng: 'en', initAsync: false });
const t = i18n.t;

describe('explainError', () => {
  it('says what to do next for each kind of failure, keeping the server’s words as detail', () => {
    const unavailable = explainError(new ApiError(503, 'unavailable', 'upstream connect error'), t);
    expect(unavailable.message).toMatch(/not available at the moment/);
    expect(unavailable.remedy).toBe('retry');
    expect(unavailable.detail).toBe('upstream connect error');

    expect(explainError(new ApiError(401, 'not_signed_in', 'Sign in first.'), t).remedy).toBe('signIn');
    const forbidden = explainError(new ApiError(403, 'forbidden', 'No.'), t);
    expect(forbidden.message).toMatch(/ask an administrator/);
    expect(forbidden.remedy).toBe('none');
    expect(explainError(new ApiError(409, 'case_changed', 'Changed.'), t).remedy).toBe('reload');
    expect(explainError(new ApiError(409, 'unit_slug_taken', 'Taken.'), t).message).toMatch(/clashes/);
    expect(explainError(new ApiError(429, 'rate_limited', 'Slow.', undefined, 30), t).message).toMatch(
      /Wait 30 seconds/,
    );
    const crashed = explainError(new ApiError(500, 'internal', 'Internal error', 'req-7'), t);
    expect(crashed.message).toMatch(/request number/);
    expect(crashed.requestId).toBe('req-7');
  });

  it('tells a broken network from a failed page, without a raw message of its own', () => {
    const offline = explainError(new ApiError(0, clientErrorCodes.network, 'Failed to fetch'), t);
    expect(offline.message).toMatch(/network connection/);
    expect(offline.detail).toBeNull();
    const bug = explainError(new TypeError('x is undefined'), t);
    expect(bug.message).toMatch(/unexpected/);
    expect(bug.detail).toBe('x is undefined');
  });
});
