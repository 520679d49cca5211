import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWebApp, developmentMarkersIn, reactDevelopmentMarkers } from './build-web-if-needed.ts';

const viteBin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
  'bin/vite.js',
);

describe('the web build that npm start serves', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tma-web-build-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("is React's production build, also when NODE_ENV says otherwise", () => {
    // vitest sets NODE_ENV=test, and the browser tests build the app that `npm start` later serves: the
    // case that used to yield React's development build (and its DevTools hint on every page).
    expect(process.env.NODE_ENV).toBe('test');
    const outDir = tempDir();
    buildWebApp(viteBin, outDir);
    expect(readFileSync(path.join(outDir, 'index.html'), 'utf8')).toContain('<div id="root">');
    expect(developmentMarkersIn(outDir)).toEqual([]);
  });

  it('recognises a development build, so that it is built again', () => {
    const webDir = tempDir();
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(
      path.join(webDir, 'assets', 'react-1a2b.js'),
      `console.info("${reactDevelopmentMarkers[0]}")`,
    );
    expect(developmentMarkersIn(webDir)).toEqual([reactDevelopmentMarkers[0]]);
  });
});
