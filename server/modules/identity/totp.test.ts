import { TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  hashRecoveryCode,
  matchTotpStep,
  newRecoveryCodes,
  newTotpSecret,
  totpCode,
  totpQrCodeSvg,
  totpUri,
} from './totp.ts';

// RFC 6238, appendix B: the SHA-1 test secret "12345678901234567890", 8 digits there; we use 6.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const at = new Date('2026-11-23T08:00:15Z'); // step 59_000_160 starts at 08:00:00

describe('TOTP', () => {
  it('matches the RFC 6238 reference values (6-digit truncation)', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCode(RFC_SECRET, new Date(20_000_000_000_000))).toBe('353130');
  });

  it('accepts the current code and those of the steps just before and after, nothing further', () => {
    const step = Math.floor(at.getTime() / 30_000);
    const secret = newTotpSecret();
    expect(matchTotpStep(secret, totpCode(secret, at), at)).toBe(step);
    expect(matchTotpStep(secret, totpCode(secret, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
    expect(matchTotpStep(secret, totpCode(secret, new Date(at.getTime() - 60_000)), at)).toBeUndefined();
    expect(matchTotpStep(secret, totpCode(secret, new Date(at.getTime() + 60_000)), at)).toBeUndefined();
  });

  it('tolerates spaces, refuses anything but six digits', () => {
    const secret = newTotpSecret();
    const code = totpCode(secret, at);
    expect(matchTotpStep(secret, `${code.slice(0, 3)} ${code.slice(3)}`, at)).toBeDefined();
    for (const bad of ['', '12345', '1234567', 'abcdef', `${code}0`])
      expect(matchTotpStep(secret, bad, at)).toBeUndefined();
  });

  it('makes 160-bit secrets and an otpauth URI that authenticator apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = totpUri(secret, 'ada@acme.example', 'TMA ACME');
    const parsed = new URL(uri);
    expect(parsed.protocol).toBe('otpauth:');
    expect(parsed.searchParams.get('secret')).toBe(secret);
    expect(parsed.searchParams.get('algorithm')).toBe('SHA1');
    expect(parsed.searchParams.get('digits')).toBe('6');
    expect(parsed.searchParams.get('period')).toBe('30');
    // An independent implementation (otpauth's own parser) computes the same code.
    const app = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
    expect(app.generate({ timestamp: at.getTime() })).toBe(totpCode(secret, at));
  });

  it('renders the QR code as a self-contained SVG', async () => {
    const svg = await totpQrCodeSvg(totpUri(newTotpSecret(), 'ada@acme.example', 'TMA'));
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).not.toMatch(/<script|href=/i);
  });

  it('makes ten distinct recovery codes of 80 bits, hashed case- and hyphen-insensitively', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{4}(-[a-km-np-z2-9]{4}){3}$/);
    const code = codes[0] as string;
    expect(hashRecoveryCode(code.toUpperCase().replaceAll('-', ' '))).toEqual(hashRecoveryCode(code));
    expect(hashRecoveryCode(code)).not.toEqual(hashRecoveryCode(codes[1] as string));
    expect(hashRecoveryCode(code)).toHaveLength(32);
  });
});
