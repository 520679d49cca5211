import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import { defineConfig, type UserConfig } from 'vite';
import { pdfjsResources } from './pdfjs-resources.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/web', import.meta.url));

// The TMA server in development (`npm start`); the web app only ever calls its own origin.
const apiServer = 'http://127.0.0.1:3000';
const proxy = Object.fromEntries(['/api', '/healthz', '/readyz'].map((path) => [path, apiServer]));

const config = {
  root: webRoot,
  base: '/',
  plugins: [react(), pdfjsResources()],
  css: {
    postcss: { plugins: [postcssPresetMantine()] },
  },
  build: {
    outDir,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change far less often than the app: separate chunks stay cached across TMA upgrades.
        codeSplitting: {
          groups: [
            // Loaded only when a PDF is previewed.
            { name: 'pdfjs', test: /node_modules[\\/]pdfjs-dist[\\/]/, priority: 4 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            {
              name: 'mantine',
              test: /node_modules[\\/](@mantine|@floating-ui|react-remove-scroll)/,
              priority: 2,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy },
  preview: { host: '127.0.0.1', proxy },
} satisfies UserConfig;

export default defineConfig(({ command, mode }) => {
  // A production build whatever NODE_ENV the caller has: Vite takes React's development build whenever
  // NODE_ENV is set to anything else, and vitest (which builds the app for the browser tests) sets `test`.
  if (command === 'build' && mode === 'production') process.env.NODE_ENV = 'production';
  return config;
});
