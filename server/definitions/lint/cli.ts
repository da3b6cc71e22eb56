import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintBpmn, readLintConfig } from './bpmn-linter';
import { type FileFindings, formatFile, formatSummary, totals } from './lint-report';

/**
 * `npm run lint:bpmn [file or folder ...]`: lints the diagrams (by default those in processes/)
 * with `.bpmnlintrc` and exits with 1 when any finding is an error, so CI stops on it.
 */

const DEFAULT_TARGET = fileURLToPath(new URL('../../../processes', import.meta.url));

async function diagramFiles(target: string): Promise<string[]> {
  if (!(await stat(target)).isDirectory()) return [target];
  const names = (await readdir(target)).filter((name) => name.endsWith('.bpmn')).sort();
  return names.map((name) => path.join(target, name));
}

async function main(targets: string[]): Promise<number> {
  const config = await readLintConfig();
  const files = (
    await Promise.all(
      (targets.length > 0 ? targets : [DEFAULT_TARGET]).map((target) => diagramFiles(path.resolve(target))),
    )
  ).flat();
  if (files.length === 0) {
    console.error(`Geen .bpmn-bestanden gevonden in ${targets.join(', ') || DEFAULT_TARGET}.`);
    return 1;
  }
  const results: FileFindings[] = [];
  for (const file of files) {
    results.push({ file, findings: await lintBpmn(await readFile(file, 'utf8'), config) });
  }
  const sum = totals(results);
  process.stdout.write(results.map(formatFile).join('') + formatSummary(sum));
  return sum.errors > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
