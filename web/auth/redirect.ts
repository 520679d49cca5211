// Where sign-in sends the user afterwards. The target comes from the address bar (`/login?next=…`), so it is
// checked: only paths of this app, never another site (`//evil.example`, `https://…`) and never the login
// page itself.

export const loginPath = '/login';

/** A path inside this app to go to after signing in; `/` when `next` is missing or not safe. */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters and backslashes can make browsers treat the path as another origin.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what this looks for
  if (/[\u0000-\u001f\\]/.test(next)) return '/';
  const pathname = next.split(/[?#]/, 1)[0] ?? '';
  if (pathname === loginPath || pathname.startsWith(`${loginPath}/`)) return '/';
  return next;
}

/** The login page's address that comes back to `path` (with its query) afterwards. */
export function loginPathFor(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? loginPath : `${loginPath}?${new URLSearchParams({ next })}`;
}
