// The web app under its real Content-Security-Policy in Chromium: every page must render without a single
// violation, so a tightened policy or a new inline script or style cannot slip in unnoticed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSkipReason, launchChromium } from '../support/browser.ts';
import { startTestServer } from '../support/server.ts';

const skipReason = browserSkipReason;

declare global {
  interface Window {
    cspViolations?: string[];
  }
}

describe.skipIf(skipReason !== undefined)(
  `content security policy${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
    let browser: Browser | undefined;

    beforeAll(async () => {
      server = await startTestServer();
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    /** Loads `pathname`, waits until `ready` is visible, and returns every CSP violation the page reported. */
    async function violationsOn(pathname: string, ready: (page: Page) => Promise<void>): Promise<string[]> {
      if (!browser || !server) throw new Error('not started');
      const context = await browser.newContext({ locale: 'en-US' });
      const problems: string[] = [];
      try {
        await context.addInitScript(() => {
          window.cspViolations = [];
          document.addEventListener('securitypolicyviolation', (event) => {
            window.cspViolations?.push(
              `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
            );
          });
        });
        const page = await context.newPage();
        page.on('console', (message) => {
          if (/Content Security Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        const response = await page.goto(new URL(pathname, server.baseUrl).href);
        expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
        await ready(page);
        // Give late style injections and the first API calls a moment to report.
        await page.waitForLoadState('networkidle');
        problems.push(...(await page.evaluate(() => window.cspViolations ?? [])));
        return problems;
      } finally {
        await context.close();
      }
    }

    it('renders the overview without a violation', async () => {
      const problems = await violationsOn('/', (page) =>
        page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor(),
      );
      expect(problems).toEqual([]);
    });

    it('renders the login page without a violation', async () => {
      const problems = await violationsOn('/login', (page) =>
        page.locator('input[type="password"]').waitFor(),
      );
      expect(problems).toEqual([]);
    });

    it('renders the not-found page without a violation', async () => {
      const problems = await violationsOn('/no-such-page', (page) =>
        page.getByRole('heading', { level: 1 }).first().waitFor(),
      );
      expect(problems).toEqual([]);
    });
  },
);
