import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';

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
