import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';

// The files pdf.js loads while it reads a PDF – the standard fonts a PDF may name without embedding them, the
// character maps of CJK fonts, and the JavaScript decoders of JPEG 2000 and JBIG2 images – served from our
// own origin, as the Content-Security-Policy asks. pdf.js asks for them by name below one base URL, so they
// keep their names, in a folder named after pdf.js's version (assets are cached for a year).

const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const pdfjsVersion = (
  JSON.parse(readFileSync(path.join(pdfjsRoot, 'package.json'), 'utf8')) as { version: string }
).version;

/** Where the app finds them: the same path as `pdfResourceBase()` in web/cases/pdf-document.ts builds. */
const baseDir = `assets/pdfjs-${pdfjsVersion}`;

const folders: Record<string, (name: string) => boolean> = {
  standard_fonts: (name) => /\.(pfb|ttf)$/.test(name),
  cmaps: (name) => name.endsWith('.bcmap'),
  wasm: (name) => name.endsWith('_nowasm_fallback.js'),
};

function resources(): { fileName: string; source: string }[] {
  return Object.entries(folders).flatMap(([folder, wanted]) =>
    readdirSync(path.join(pdfjsRoot, folder))
      .filter(wanted)
      .map((name) => ({
        fileName: `${baseDir}/${folder}/${name}`,
        source: path.join(pdfjsRoot, folder, name),
      })),
  );
}

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.ttf': 'font/ttf',
};

/** Copies pdf.js's fonts, character maps and image decoders into the build, and serves them in development. */
export function pdfjsResources(): Plugin {
  return {
    name: 'tma-pdfjs-resources',
    generateBundle() {
      for (const { fileName, source } of resources())
        this.emitFile({ type: 'asset', fileName, source: readFileSync(source) });
    },
    configureServer(server) {
      const files = new Map(resources().map(({ fileName, source }) => [`/${fileName}`, source]));
      server.middlewares.use((request, response, next) => {
        const source = files.get((request.url ?? '').split('?')[0] ?? '');
        if (!source) return next();
        response.setHeader('content-type', contentTypes[path.extname(source)] ?? 'application/octet-stream');
        response.end(readFileSync(source));
      });
    },
  };
}
