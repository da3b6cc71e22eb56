import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Problem } from '../../server/contract/api';
import { useFormCatalogueServer } from '../support/form-catalogue-server';

/**
 * Shapes written by other modelling tools that once crashed the deploy with a 500 inside the
 * engine's serializer (issue 10, point 6). Each is deployed, or refused with problems that name
 * the element and the rule: never a 5xx.
 */
const FOREIGN = fileURLToPath(new URL('../fixtures/foreign-bpmn', import.meta.url));

type Outcome = { status: 201 } | { status: 422; problems: Array<{ elementId: string; code: string }> };

const EXPECTED: Record<string, Outcome> = {
  // An empty lane set means no lanes: nothing to refuse.
  'EmptyLaneSet.process.bpmn': { status: 201 },
  'EmptyLaneSet.child-lane-set.bpmn': { status: 201 },
  'MessageFlow.into-sub-process.bpmn': {
    status: 422,
    problems: [{ elementId: 'Bericht_naar_binnen', code: 'message-flow-unsupported' }],
  },
  'MessageFlow.black-box-pool.bpmn': {
    status: 422,
    problems: [{ elementId: 'Bericht_naar_gemeente', code: 'message-flow-unsupported' }],
  },
  'Property.item-subject-ref.bpmn': {
    status: 422,
    problems: [{ elementId: 'Eigenschap', code: 'process-property-unsupported' }],
  },
};

describe('deploying BPMN shapes written by other modelling tools', () => {
  const app = useFormCatalogueServer();

  it('has an expectation for every shape in the folder', async () => {
    const files = (await readdir(FOREIGN)).filter((file) => file.endsWith('.bpmn')).sort();

    expect(files).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('answers %s with its outcome, never a 5xx', async (file, expected) => {
    const xml = await readFile(`${FOREIGN}/${file}`, 'utf8');

    const response = await app.eigenaar.request('POST', '/api/definitions', xml, 'application/xml');

    expect(response.status).toBe(expected.status);
    if (expected.status !== 422) return;
    const problem = (await response.json()) as Problem;
    expect(problem.problems).toEqual(
      expected.problems.map((item) => ({ ...item, message: expect.stringMatching(/\w{10,}/) })),
    );
    for (const item of expected.problems) expect(xml).toContain(`id="${item.elementId}"`);
  });

  it('still serves afterwards', async () => {
    expect((await fetch(`${app.server.baseUrl}/api/health`)).status).toBe(200);
  });
});
