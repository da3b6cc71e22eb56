import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintBpmn } from '../../server/definitions/lint/bpmn-linter';
import { PROJECT_ROOT } from '../support/process';

const PROCESSES = path.join(PROJECT_ROOT, 'processes');

describe('product diagrams', () => {
  it('the four product diagrams pass the lint', async () => {
    const files = (await readdir(PROCESSES)).filter((name) => name.endsWith('.bpmn')).sort();
    expect(files.length).toBeGreaterThan(0);
    const findings: string[] = [];
    for (const file of files) {
      for (const finding of await lintBpmn(await readFile(path.join(PROCESSES, file), 'utf8'))) {
        findings.push(`${file} ${finding.elementId} ${finding.rule} (${finding.category}): ${finding.message}`);
      }
    }
    // Every finding on one line, so a failure lists all of them for whoever fixes the diagrams.
    expect(findings).toEqual([]);
  });
});
