import { describe, expect, it } from 'vitest';
import { checkInstance, type InstanceStanding, planMigration } from '../../server/cases/instance-migration';
import { parseBpmn } from '../../server/definitions/bpmn-parser';
import { type ProcessModel, processModel } from '../../server/definitions/process-model';
import { RuleViolationError } from '../../server/domain/errors';

/**
 * The migration rules on their own, over small diagrams: where an instance stands decides whether
 * it can move (tests/api/migration.test.ts moves real cases through the API).
 */

async function model(body: string): Promise<ProcessModel> {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="regels" isExecutable="true">${body}</bpmn:process>
</bpmn:definitions>`;
  return processModel(await parseBpmn(xml));
}

const timer = (id: string, attachedTo: string) =>
  `<bpmn:boundaryEvent id="${id}" attachedToRef="${attachedTo}"><bpmn:timerEventDefinition><bpmn:timeDuration>P1D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`;

const OLD = `
  <bpmn:startEvent id="Start" />
  <bpmn:sequenceFlow id="Flow_A" sourceRef="Start" targetRef="Split" />
  <bpmn:parallelGateway id="Split" />
  <bpmn:sequenceFlow id="Flow_B1" sourceRef="Split" targetRef="Task_A" />
  <bpmn:sequenceFlow id="Flow_B2" sourceRef="Split" targetRef="Call_Kind" />
  <bpmn:userTask id="Task_A" name="Taak A" />
  ${timer('Timer_A', 'Task_A')}
  <bpmn:callActivity id="Call_Kind" name="Kind" calledElement="kind" />
  <bpmn:sequenceFlow id="Flow_C1" sourceRef="Task_A" targetRef="Join" />
  <bpmn:sequenceFlow id="Flow_C2" sourceRef="Call_Kind" targetRef="Join" />
  <bpmn:parallelGateway id="Join" />
  <bpmn:sequenceFlow id="Flow_D" sourceRef="Join" targetRef="Sub" />
  <bpmn:subProcess id="Sub" name="Sub"><bpmn:userTask id="Task_Binnen" name="Binnen" /></bpmn:subProcess>`;

const standing = (activeElementIds: string[], overrides: Partial<InstanceStanding> = {}): InstanceStanding => ({
  id: 'i-1',
  caseId: 'C-1',
  definitionKey: 'regels',
  version: 1,
  state: 'active',
  activeElementIds,
  ...overrides,
});

async function plan(newBody: string, mapping: Record<string, string> = {}) {
  return planMigration('regels', { fromVersion: 1, toVersion: 2, mapping }, await model(OLD), await model(newBody));
}

const codes = (check: ReturnType<typeof checkInstance>) =>
  check.reasons.map((reason) => `${reason.elementId ?? ''}:${reason.code}`);

describe('migration rules', () => {
  it('lets an instance move when every element it waits at is in the new version as the same kind of element', async () => {
    const check = checkInstance(await plan(OLD), 'i-1', standing(['Task_A', 'Timer_A', 'Call_Kind']));

    expect(check).toEqual({
      instanceId: 'i-1',
      caseId: 'C-1',
      canMigrate: true,
      reasons: [],
      waitingAt: ['Task_A', 'Timer_A', 'Call_Kind'],
      warnings: [],
    });
  });

  it('refuses a waiting task that became another kind of element', async () => {
    const changed = OLD.replace(
      '<bpmn:userTask id="Task_A" name="Taak A" />',
      '<bpmn:manualTask id="Task_A" name="Taak A" />',
    );

    expect(codes(checkInstance(await plan(changed), 'i-1', standing(['Task_A'])))).toEqual([
      'Task_A:element-type-changed',
    ]);
  });

  it('refuses an armed timer that became another kind of event, or hangs on another activity', async () => {
    const message = OLD.replace(
      timer('Timer_A', 'Task_A'),
      '<bpmn:boundaryEvent id="Timer_A" attachedToRef="Task_A"><bpmn:messageEventDefinition /></bpmn:boundaryEvent>',
    );
    const moved = OLD.replace(timer('Timer_A', 'Task_A'), timer('Timer_A', 'Call_Kind'));

    expect(codes(checkInstance(await plan(message), 'i-1', standing(['Task_A', 'Timer_A'])))).toEqual([
      'Timer_A:element-type-changed',
    ]);
    expect(codes(checkInstance(await plan(moved), 'i-1', standing(['Task_A', 'Timer_A'])))).toEqual([
      'Timer_A:boundary-moved',
    ]);
  });

  it('refuses a waiting call activity that calls another process in the new version', async () => {
    const other = OLD.replace('calledElement="kind"', 'calledElement="ander-kind"');

    expect(codes(checkInstance(await plan(other), 'i-1', standing(['Call_Kind'])))).toEqual([
      'Call_Kind:called-element-changed',
    ]);
  });

  it('refuses a waiting join whose incoming flows changed', async () => {
    const rerouted = OLD.replace(
      '<bpmn:sequenceFlow id="Flow_C2" sourceRef="Call_Kind" targetRef="Join" />',
      '<bpmn:sequenceFlow id="Flow_C3" sourceRef="Call_Kind" targetRef="Join" />',
    );

    expect(codes(checkInstance(await plan(rerouted), 'i-1', standing(['Join'])))).toEqual(['Join:join-changed']);
    expect(checkInstance(await plan(OLD), 'i-1', standing(['Join'])).canMigrate).toBe(true);
  });

  it('refuses an instance inside a sub-process', async () => {
    expect(codes(checkInstance(await plan(OLD), 'i-1', standing(['Sub'])))).toEqual(['Sub:inside-subprocess']);
    expect(codes(checkInstance(await plan(OLD), 'i-1', standing(['Task_Binnen'])))).toEqual([
      'Task_Binnen:inside-subprocess',
    ]);
  });

  it('refuses an instance that is not active or not on the old version, and an unknown one', async () => {
    const rules = await plan(OLD);

    expect(codes(checkInstance(rules, 'i-1', standing([], { state: 'completed' })))).toEqual([':not-active']);
    expect(codes(checkInstance(rules, 'i-1', standing(['Task_A'], { version: 3 })))).toEqual([':version-mismatch']);
    expect(codes(checkInstance(rules, 'i-1', standing(['Task_A'], { definitionKey: 'ander' })))).toEqual([
      ':instance-unknown',
    ]);
    expect(codes(checkInstance(rules, 'i-9', undefined))).toEqual([':instance-unknown']);
  });

  it('follows a mapping, and refuses one that names unknown elements or puts two elements on one', async () => {
    const renamed = OLD.replace('id="Task_A"', 'id="Task_Nieuw"')
      .replace('sourceRef="Task_A"', 'sourceRef="Task_Nieuw"')
      .replace('targetRef="Task_A"', 'targetRef="Task_Nieuw"')
      .replace(timer('Timer_A', 'Task_A'), timer('Timer_A', 'Task_Nieuw'));

    expect(codes(checkInstance(await plan(renamed), 'i-1', standing(['Task_A', 'Timer_A'])))).toEqual([
      'Task_A:element-removed',
      'Timer_A:boundary-moved',
    ]);
    expect(
      checkInstance(await plan(renamed, { Task_A: 'Task_Nieuw' }), 'i-1', standing(['Task_A', 'Timer_A'])).canMigrate,
    ).toBe(true);

    const refused = async (mapping: Record<string, string>) => {
      const error = await plan(renamed, mapping).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RuleViolationError);
      return (error as RuleViolationError).problems?.map((problem) => `${problem.elementId}:${problem.code}`);
    };
    expect(await refused({ Bestaat_Niet: 'Task_Nieuw' })).toEqual(['Bestaat_Niet:mapping-source-unknown']);
    expect(await refused({ Task_A: 'Bestaat_Niet' })).toEqual(['Bestaat_Niet:mapping-target-unknown']);
    expect(await refused({ Task_A: 'Task_Nieuw', Start: 'Task_Nieuw' })).toEqual(['Task_Nieuw:mapping-target-twice']);
    expect(await refused({ Task_A: 'Call_Kind' })).toEqual(['Call_Kind:mapping-target-taken']);
    expect(await refused({ Flow_A: 'Flow_B1' })).toEqual(['Flow_A:mapping-source-unknown']);
  });
});
