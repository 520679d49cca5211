import { describe, expect, it } from 'vitest';
import { Invalid } from '../../errors.ts';
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from './passwords.ts';

describe('password hashing', () => {
  it('hashes with argon2id in PHC format and verifies', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapl')).toBe(false);
    expect(await hashPassword('correct horse battery staple')).not.toBe(hash);
  });

  it('rejects malformed hashes and flags old parameters for rehashing', async () => {
    expect(await verifyPassword('$2b$10$abcdefghijklmnopqrstuv', 'x')).toBe(false);
    const old = await hashPassword('some password', { memoryKiB: 8192, passes: 1, parallelism: 1 });
    expect(await verifyPassword(old, 'some password')).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword('some password'))).toBe(false);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('password policy', () => {
  const violation = (password: string, inputs: string[] = []) => {
    try {
      checkPasswordPolicy(password, inputs);
      return null;
    } catch (error) {
      expect(error).toBeInstanceOf(Invalid);
      return error as Invalid;
    }
  };

  it('accepts a long, unguessable password', () => {
    expect(violation('Tulpen-Regen 47 am Fjord!')).toBeNull();
  });

  it('refuses short, long and guessable passwords with advice', () => {
    expect(violation('Sh0rt!pw')?.message).toMatch(/at least 12 characters/);
    expect(violation('x'.repeat(257))?.message).toMatch(/at most 256 characters/);
    const weak = violation('password1234');
    expect(weak?.code).toBe('password_too_weak');
    expect(weak?.fields).toEqual([{ path: 'password', message: weak?.message }]);
    expect(weak?.message).toMatch(/^The password is too easy to guess\. \S/);
    expect(violation('Passwort12345')).not.toBeNull();
  });

  it('counts the user’s own e-mail and name as guessable', () => {
    const password = 'quendolyn.vasquarelli@example.com';
    expect(violation(password)).toBeNull();
    expect(
      violation(password, ['quendolyn.vasquarelli@example.com', 'Quendolyn Vasquarelli']),
    ).not.toBeNull();
  });
});
