import { describe, expect, it } from 'vitest';
import type { Problem, StartInstanceResponse } from '../../server/contract/api';
import { useFormCatalogueServer } from '../support/form-catalogue-server';
import { doublingFeelForXml } from '../support/hostile-feel';

/**
 * Diagrams a process owner could deploy that would hang or crash the server (issue 10, point 4):
 * each is refused at deploy with a problem naming the element and the rule, or, where only the
 * running case knows the value, bounded when it runs, and the server stays healthy.
 */

const OPEN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_h" targetNamespace="http://casusregie.nl/tests">`;
const TASK = 'camunda:candidateGroups="procesregisseur" camunda:formKey="intake"';

/** Start, one user task (with extra attributes and content), end. */
function withTask(key: string, attributes = '', content = ''): string {
  return `${OPEN}
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Taak" />
    <bpmn:userTask id="Taak" name="Taak" ${TASK} ${attributes} />
    ${content}
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Taak" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

/** A user task with a non-interrupting boundary timer cycle. */
function cycling(key: string, cycle: string): string {
  return withTask(
    key,
    '',
    `<bpmn:boundaryEvent id="Herinnering" attachedToRef="Taak" cancelActivity="false">
      <bpmn:timerEventDefinition id="Timer_1"><bpmn:timeCycle>${cycle}</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Herinnering" targetRef="Herinnerd" />
    <bpmn:endEvent id="Herinnerd" />`,
  );
}

/** A start, an exclusive gateway with a condition on one way, and a user task on both. */
function conditional(key: string, condition: string): string {
  return `${OPEN}
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Keuze" />
    <bpmn:exclusiveGateway id="Keuze" default="Flow_Anders" />
    <bpmn:sequenceFlow id="Flow_Ja" sourceRef="Keuze" targetRef="Taak">
      <bpmn:conditionExpression>${condition}</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_Anders" sourceRef="Keuze" targetRef="Taak" />
    <bpmn:userTask id="Taak" ${TASK} />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Taak" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
}

const doubling = (times: number) => `=${doublingFeelForXml(times)}`;

const HANG_GUARD_MS = 5000;

