import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; never a browser downloaded by a test tool. */
export const chromiumPath = '/usr/bin/chromium';

/** Where browser tests put their screenshots (gitignored). */
export const screenshotDir = path.resolve(import.meta.dirname, '../../test-results');

/**
 * Why browser tests are skipped, or undefined when they run: on a developer machine without Chromium they
 * are skipped; in CI a missing browser is a failure.
 */
export const browserSkipReason: string | undefined =
  !existsSync(chromiumPath) && process.env.CI !== 'true'
    ? `${chromiumPath} is missing (apt-get install chromium); CI runs these tests`
    : undefined;

/**
 * Headless Chromium with the flags this machine needs: no sandbox as root, and no background networking,
 * whose connections the closed network here would refuse.
 */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface ProblemWatch {
  /** Put before each line, to tell whose page it was. */
  who?: string;
  /** Console errors whose text matches are expected (an answer the test provokes, e.g. /status of 401/). */
  expectedConsole?: RegExp;
  /** Also record every answer of 400 or more, except the signed-out session check before signing in. */
  failedAnswers?: boolean;
}

/**
 * Collects what should never happen on a page into `problems` (the test expects it empty at its end):
 * uncaught page errors, console errors and, when asked, failed answers.
 */
export function recordProblems(page: Page, problems: string[], watch: ProblemWatch = {}): void {
  const prefix = watch.who ? `${watch.who}: ` : '';
  page.on('pageerror', (error) => problems.push(`${prefix}page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error' || watch.expectedConsole?.test(message.text())) return;
    // A failed answer's console line says only "Failed to load resource"; `failedAnswers` names it.
    if (watch.failedAnswers && message.text().startsWith('Failed to load resource')) return;
    problems.push(`${prefix}console error: ${message.text()}`);
  });
  if (!watch.failedAnswers) return;
  page.on('response', (response) => {
    const status = response.status();
    const { pathname } = new URL(response.url());
    const signedOut = status === 401 && pathname === '/api/v1/auth/session';
    if (status >= 400 && !signedOut) problems.push(`${prefix}${status} ${pathname}`);
  });
}
