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

  it('keeps the web app free of server code: it knows the server only through the generated API types', () => {
    const web = importsOf(sourceFiles('web')).filter((edge) => edge.to.startsWith('server/'));
    expect(show(web)).toEqual([]);
  });

  it('sees the imports it checks (the parser works)', () => {
    expect(server.length).toBeGreaterThan(500);
    expect(server).toContainEqual({ from: 'server/app.ts', to: 'server/config.ts' });
  });
});
