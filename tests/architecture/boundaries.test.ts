import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVER = fileURLToPath(new URL('../../server', import.meta.url));

/** Every TypeScript source under server/, as a path relative to server/ with its text. */
async function serverSources(): Promise<Array<{ file: string; text: string }>> {
  const entries = await readdir(SERVER, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(SERVER, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return Promise.all(
    files.sort().map(async (file) => ({ file, text: await readFile(path.join(SERVER, file), 'utf8') })),
  );
}

/** The module specifiers a source imports (static imports and re-exports). */
function importsOf(text: string): string[] {
  return [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/gms)].map((match) => match[1]!);
}

describe('module boundaries of the server', () => {
  it('lets exactly one module import bpmn-engine and bpmn-elements, so an engine upgrade is checked in one place', async () => {
    const importers = (await serverSources())
      .filter(({ text }) => importsOf(text).some((specifier) => /^bpmn-(engine|elements)(\/|$)/.test(specifier)))
      .map(({ file }) => file);
    expect(importers).toEqual(['engine/bpmn-engine-slice.ts']);
  });

  it('keeps the domain free of HTTP: only the edge (http/, live/, app.ts, main.ts) imports from server/http', async () => {
    const edge = (file: string) => /^(http|live)\//.test(file) || file === 'app.ts' || file === 'main.ts';
    const offenders = (await serverSources())
      .filter(({ file }) => !edge(file))
      .filter(({ text }) => importsOf(text).some((specifier) => /(^|\/)http(\/|$)/.test(specifier)))
      .map(({ file }) => file);
    expect(offenders).toEqual([]);
  });

  it('keeps what the browser bundles from server/ free of Node modules, so the modeler and the MDO check load', async () => {
    // Given the server modules the client imports at run time (not as types)
    const sources = new Map((await serverSources()).map(({ file, text }) => [file, text]));
    const entries = ['definitions/lint/resolver.ts', 'decisions/mdo-rules.ts', 'contract/api.ts'];
    // When every module they import at run time, directly or not, is followed
    const seen = new Set<string>();
    const nodeImports: string[] = [];
    const queue = [...entries];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const specifier of runtimeImportsOf(sources.get(file) ?? '')) {
        if (specifier.startsWith('node:')) nodeImports.push(`${file} imports ${specifier}`);
        if (!specifier.startsWith('.')) continue;
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
        queue.push(sources.has(`${target}.ts`) ? `${target}.ts` : `${target}/index.ts`);
      }
    }
    // Then none of them needs Node
    expect(seen.size).toBeGreaterThan(entries.length);
    expect(nodeImports).toEqual([]);
  });
});

/** The module specifiers a source needs at run time: imports that are not `import type`, and dynamic imports. */
function runtimeImportsOf(text: string): string[] {
  const staticImports = [...text.matchAll(/^\s*(import|export)\b(?!\s+type\b)[^;]*?\bfrom\s+'([^']+)'/gms)].map(
    (match) => match[2]!,
  );
  const dynamicImports = [...text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)].map((match) => match[1]!);
  return [...staticImports, ...dynamicImports];
}
