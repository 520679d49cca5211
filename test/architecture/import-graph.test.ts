// The house's walls, checked over the import graph: which folder may import which. Each rule is one line
// in DESIGN.md's "Modules" section; this test is where they are enforced.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from 'oxc-parser';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

interface ImportEdge {
  from: string;
  to: string;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(path.join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

/** Every relative import (static, dynamic, type-only and re-export) of the given files, resolved to paths. */
function importsOf(files: string[]): ImportEdge[] {
  return files.flatMap((from) => {
    const source = readFileSync(path.join(root, from), 'utf8');
    const { module } = parseSync(from, source);
    const specifiers = [
      ...module.staticImports.map((entry) => entry.moduleRequest.value),
      ...module.staticExports.flatMap((entry) => entry.entries.map((item) => item.moduleRequest?.value)),
      ...module.dynamicImports.map((entry) =>
        source.slice(entry.moduleRequest.start, entry.moduleRequest.end).replace(/^['"`]|['"`]$/g, ''),
      ),
    ];
    return specifiers
      .filter((specifier): specifier is string => specifier?.startsWith('.') ?? false)
      .map((specifier) => ({ from, to: path.join(path.dirname(from), specifier) }));
  });
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);
const moduleOf = (file: string) => /^server\/modules\/([^/]+)\//.exec(file)?.[1];
/**
 * A module's store is its database access, private to it: `store.ts` and `*-store.ts`. The documents
 * module's blob stores are not: they are that module's public API for encrypted files.
 */
const isStore = (file: string) =>
  /(^|\/|-)store\.ts$/.test(file) && !file.startsWith('server/modules/documents/');

const show = (edges: ImportEdge[]) => edges.map((edge) => `${edge.from} → ${edge.to}`);

const NODE_CRYPTO = new Set(['node:crypto', 'crypto']);
const HKDF = new Set(['hkdf', 'hkdfSync']);

/**
 * The ways a file derives a key with HKDF: node:crypto's hkdf/hkdfSync, imported by name, reached through
 * the module object, or Web Crypto's deriveKey/deriveBits. HMAC is not on the list: TMA uses it as a MAC
 * (CSRF tokens, reporter tokens, throttle keys) as much as to derive, and the two look alike to a parser.
 */
function keyDerivationsIn(file: string, source: string): string[] {
  const { module } = parseSync(file, source);
  const found: string[] = [];
  for (const entry of module.staticImports) {
    if (!NODE_CRYPTO.has(entry.moduleRequest.value)) continue;
    for (const item of entry.entries) {
      if (item.importName.kind === 'Name' && HKDF.has(item.importName.name ?? ''))
        found.push(item.importName.name ?? '');
      if (item.importName.kind !== 'Name') {
        const member = new RegExp(`\\b${item.localName.value}\\s*\\.\\s*(hkdf(Sync)?)\\b`).exec(source);
        if (member?.[1]) found.push(member[1]);
      }
    }
  }
  const dynamic = module.dynamicImports.some((entry) =>
    /crypto['"`]$/.test(source.slice(entry.moduleRequest.start, entry.moduleRequest.end)),
  );
  if (dynamic && /\.\s*hkdf(Sync)?\b/.test(source)) found.push('hkdf (dynamic import)');
  const subtle = /\bsubtle\s*\.\s*(derive(Key|Bits))\b/.exec(source);
  if (subtle?.[1]) found.push(`subtle.${subtle[1]}`);
  return found;
}

describe('import graph', () => {
  const server = importsOf(sourceFiles('server').filter((file) => !isTest(file)));

  it('has no module importing another module’s store: modules talk through their services', () => {
    const crossing = server.filter((edge) => {
      const from = moduleOf(edge.from);
      return (
        from !== undefined &&
        isStore(edge.to) &&
        moduleOf(edge.to) !== from &&
        moduleOf(edge.to) !== undefined
      );
    });
    expect(show(crossing)).toEqual([]);
  });

  it('keeps server/crypto and server/db free of the modules', () => {
    const upward = server.filter(
      (edge) => /^server\/(crypto|db)\//.test(edge.from) && edge.to.startsWith('server/modules/'),
    );
    expect(show(upward)).toEqual([]);
  });

  it('keeps services and stores free of the HTTP edge: they never see a request', () => {
    const serviceOrStore = (file: string) => /^server\/modules\/[^/]+\/(.*-)?(service|store)\.ts$/.test(file);
    const intoHttp = server.filter((edge) => serviceOrStore(edge.from) && edge.to.startsWith('server/http/'));
    expect(show(intoHttp)).toEqual([]);
  });

  it('builds services only in the composition root: route files and plugins are handed theirs', () => {
    const routeFiles = sourceFiles('server/modules').filter(
      (file) => !isTest(file) && /\/(.*-)?routes\.ts$|\/plugin\.ts$/.test(file),
    );
    expect(routeFiles.length).toBeGreaterThan(10);
    const building = routeFiles.flatMap((file) =>
      [...readFileSync(path.join(root, file), 'utf8').matchAll(/\bnew ([A-Z]\w*Service)\(/g)].map(
        (match) => `${file}: new ${match[1]}`,
      ),
    );
    expect(building).toEqual([]);
  });

  it('keeps raw data keys inside server/crypto: modules get operations (seal, stream, deriveKey), never keys', () => {
    const takers = sourceFiles('server').filter((file) => {
      if (file.startsWith('server/crypto/')) return false;
      const { module } = parseSync(file, readFileSync(path.join(root, file), 'utf8'));
      return module.staticImports.some((entry) =>
        entry.entries.some(
          (item) => item.importName.kind === 'Name' && item.importName.name === 'rawScopeKey',
        ),
      );
    });
    expect(takers).toEqual([]);
  });

  it('keeps key derivation inside server/crypto: modules name a purpose (key-purposes.ts), never a label', () => {
    const deriving = sourceFiles('server')
      .filter((file) => !file.startsWith('server/crypto/') && !isTest(file))
      .flatMap((file) =>
        keyDerivationsIn(file, readFileSync(path.join(root, file), 'utf8')).map((what) => `${file}: ${what}`),
      );
    expect(deriving).toEqual([]);
  });

  it('recognises key derivation however it is written, and leaves HMAC and hashes alone', () => {
    const sample = (source: string) => keyDerivationsIn('sample.ts', source);
    expect(
      sample("import { createHash, hkdfSync } from 'node:crypto'; hkdfSync('sha256', k, s, i, 32);"),
    ).toEqual(['hkdfSync']);
    expect(sample("import { hkdf as derive } from 'crypto';")).toEqual(['hkdf']);
    expect(
      sample("import * as nodeCrypto from 'node:crypto'; nodeCrypto.hkdfSync('sha256', k, s, i, 32);"),
    ).toEqual(['hkdfSync']);
    expect(sample("import c from 'node:crypto'; c . hkdf('sha256', k, s, i, 32, done);")).toEqual(['hkdf']);
    expect(sample("const c = await import('node:crypto'); c.hkdfSync('sha256', k, s, i, 32);")).toEqual([
      'hkdf (dynamic import)',
    ]);
    expect(sample('await crypto.subtle.deriveBits(params, key, 256);')).toEqual(['subtle.deriveBits']);
    expect(
      sample(
        "import { createHash, createHmac } from 'node:crypto'; import * as c from 'node:crypto'; c.createHmac('sha256', k);",
      ),
    ).toEqual([]);
    // The parser works on the real files too: server/crypto derives its keys with HKDF.
    const derivation = 'server/crypto/key-purposes.ts';
    expect(keyDerivationsIn(derivation, readFileSync(path.join(root, derivation), 'utf8'))).toContain(
      'hkdfSync',
    );
  });

  it('keeps the web app free of server code: it knows the server only through the generated API types', () => {
    const web = importsOf(sourceFiles('web')).filter((edge) => edge.to.startsWith('server/'));
    expect(show(web)).toEqual([]);
  });

  it('sees the imports it checks (the parser works)', () => {
    expect(server.length).toBeGreaterThan(500);
    expect(server).toContainEqual({ from: 'server/app.ts', to: 'server/config.ts' });
  });
});
