import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Vitest global setup: browser tests run against the built client, so build it once per run
 * (a few seconds), from the same vite.config.ts that `npm start` uses.
 */
export default async function setup(): Promise<void> {
  if (process.env.SKIP_CLIENT_BUILD === '1') return;
  await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'warn',
    // CLIENT_OUT_DIR lets parallel runs build and serve their own copy (see tests/browser/support).
    ...(process.env.CLIENT_OUT_DIR ? { build: { outDir: process.env.CLIENT_OUT_DIR, emptyOutDir: true } } : {}),
  });
}
