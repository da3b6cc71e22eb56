import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const CLIENT = fileURLToPath(new URL('../../client', import.meta.url));

/**
 * Biome sorts imports only between side-effect imports, so it cannot see a module import placed
 * after a stylesheet. Stylesheets come last: a reader finds what a module uses in one block, and
 * the order in which the bundle cascades the styles is the order of those last lines.
 */
it('given the client sources, when their imports are read, then no module import follows a stylesheet import', async () => {
  const entries = await readdir(CLIENT, { recursive: true, withFileTypes: true });
  const sources = entries.filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name));
  const offenders: string[] = [];
  for (const entry of sources) {
    const file = path.join(entry.parentPath, entry.name);
    const imports = [...(await readFile(file, 'utf8')).matchAll(/^import\b[^;]*?'([^']+)';/gms)].map(
      (match) => match[1]!,
    );
    const firstStylesheet = imports.findIndex((specifier) => specifier.endsWith('.css'));
    if (firstStylesheet === -1) continue;
    const late = imports.slice(firstStylesheet).filter((specifier) => !specifier.endsWith('.css'));
    if (late.length > 0) offenders.push(`${path.relative(CLIENT, file)}: ${late.join(', ')}`);
  }
  expect(sources.length).toBeGreaterThan(50);
  expect(offenders).toEqual([]);
});
