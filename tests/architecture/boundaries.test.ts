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
});
