// The organisation someone signed in to last, so the login form can fill it in next time. Storage may be
// unavailable (privacy settings, sandboxed frames): then the form simply starts empty.

export const tenantStorageKey = 'tma.tenant';

export function rememberedTenant(): string {
  try {
    return window.localStorage.getItem(tenantStorageKey) ?? '';
  } catch {
    return '';
  }
}

export function rememberTenant(slug: string): void {
  try {
    window.localStorage.setItem(tenantStorageKey, slug);
  } catch {
    // Nothing to do: the next visit asks again.
  }
}