describe('hostile diagrams', () => {
  const app = useFormCatalogueServer();

  async function timed(work: () => Promise<Response>): Promise<Response> {
    const started = performance.now();
    const response = await work();
    await response.clone().arrayBuffer();
    expect(performance.now() - started).toBeLessThan(HANG_GUARD_MS);
    return response;
  }

  const deploy = (xml: string) => timed(() => app.eigenaar.request('POST', '/api/definitions', xml, 'application/xml'));

  async function refused(xml: string): Promise<Problem> {
    const response = await deploy(xml);
    expect(response.status).toBe(422);
    return (await response.json()) as Problem;
  }

  /** The server answers, and a fresh case of a harmless diagram runs to its first task. */
  async function stillHealthy(): Promise<void> {
    expect((await fetch(`${app.server.baseUrl}/api/health`)).status).toBe(200);
    const key = `gezond-${Math.random().toString(36).slice(2, 8)}`;
    expect((await deploy(withTask(key))).status).toBe(201);
    const started = await app.regisseur.post<StartInstanceResponse>('/api/instances', {
      definitionKey: key,
      team: 'slt-breda-noord',
    });
    const instance = await app.regisseur.get<{ activeElementIds: string[] }>(`/api/instances/${started.id}`);
    expect(instance.activeElementIds).toEqual(['Taak']);
  }

  it('refuses a non-interrupting timer cycle of R/PT0S, literal or as constant FEEL, naming the timer', async () => {
    for (const cycle of ['R/PT0S', '=&quot;R/PT0S&quot;', 'R/PT30S']) {
      const problem = await refused(cycling(`cyclus-${cycle.length}`, cycle));

      expect(problem.problems).toEqual([
        expect.objectContaining({
          elementId: 'Herinnering',
          code: 'timer-cycle-invalid',
          message: expect.stringContaining('korter dan een minuut'),
        }),
      ]);
    }
    await stillHealthy();
  });

  it('deploys a daily reminder cycle', async () => {
    expect((await deploy(cycling('cyclus-dagelijks', 'R/P1D'))).status).toBe(201);
  });

  it('bounds a timer cycle that only the case knows: R/PT0S from a variable fails that case, quickly', async () => {
    expect((await deploy(cycling('cyclus-variabel', '=cyclus'))).status).toBe(201);

    const response = await timed(() =>
      app.regisseur.request('POST', '/api/instances', {
        definitionKey: 'cyclus-variabel',
        team: 'slt-breda-noord',
        variables: { cyclus: 'R/PT0S' },
      }),
    );

    expect(response.status).toBeLessThan(500);
    await stillHealthy();
  });

  it('refuses a condition over a literal range of a hundred million values, naming the flow', async () => {
    const problem = await refused(conditional('bereik', '=count(for i in 1..100000000 return i) &gt; 0'));

    expect(problem.problems).toEqual([
      expect.objectContaining({
        elementId: 'Flow_Ja',
        code: 'feel-unbounded',
        message: expect.stringContaining('1..100000000'),
      }),
    ]);
  });

  it('bounds a condition whose range comes from a variable: the start is refused quickly with 422 naming it, and the server serves', async () => {
    expect((await deploy(conditional('bereik-variabel', '=count(for i in 1..n return i) &gt; 0'))).status).toBe(201);

    const response = await timed(() =>
      app.regisseur.request('POST', '/api/instances', {
        definitionKey: 'bereik-variabel',
        team: 'slt-breda-noord',
        variables: { n: 100_000_000 },
      }),
    );

    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    expect(problem.problems?.[0]).toMatchObject({
      code: 'feel-limit',
      message: expect.stringContaining('count(for i in 1..n return i) > 0'),
    });
    await stillHealthy();
  });

  it('refuses to start a case whose task priority builds a 200 MB string, with 422 naming the expression', async () => {
    expect((await deploy(withTask('prioriteit', `camunda:priority="${doubling(21)}"`))).status).toBe(201);

    const response = await timed(() =>
      app.regisseur.request('POST', '/api/instances', { definitionKey: 'prioriteit', team: 'slt-breda-noord' }),
    );

    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    expect(problem.problems?.[0]).toMatchObject({ code: 'feel-limit', message: expect.stringContaining('s0: "xxx') });
    await stillHealthy();
  });

  it('refuses a call activity that calls its own process, naming it', async () => {
    const xml = `${OPEN}
  <bpmn:process id="zelfaanroep" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Opnieuw" />
    <bpmn:callActivity id="Opnieuw" calledElement="zelfaanroep" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Opnieuw" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

    const problem = await refused(xml);

    expect(problem.problems).toEqual([expect.objectContaining({ elementId: 'Opnieuw', code: 'called-element-self' })]);
    await stillHealthy();
  });

  it('refuses a call activity whose called process calls this one back, naming the call and the chain, and the caller keeps working', async () => {
    const calling = (key: string, called: string) => `${OPEN}
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Roep" />
    <bpmn:callActivity id="Roep" calledElement="${called}" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Roep" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;
    // Given a process kring-a that calls kring-b, which waits at a user task
    expect((await deploy(withTask('kring-b'))).status).toBe(201);
    expect((await deploy(calling('kring-a', 'kring-b'))).status).toBe(201);

    // When a new version of kring-b would call kring-a back
    const problem = await refused(calling('kring-b', 'kring-a'));

    // Then it is refused naming the call and the chain that would start cases without end
    expect(problem.problems).toEqual([
      expect.objectContaining({
        elementId: 'Roep',
        code: 'called-element-cycle',
        message: expect.stringContaining('kring-b → kring-a → kring-b'),
      }),
    ]);
    // And a case of kring-a still reaches the task of kring-b, quickly
    const started = await timed(() =>
      app.regisseur.request('POST', '/api/instances', { definitionKey: 'kring-a', team: 'slt-breda-noord' }),
    );
    expect(started.status).toBe(201);
    const tasks = await app.regisseur.get<Array<{ elementId: string }>>(
      `/api/tasks?caseId=${((await started.json()) as StartInstanceResponse).caseId}`,
    );
    expect(tasks.map((task) => task.elementId)).toEqual(['Taak']);
    await stillHealthy();
  });

  it('refuses a loop of sequence flows without a wait state, naming the loop', async () => {
    const xml = `${OPEN}
  <bpmn:process id="rondje" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Samen" />
    <bpmn:exclusiveGateway id="Samen" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Samen" targetRef="Stap" />
    <bpmn:task id="Stap" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Stap" targetRef="Samen" />
  </bpmn:process>
</bpmn:definitions>`;

    const problem = await refused(xml);

    expect(problem.problems).toEqual([
      expect.objectContaining({
        elementId: 'Samen',
        code: 'loop-without-wait-state',
        message: expect.stringContaining('Samen → Stap → Samen'),
      }),
    ]);
    await stillHealthy();
  });

  it('deploys a loop that passes a user task', async () => {
    const xml = `${OPEN}
  <bpmn:process id="rondje-met-taak" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Samen" />
    <bpmn:exclusiveGateway id="Samen" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Samen" targetRef="Taak" />
    <bpmn:userTask id="Taak" ${TASK} />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Taak" targetRef="Keuze" />
    <bpmn:exclusiveGateway id="Keuze" default="Flow_Klaar" />
    <bpmn:sequenceFlow id="Flow_Terug" sourceRef="Keuze" targetRef="Samen">
      <bpmn:conditionExpression>=opmerking = "opnieuw"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_Klaar" sourceRef="Keuze" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

    expect((await deploy(xml)).status).toBe(201);
  });
});
