import { isIP } from 'node:net';

// The base URL users reach TMA under. Passkeys are bound to its host (the WebAuthn RP id) and origin, and
// the single sign-on redirects and the callback address start with it, so it must be the address in the
// browser's address bar. TMA_PUBLIC_URL sets it; without it, the default follows PORT (and HOST), and an
// evaluation install on the embedded database also follows the loopback address the browser used.

/** Whether a host name (without port; IPv6 with or without brackets) is this machine's loopback. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Whether HOST listens on every address (0.0.0.0, ::): reached as localhost on this machine. */
const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '[::]';

/**
 * The public URL when TMA_PUBLIC_URL is unset: `http://localhost:<PORT>` when HOST is a loopback or
 * wildcard address (passkeys need a host name, not 127.0.0.1), else HOST itself; https with native TLS.
 */
export function defaultPublicUrl(listen: { host: string; port: number; tls: boolean }): string {
  const scheme = listen.tls ? 'https' : 'http';
  const host = listen.host.replace(/^\[(.*)\]$/, '$1');
  const name =
    isLoopbackHostname(host) || isWildcard(host) ? 'localhost' : isIP(host) === 6 ? `[${host}]` : host;
  const defaultPort = listen.tls ? 443 : 80;
  return `${scheme}://${name}${listen.port === defaultPort ? '' : `:${listen.port}`}`;
}

/** The port a URL's origin uses, its scheme's default when it names none. */
const portOf = (url: URL) => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

/**
 * Start-up warnings about the public URL: TMA_PUBLIC_URL on a loopback host with another port than PORT
 * is almost always a leftover (passkeys and the sign-on redirects would then point at the wrong port).
 */
export function publicUrlWarnings(config: {
  port: number;
  publicUrl: string;
  publicUrlConfigured: boolean;
}): string[] {
  if (!config.publicUrlConfigured || config.port === 0) return [];
  const url = new URL(config.publicUrl);
  if (!isLoopbackHostname(url.hostname) || portOf(url) === config.port) return [];
  return [
    `TMA_PUBLIC_URL is ${config.publicUrl}, but TMA listens on port ${config.port}: open TMA at ` +
      `${config.publicUrl} (through a proxy on that port), or set TMA_PUBLIC_URL to ` +
      `${url.protocol}//${url.hostname}:${config.port}. Passkeys and single sign-on work only at TMA_PUBLIC_URL.`,
  ];
}

const LOOPBACK_HOST_HEADER = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d{1,5})?$/i;

/** Whether a Host header is exactly a loopback name and an optional port (nothing else may ride along). */
export const isLoopbackHostHeader = (host: string): boolean => LOOPBACK_HOST_HEADER.test(host);

/** What of a request the public URL may be derived from. */
export interface RequestAddress {
  protocol: string;
  /** The Host header (with port), never X-Forwarded-Host. */
  host: string | undefined;
}

/**
 * The public URL of one installation, resolved per request. Configured (TMA_PUBLIC_URL), or on PostgreSQL,
 * it is always `base`. Unset on the embedded database (an evaluation on one's own machine), a request whose
 * Host header names a loopback address gets that address instead, so that `PORT=3001` or a container
 * published on another port work without TMA_PUBLIC_URL.
 *
 * Why only loopback: the Host header is chosen by the client. Taken as is, it would make the WebAuthn origin
 * check accept whatever site relays the ceremony (a phishing proxy sends its own Host), and turn the sign-on
 * redirects into an open redirect or a poisoned callback address. A loopback name cannot be served to a
 * victim's browser by anyone but a program on the victim's own machine; and a name that resolves to
 * 127.0.0.1 (DNS rebinding) is not a loopback name, so it gets `base`. Any other Host gets `base`.
 */
export class PublicAddress {
  #base: string;
  readonly configured: boolean;
  readonly followsLoopbackHost: boolean;

  constructor(options: { base: string; configured: boolean; embedded: boolean }) {
    this.#base = options.base.replace(/\/+$/, '');
    this.configured = options.configured;
    this.followsLoopbackHost = options.embedded && !options.configured;
  }

  /** The configured or default URL: for e-mails and anything without a request. */
  get base(): string {
    return this.#base;
  }

  /** With PORT=0 the port is known only once the server listens; the default URL then takes it. */
  listening(listen: { host: string; port: number; tls: boolean }): void {
    if (!this.configured) this.#base = defaultPublicUrl(listen);
  }

  /** The public URL for a request (see the class comment for when the request's own address counts). */
  forRequest(request: RequestAddress): string {
    if (!this.followsLoopbackHost || !request.host) return this.#base;
    if (request.protocol !== 'http' && request.protocol !== 'https') return this.#base;
    // Exactly a loopback name and an optional port: nothing else may ride along in the header.
    if (!isLoopbackHostHeader(request.host)) return this.#base;
    try {
      return new URL(`${request.protocol}://${request.host.toLowerCase()}`).origin;
    } catch {
      return this.#base; // a port beyond 65535
    }
  }
}
