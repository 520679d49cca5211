import type { UserRole } from '../../db/schema-identity.ts';
import type { SsoRoleMapping } from '../../db/schema-sso.ts';

/** Why a single sign-on was refused after the identity provider answered; audited as `sso:<reason>`. */
export type SsoRefusal =
  | 'no_email'
  | 'email_unverified'
  | 'domain_not_allowed'
  | 'no_role'
  | 'unknown_user'
  | 'user_deactivated';

/** The claims TMA reads, from the ID token and, where it lacks them, the UserInfo endpoint. */
export type Claims = Record<string, unknown>;

/** The values of a claim that may be a string or a list of strings; anything else counts as none. */
export function claimValues(claims: Claims, name: string): string[] {
  const value = claims[name];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/**
 * The TMA role the claim gives: the first mapping (in the admin's order) whose value the user has, else
 * the default role; undefined when neither applies (refused).
 */
export function mapRole(
  values: string[],
  mapping: SsoRoleMapping[],
  defaultRole: UserRole | null,
): UserRole | undefined {
  const have = new Set(values);
  return mapping.find((entry) => have.has(entry.value))?.role ?? defaultRole ?? undefined;
}

/**
 * Whether the identity provider says the user signed in with more than one factor. Only `amr: ["mfa", …]`
 * (RFC 8176) counts: a single method such as `hwk` or `otp` alone does not prove two factors.
 */
export function providerDidMfa(claims: Claims): boolean {
  return claimValues(claims, 'amr').includes('mfa');
}

/** Whether an address's domain is allowed; an empty list allows every domain. */
export function domainAllowed(email: string, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  return allowed.includes(domain);
}

/** The verified e-mail address of the claims, lower-cased, or the reason there is none. */
export function emailOf(claims: Claims): { email: string } | { refusal: SsoRefusal } {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) return { refusal: 'no_email' };
  // Some providers (Entra ID) omit the claim; an explicit false means the provider did not check it.
  if (claims.email_verified === false) return { refusal: 'email_unverified' };
  return { email };
}
