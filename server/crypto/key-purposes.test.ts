import { describe, expect, it } from 'vitest';
import { KEY_PURPOSES, keyedDigest, SUBKEY_PURPOSES } from './key-purposes.ts';

describe('key purposes', () => {
  it('gives every purpose its own label, across both lists', () => {
    const labels = [
      ...Object.values(KEY_PURPOSES),
      ...Object.values(SUBKEY_PURPOSES).map((purpose) => purpose.label),
    ];
    expect(new Set(labels).size).toBe(labels.length);
    for (const { parent } of Object.values(SUBKEY_PURPOSES))
      expect(Object.keys(KEY_PURPOSES)).toContain(parent);
  });

  it('keys the spent proof-of-work records as they have always been keyed', () => {
    // HMAC-SHA-256 under HKDF-SHA256(secret, 'tma/portal/proof-of-work/spent'), as proof-of-work.ts computed it
    // before the derivation moved here: rows already written, and instances of the previous release, must
    // still recognise a spent challenge.
    const secret = Buffer.alloc(32, 7);
    expect(keyedDigest(secret, 'portal.proof_of_work.spent', 'c2lnbmF0dXJl').toString('hex')).toBe(
      '39f8f318c4e3fec4ea46de81d4972f24be00d4f68c80d0f8066aa45dd1a2d7a2',
    );
    expect(keyedDigest(Buffer.alloc(32, 8), 'portal.proof_of_work.spent', 'c2lnbmF0dXJl')).not.toEqual(
      keyedDigest(secret, 'portal.proof_of_work.spent', 'c2lnbmF0dXJl'),
    );
  });
});
