/**
 * A minimal browser over real HTTP for redirect flows: a cookie jar (per host, like browsers: ports share
 * cookies; paths are honoured) and manual redirect following, so a test sees every hop.
 */
export class HttpBrowser {
  readonly #cookies = new Map<string, { value: string; path: string; host: string }>();

  cookie(name: string): string | undefined {
    for (const [key, cookie] of this.#cookies) if (key.endsWith(`|${name}`)) return cookie.value;
    return undefined;
  }

  setCookie(url: string, name: string, value: string, path = '/'): void {
    const host = new URL(url).hostname;
    this.#cookies.set(`${host}|${path}|${name}`, { value, path, host });
  }

  #header(url: URL): string {
    return [...this.#cookies]
      .filter(([, c]) => c.host === url.hostname && url.pathname.startsWith(c.path))
      .map(([key, c]) => `${key.slice(key.lastIndexOf('|') + 1)}=${c.value}`)
      .join('; ');
  }

  #store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = '/';
      let expired = value === '';
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age' && Number(val) <= 0) expired = true;
        if (key.toLowerCase() === 'expires' && Date.parse(val) < Date.now()) expired = true;
      }
      const key = `${url.hostname}|${path}|${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { value, path, host: url.hostname });
    }
  }

  /** One request, sending and storing cookies; never follows a redirect. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.#header(target);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    this.#store(target, response);
    return response;
  }

  /**
   * Follows redirects from `url` until `stop(next)` says the next location is where the flow ends (or a
   * non-redirect answer comes). Returns the hops and the last location.
   */
  async follow(
    url: string,
    stop: (next: URL) => boolean,
    maxHops = 20,
  ): Promise<{ location: URL; hops: string[]; last: Response }> {
    const hops: string[] = [];
    let current = new URL(url);
    for (let hop = 0; hop < maxHops; hop++) {
      hops.push(current.href);
      const response = await this.fetch(current.href);
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) {
        return { location: current, hops, last: response };
      }
      await response.arrayBuffer();
      const next = new URL(location, current);
      if (stop(next)) return { location: next, hops, last: response };
      current = next;
    }
    throw new Error(`too many redirects: ${hops.join(' → ')}`);
  }
}
