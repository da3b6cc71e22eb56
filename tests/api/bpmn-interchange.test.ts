import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DefinitionVersion, Problem } from '../../server/contract/api';
import { useFormCatalogueServer } from '../support/form-catalogue-server';

/**
 * The OMG BPMN Model Interchange Working Group's reference models (CC BY 3.0, see the folder's
 * README.md and LICENSE.txt): diagrams as real modelling tools write them. Deployed on a server
 * with a form catalogue, so the product's rules apply in full. None is a process this product can
 * run as it is; each must be refused with problems that say what and where, quickly, never a 500.
 */
const INTERCHANGE = fileURLToPath(new URL('../fixtures/bpmn-interchange', import.meta.url));

/** Problems about the diagram as a whole; every other problem names its element. */
const DIAGRAM_WIDE = new Set(['no-process', 'multiple-processes']);

type Outcome = { status: 201 } | { status: 400 } | { status: 422; problems: Record<string, number> };

/**
 * Per file: what the deploy answers, and for a refusal how many problems of each rule. Why:
 * - A.*, B.*, C.2.0, C.8.0: every process is marked isExecutable="false" (documentation models);
 * - C.4.0, C.5.0: collaborations of several executable pools;
 * - the rest: ids starting with "_" (process-id), service, send and business-rule tasks
 *   (unsupported-task), user tasks without candidate group or form, conditions that are not
 *   FEEL (condition-not-feel) or in another language (script-condition), timers without a value
 *   or with a non-ISO one, calls to processes that are not deployed. Their timer cycles (R6/P1D,
 *   R1/P5D) repeat at most daily and are accepted.
 */
const EXPECTED: Record<string, Outcome> = {
  'A.1.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'A.2.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'A.2.1.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'A.3.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'A.4.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'A.4.1.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'B.1.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'B.2.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'C.1.0.bpmn': {
    status: 422,
    problems: {
      'process-id': 1,
      'candidate-groups-missing': 4,
      'form-missing': 4,
      'unsupported-task': 1,
      'condition-not-feel': 4,
    },
  },
  'C.1.1.bpmn': {
    status: 422,
    problems: { 'candidate-groups-missing': 4, 'form-missing': 4, 'unsupported-task': 1, 'condition-not-feel': 4 },
  },
  'C.2.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'C.3.0.bpmn': {
    status: 422,
    problems: { 'process-id': 1, 'candidate-groups-missing': 4, 'form-missing': 4, 'condition-not-feel': 1 },
  },
  'C.4.0.bpmn': { status: 422, problems: { 'multiple-processes': 1 } },
  'C.5.0.bpmn': { status: 422, problems: { 'multiple-processes': 1 } },
  'C.6.0.bpmn': { status: 422, problems: { 'process-id': 1, 'timer-missing': 2, 'unsupported-task': 12 } },
  'C.7.0.bpmn': {
    status: 422,
    problems: { 'process-id': 1, 'candidate-groups-missing': 3, 'form-missing': 3, 'unsupported-task': 3 },
  },
  'C.8.0.bpmn': { status: 422, problems: { 'no-process': 1 } },
  'C.8.1.bpmn': {
    status: 422,
    problems: { 'unsupported-task': 8, 'candidate-groups-missing': 1, 'form-missing': 1, 'script-condition': 3 },
  },
  'C.9.0.bpmn': {
    status: 422,
    problems: { 'candidate-groups-missing': 1, 'form-missing': 1, 'unsupported-task': 8, 'called-element-unknown': 1 },
  },
  'C.9.1.bpmn': {
    status: 422,
    problems: { 'unsupported-task': 2, 'candidate-groups-missing': 1, 'form-missing': 1 },
  },
  'C.9.2.bpmn': {
    status: 422,
    problems: {
      'candidate-groups-missing': 3,
      'form-missing': 3,
      'called-element-unknown': 1,
      'unsupported-task': 1,
    },
  },
};

describe('deploying the BPMN interchange reference models', () => {
  const app = useFormCatalogueServer();

  it('has an expectation for every model in the folder', async () => {
    const files = (await readdir(INTERCHANGE)).filter((file) => file.endsWith('.bpmn')).sort();

    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))(
    'answers %s as expected, within a second, with specific problems',
    async (file, expected) => {
      const xml = await readFile(`${INTERCHANGE}/${file}`, 'utf8');

      const started = performance.now();
      const response = await app.eigenaar.request('POST', '/api/definitions', xml, 'application/xml');
      const body = (await response.json()) as Problem;
      const ms = performance.now() - started;

      expect(response.status).toBe(expected.status);
      expect(ms).toBeLessThan(1000);
      if (expected.status === 201) return;
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(body.detail).toEqual(expect.any(String));
      if (expected.status !== 422) return;
      const counts: Record<string, number> = {};
      for (const problem of body.problems ?? []) counts[problem.code] = (counts[problem.code] ?? 0) + 1;
      expect(counts).toEqual(expected.problems);
      for (const problem of body.problems ?? []) {
        expect(problem.message.length).toBeGreaterThan(10);
        if (DIAGRAM_WIDE.has(problem.code)) continue;
        // Element-specific: it names an element that is really in the file.
        expect(problem.elementId, `${problem.code} names its element`).toEqual(expect.any(String));
        expect(xml).toContain(`id="${problem.elementId}"`);
      }
    },
  );

  it('deployed none of them and still serves', async () => {
    expect((await fetch(`${app.server.baseUrl}/api/health`)).status).toBe(200);
    const definitions = await app.eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true');
    expect(definitions).toEqual([]);
  });
});
