// `npm start` runs this first: it builds the web app when dist/web is missing or older than its sources,
// so a fresh clone needs nothing but `npm install` and `npm start`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const indexHtml = path.join(root, 'dist/web/index.html');

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceTime(full));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Text only React's development build has: its DevTools hint, and a warning of the JSX runtime that checks
 * props. (Not the name `jsxDEV`: libraries such as react-markdown's hast-util-to-jsx-runtime mention it.)
 */
export const reactDevelopmentMarkers = [
  'Download the React DevTools',
  '`key` is not a prop. Trying to access it',
] as const;

/** The markers of React's development build that the built app's scripts contain (none, for a production build). */
export function developmentMarkersIn(webDir: string = path.join(root, 'dist/web')): string[] {
  const assets = path.join(webDir, 'assets');
  if (!existsSync(assets)) return [];
  const found = new Set<string>();
  for (const file of readdirSync(assets)) {
    if (!file.endsWith('.js')) continue;
    const text = readFileSync(path.join(assets, file), 'utf8');
    for (const marker of reactDevelopmentMarkers) if (text.includes(marker)) found.add(marker);
  }
  return [...found];
}

/**
 * True when dist/web is missing, any web source (or the lock file) changed after it was built, or it is a
 * development build (earlier releases made one when NODE_ENV was set, as it is in tests).
 */
export function webBuildIsStale(): boolean {
  if (!existsSync(indexHtml)) return true;
  const builtAt = statSync(indexHtml).mtimeMs;
  const sources = Math.max(
    newestSourceTime(path.join(root, 'web')),
    statSync(path.join(root, 'package-lock.json')).mtimeMs,
  );
  return sources > builtAt || developmentMarkersIn().length > 0;
}

/** Builds the web app with Vite if it is stale. Throws if the build fails. */
export function ensureWebBuild(log: (line: string) => void = console.log): void {
  if (!webBuildIsStale()) return;
  let viteBin: string;
  try {
    viteBin = path.join(
      path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
      'bin/vite.js',
    );
  } catch {
    if (existsSync(indexHtml)) return; // a production install without dev tools keeps its shipped build
    throw new Error('The web app is not built and Vite is not installed: run `npm install` first.');
  }
  log('Building the web app (first start or sources changed)…');
  buildWebApp(viteBin);
}

/** Runs Vite's production build of the web app into dist/web, or into `outDir`. Throws if it fails. */
export function buildWebApp(viteBin: string, outDir?: string): void {
  const target = outDir ? ['--outDir', outDir, '--emptyOutDir'] : [];
  const result = spawnSync(
    process.execPath,
    [
      viteBin,
      'build',
      '--config',
      'web/vite.config.ts',
      '--mode',
      'production',
      '--logLevel',
      'warn',
      ...target,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error(`The web app build failed (exit code ${result.status}).`);
}

if (import.meta.main) {
  try {
    ensureWebBuild();
  } catch (error) {
    console.error(`tma: ${(error as Error).message}`);
    process.exit(1);
  }
}
