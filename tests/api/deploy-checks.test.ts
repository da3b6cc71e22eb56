import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { DefinitionVersion, DeployResult, Problem } from '../../server/contract/api';
import { DEMO_USERS } from '../../server/demo/seed';
import { useFormCatalogueServer } from '../support/form-catalogue-server';
import { ApiClient, removeDataDir, startServer } from '../support/server';

/** A deployable diagram; `task` replaces the attributes of its one user task. */
function diagram(
  key: string,
  task = 'camunda:candidateGroups="procesregisseur" camunda:formKey="intake"',
  start = '',
): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="${key}" name="Controle ${key}" isExecutable="true">
    <bpmn:startEvent id="Start" name="Start" ${start} />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Intake" />
    <bpmn:userTask id="Task_Intake" name="Intake" ${task} />
    <bpmn:sequenceFlow id="Flow_Intake" sourceRef="Task_Intake" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;
}

const BPMN_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_x" targetNamespace="http://casusregie.nl/tests">';

/**
 * Quickly: hostile input is refused before it costs anything. A hang guard, not a timing
 * assertion: at 1 s it failed on a 2-core machine shared with other test runs.
 */
const QUICK_MS = 2_000;

describe('deploy checks', () => {
  const app = useFormCatalogueServer();

  const deploy = (client: ApiClient, xml: string, query = '') =>
    client.request('POST', `/api/definitions${query}`, xml, 'application/xml');

  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem;
    expect(problem).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
    return problem;
  }

  /** The server answers and still deploys a good diagram: hostile input did no harm. */
  async function stillServing(): Promise<void> {
    expect((await fetch(`${app.server.baseUrl}/api/health`)).status).toBe(200);
    const key = `nog-gezond-${Math.random().toString(36).slice(2, 8)}`;
    expect((await deploy(app.eigenaar, diagram(key))).status).toBe(201);
  }

  async function timed(work: () => Promise<Response>): Promise<{ response: Response; ms: number }> {
    const started = performance.now();
    const response = await work();
    await response.clone().arrayBuffer();
    return { response, ms: performance.now() - started };
  }

  describe('who may deploy', () => {
    it('refuses a deploy by every role but proceseigenaar with 403 and deploys nothing', async () => {
      const others = DEMO_USERS.filter((user) => !user.roles.includes('proceseigenaar'));
      expect(others.length).toBeGreaterThan(5);

      for (const user of others) {
        const client = await ApiClient.login(app.server.baseUrl, user.id);
        await problemOf(await deploy(client, diagram('uitrol-niet-door-anderen')), 403);
      }

      const keys = (await app.eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true')).map(
        (definition) => definition.key,
      );
      expect(keys).not.toContain('uitrol-niet-door-anderen');
    });

    it('refuses a deploy without a login with 401', async () => {
      const anonymous = new ApiClient(app.server.baseUrl);
      await problemOf(await deploy(anonymous, diagram('uitrol-anoniem')), 401);
    });
  });

  describe('safeguards', () => {
    it('refuses a version of plaatsingscoördinatie whose Plaatsingsbesluit was renamed, since that would drop the check for an MDO and an analysis', async () => {
      const original = readFileSync('processes/plaatsingscoordinatie.bpmn', 'utf8');
      const renamed = original.replaceAll('Task_Plaatsingsbesluit', 'Task_BesluitOverPlaatsing');
      // This server's form catalogue lacks the product's forms, so both versions get other findings too.
      const codesOf = async (xml: string) =>
        ((await (await deploy(app.eigenaar, xml)).json()) as Problem).problems?.map((item) => item.code) ?? [];
      expect(await codesOf(original)).not.toContain('guarded-step-missing');

      const problem = await problemOf(await deploy(app.eigenaar, renamed), 422);

      expect(problem.problems).toContainEqual({
        elementId: 'Task_Plaatsingsbesluit',
        code: 'guarded-step-missing',
        message: expect.stringContaining('waarborg'),
      });
    });
  });

  describe('forms', () => {
    it('deploys a diagram whose user task names a form that exists', async () => {
      const response = await deploy(app.eigenaar, diagram('formulier-bestaat'));

      expect(response.status).toBe(201);
    });

    it('refuses a user task without a form with 422 naming the task and the rule', async () => {
      const problem = await problemOf(
        await deploy(app.eigenaar, diagram('formulier-ontbreekt', 'camunda:candidateGroups="procesregisseur"')),
        422,
      );

      expect(problem.problems).toEqual([
        { elementId: 'Task_Intake', code: 'form-missing', message: expect.stringContaining('formulier') },
      ]);
    });

    it('refuses a user task whose form does not exist, and a start event whose form does not exist, naming each', async () => {
      const xml = diagram(
        'formulier-onbekend',
        'camunda:candidateGroups="procesregisseur" camunda:formKey="bestaat-niet"',
        'camunda:formKey="aanmelding-kwijt"',
      );

      const problem = await problemOf(await deploy(app.eigenaar, xml), 422);

      expect(problem.problems).toEqual([
        {
          elementId: 'Start',
          code: 'form-unknown',
          message: expect.stringContaining('"aanmelding-kwijt" bestaat niet'),
        },
        {
          elementId: 'Task_Intake',
          code: 'form-unknown',
          message: expect.stringContaining('"bestaat-niet" bestaat niet'),
        },
      ]);
    });

    it('keeps the existing checks next to the form rule: every problem is named by element and rule', async () => {
      const problem = await problemOf(
        await deploy(app.eigenaar, diagram('geen-groep', 'camunda:formKey="intake" camunda:dueDate="over vijf dagen"')),
        422,
      );

      expect(problem.problems).toEqual([
        expect.objectContaining({ elementId: 'Task_Intake', code: 'candidate-groups-missing' }),
        expect.objectContaining({ elementId: 'Task_Intake', code: 'temporal-invalid' }),
      ]);
    });

    it('does not apply the form rule on a server without a form folder; a missing form is a warning there', async () => {
      // The engine's fixture processes have no forms/ folder (see DefinitionRegistry.deployParsed).
      const bare = await startServer();
      try {
        const owner = await ApiClient.login(bare.baseUrl, 'eigenaar');
        const response = await deploy(owner, diagram('zonder-catalogus', 'camunda:candidateGroups="procesregisseur"'));

        expect(response.status).toBe(201);
        const result = (await response.json()) as DeployResult;
        expect(result.warnings).toContainEqual(
          expect.objectContaining({ elementId: 'Task_Intake', code: expect.stringContaining('user-task-form') }),
        );
      } finally {
        await bare.stop();
        await removeDataDir(bare.dataDir);
      }
    });
  });

  describe('hostile XML', () => {
    it('refuses an entity expansion ("billion laughs") quickly with 400 naming the DOCTYPE', async () => {
      const entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
      for (let level = 1; level < 10; level++)
        entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
      const xml = `<?xml version="1.0"?><!DOCTYPE bpmn:definitions [${entities.join('')}]>${BPMN_OPEN}<bpmn:process id="lachen" name="&lol9;" /></bpmn:definitions>`;

      const { response, ms } = await timed(() => deploy(app.eigenaar, xml));

      const problem = await problemOf(response, 400);
      expect(problem.problems).toEqual([{ code: 'xml-doctype', message: expect.stringContaining('DOCTYPE') }]);
      expect(ms).toBeLessThan(QUICK_MS);
      await stillServing();
    });

    it('refuses an external entity, and any DOCTYPE at all, with 400', async () => {
      const external = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${BPMN_OPEN}<bpmn:process id="xxe" name="&xxe;" /></bpmn:definitions>`;
      const plain = `<?xml version="1.0"?><!DOCTYPE bpmn:definitions>${diagram('met-doctype').replace(/^<\?xml[^>]*\?>/, '')}`;

      for (const xml of [external, plain]) {
        const { response, ms } = await timed(() => deploy(app.eigenaar, xml));
        expect((await problemOf(response, 400)).problems).toEqual([expect.objectContaining({ code: 'xml-doctype' })]);
        expect(ms).toBeLessThan(QUICK_MS);
      }
      const keys = (await app.eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true')).map(
        (definition) => definition.key,
      );
      expect(keys).not.toContain('met-doctype');
      await stillServing();
    });

    it('refuses 100,000 nested elements with 400 before the parser recurses into them', async () => {
      const depth = 100_000;
      const xml = `${BPMN_OPEN}<bpmn:process id="diep">${'<bpmn:documentation>'.repeat(depth)}${'</bpmn:documentation>'.repeat(depth)}</bpmn:process></bpmn:definitions>`;

      const { response, ms } = await timed(() => deploy(app.eigenaar, xml));

      expect((await problemOf(response, 400)).problems).toEqual([expect.objectContaining({ code: 'xml-too-deep' })]);
      expect(ms).toBeLessThan(QUICK_MS);
      await stillServing();
    });

    it('refuses a diagram of more elements than any real one with 400', async () => {
      const xml = `${BPMN_OPEN}<bpmn:process id="breed" isExecutable="true">${'<bpmn:task />'.repeat(50_000)}</bpmn:process></bpmn:definitions>`;

      const { response, ms } = await timed(() => deploy(app.eigenaar, xml));

      expect((await problemOf(response, 400)).problems).toEqual([
        expect.objectContaining({ code: 'xml-too-many-elements' }),
      ]);
      expect(ms).toBeLessThan(QUICK_MS);
      await stillServing();
    });

    it('refuses a 50 MB upload with 413 problem details, not 500', async () => {
      const xml = `${BPMN_OPEN}<bpmn:process id="groot"><bpmn:documentation>${'x'.repeat(50 * 1024 * 1024)}</bpmn:documentation></bpmn:process></bpmn:definitions>`;

      const { response, ms } = await timed(() => deploy(app.eigenaar, xml));

      const problem = await problemOf(response, 413);
      expect(problem.detail).toMatch(/te groot/);
      expect(ms).toBeLessThan(QUICK_MS * 3);
      await stillServing();
    });

    it('never answers 500 to unreadable or half XML', async () => {
      const bodies = [
        '<',
        '<!',
        '<!--',
        '<![CDATA[',
        `${BPMN_OPEN}<bpmn:process id="p" name="a > b"`,
        `${BPMN_OPEN}<bpmn:process id="p"><<<</bpmn:process></bpmn:definitions>`,
        `${BPMN_OPEN}</bpmn:process></bpmn:process></bpmn:definitions>`,
        `${BPMN_OPEN}<bpmn:process id="p">&onbekend;<bpmn:process></bpmn:definitions>`,
        '\u0000\u0001\u0002',
      ];

      for (const body of bodies) {
        const response = await deploy(app.eigenaar, body);
        expect([400, 422], `answer to ${JSON.stringify(body.slice(-40))}`).toContain(response.status);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      await stillServing();
    });
  });
});
