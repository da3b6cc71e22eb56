import { describe, expect, it } from 'vitest';
import type {
  DeployResult,
  HistoryEntry,
  InstanceDetail,
  MigrationCheck,
  MigrationResult,
  Problem,
  StartInstanceResponse,
  Task,
} from '../../server/contract/api';
import { useFormCatalogueServer } from '../support/form-catalogue-server';
import { ApiClient } from '../support/server';

const header = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"`;

const task = (id: string, name: string, form: string) =>
  `<bpmn:userTask id="${id}" name="${name}" camunda:candidateGroups="procesregisseur" camunda:formKey="${form}" />`;

/** A reminder after five days that does not interrupt the task (it ends a branch of its own). */
const reminder = (timerId: string, taskId: string) => `
    <bpmn:boundaryEvent id="${timerId}" name="Herinnering" attachedToRef="${taskId}" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_Herinnering" sourceRef="${timerId}" targetRef="End_Herinnering" />
    <bpmn:endEvent id="End_Herinnering" name="Herinnerd" />`;

/** Version 1: an intake with a reminder, then the end. */
const v1 = (key: string) => `${header} id="Definitions_v1" targetNamespace="http://casusregie.nl/tests/migratie">
  <bpmn:process id="${key}" name="Migratietest" isExecutable="true">
    <bpmn:startEvent id="Start" name="Aangemeld" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Intake" />
    ${task('Task_Intake', 'Intake', 'intake')}${reminder('Timer_Intake', 'Task_Intake')}
    <bpmn:sequenceFlow id="Flow_Intake" sourceRef="Task_Intake" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;

/** Version 2: a check after the intake (another definitions id, as a modeler may write it). */
const v2 = (key: string) => `${header} id="Definitions_v2" targetNamespace="http://casusregie.nl/tests/migratie">
  <bpmn:process id="${key}" name="Migratietest" isExecutable="true">
    <bpmn:startEvent id="Start" name="Aangemeld" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Intake" />
    ${task('Task_Intake', 'Intake', 'intake')}${reminder('Timer_Intake', 'Task_Intake')}
    <bpmn:sequenceFlow id="Flow_Intake" sourceRef="Task_Intake" targetRef="Task_Controle" />
    ${task('Task_Controle', 'Controle', 'controle')}
    <bpmn:sequenceFlow id="Flow_Controle" sourceRef="Task_Controle" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;

/** Version 3: the intake is gone. */
const v3 = (key: string) => `${header} id="Definitions_v3" targetNamespace="http://casusregie.nl/tests/migratie">
  <bpmn:process id="${key}" name="Migratietest" isExecutable="true">
    <bpmn:startEvent id="Start" name="Aangemeld" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Controle" />
    ${task('Task_Controle', 'Controle', 'controle')}
    <bpmn:sequenceFlow id="Flow_Controle" sourceRef="Task_Controle" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;

/** Version 4: the intake renamed to an aanmelding with its own form, and a closing step after it. */
const v4 = (key: string) => `${header} id="Definitions_v4" targetNamespace="http://casusregie.nl/tests/migratie">
  <bpmn:process id="${key}" name="Migratietest" isExecutable="true">
    <bpmn:startEvent id="Start" name="Aangemeld" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Aanmelding" />
    ${task('Task_Aanmelding', 'Aanmelding beoordelen', 'afronden')}${reminder('Timer_Aanmelding', 'Task_Aanmelding')}
    <bpmn:sequenceFlow id="Flow_Aanmelding" sourceRef="Task_Aanmelding" targetRef="Task_Afronden" />
    ${task('Task_Afronden', 'Afronden', 'afronden')}
    <bpmn:sequenceFlow id="Flow_Afronden" sourceRef="Task_Afronden" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;

/** Version 5: version 1 plus an escalation timer on the intake. */
const v5 = (key: string) =>
  v1(key)
    .replace('Definitions_v1', 'Definitions_v5')
    .replace(
      '<bpmn:endEvent id="End" name="Klaar" />',
      `<bpmn:endEvent id="End" name="Klaar" />
    <bpmn:boundaryEvent id="Timer_Escalatie" name="Escalatie" attachedToRef="Task_Intake" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P10D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_Escalatie" sourceRef="Timer_Escalatie" targetRef="End_Escalatie" />
    <bpmn:endEvent id="End_Escalatie" name="Geëscaleerd" />`,
    );

describe('migrating running instances to a newer version', () => {
  const app = useFormCatalogueServer();

  async function deploy(xml: string): Promise<DeployResult> {
    const response = await app.eigenaar.request('POST', '/api/definitions', xml, 'application/xml');
    if (response.status !== 201) throw new Error(`deploy answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as DeployResult;
  }

  /**
   * A process of its own per test: version 1 is deployed now, so the cases the test starts run on
   * it; `later()` then deploys versions 2 to 5.
   */
  let processes = 0;
  async function givenProcess(): Promise<{ key: string; later: () => Promise<void> }> {
    const key = `migratie-${++processes}`;
    expect(await deploy(v1(key))).toMatchObject({ key, version: 1 });
    return {
      key,
      later: async () => {
        expect((await deploy(v2(key))).version).toBe(2);
        expect((await deploy(v3(key))).version).toBe(3);
        expect((await deploy(v4(key))).version).toBe(4);
        expect((await deploy(v5(key))).version).toBe(5);
      },
    };
  }

  const startCase = (key: string) =>
    app.regisseur.post<StartInstanceResponse>('/api/instances', { definitionKey: key, team: 'slt-breda-noord' });
  const instance = (id: string) => app.regisseur.get<InstanceDetail>(`/api/instances/${id}`);
  const history = (id: string) => app.regisseur.get<HistoryEntry[]>(`/api/instances/${id}/history`);
  const dryRun = (key: string, body: unknown) =>
    app.eigenaar.post<MigrationCheck[]>(`/api/definitions/${key}/migrations/dry-run`, body);
  const migrate = (key: string, body: unknown) =>
    app.eigenaar.post<MigrationResult[]>(`/api/definitions/${key}/migrations`, body);

  async function problemOf(response: Response, status: number): Promise<Problem> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await response.json()) as Problem;
  }

  async function openTask(caseId: string, elementId: string): Promise<Task> {
    const tasks = await app.regisseur.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    const found = tasks.find((candidate) => candidate.elementId === elementId);
    if (!found) throw new Error(`no open task ${elementId} in ${caseId}: ${tasks.map((t) => t.elementId).join(', ')}`);
    return found;
  }

  it('keeps a running case on the version it started on when a new version is deployed', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);

    await later();

    expect((await instance(started.id)).version).toBe(1);
    await app.regisseur.completeTask(started.caseId, 'Task_Intake');
    expect((await instance(started.id)).state).toBe('completed');
  });

  it('reports per case in a dry run whether it can move and why not, and changes nothing', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    await later();

    const toV2 = await dryRun(key, { fromVersion: 1, toVersion: 2, instanceIds: [started.id, 'bestaat-niet'] });
    const toV3 = await dryRun(key, { fromVersion: 1, toVersion: 3, instanceIds: [started.id] });

    expect(toV2).toEqual([
      {
        instanceId: started.id,
        caseId: started.caseId,
        canMigrate: true,
        reasons: [],
        waitingAt: expect.arrayContaining(['Task_Intake', 'Timer_Intake']),
        warnings: [],
      },
      {
        instanceId: 'bestaat-niet',
        canMigrate: false,
        reasons: [expect.objectContaining({ code: 'instance-unknown' })],
        waitingAt: [],
        warnings: [],
      },
    ]);
    expect(toV3).toEqual([
      expect.objectContaining({
        instanceId: started.id,
        caseId: started.caseId,
        canMigrate: false,
        reasons: expect.arrayContaining([
          {
            elementId: 'Task_Intake',
            code: 'element-removed',
            message: expect.stringContaining('versie 3 heeft die stap niet meer'),
          },
          expect.objectContaining({ elementId: 'Timer_Intake', code: 'element-removed' }),
        ]),
      }),
    ]);
    // A boundary event the new version adds to the waiting task does not stop the move, but is said.
    expect(await dryRun(key, { fromVersion: 1, toVersion: 5, instanceIds: [started.id] })).toEqual([
      expect.objectContaining({
        canMigrate: true,
        warnings: [expect.objectContaining({ elementId: 'Timer_Escalatie', code: 'boundary-not-armed' })],
      }),
    ]);
    // Without instance ids, a dry run checks every active case on the old version: how a process
    // owner, who sees no cases, finds them.
    const all = await dryRun(key, { fromVersion: 1, toVersion: 2 });
    expect(all.map((check) => check.instanceId)).toContain(started.id);
    expect(all.every((check) => check.waitingAt.length > 0)).toBe(true);
    expect((await instance(started.id)).version).toBe(1);
    expect((await history(started.id)).map((entry) => entry.type)).not.toContain('instance.migrated');
  });

  it('moves a case waiting at a task the new version still has; it is completed there and follows the new flow', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    const intake = await openTask(started.caseId, 'Task_Intake');
    await app.regisseur.post(`/api/tasks/${intake.id}/claim`);
    await later();

    const results = await migrate(key, { fromVersion: 1, toVersion: 2, instanceIds: [started.id] });

    expect(results).toEqual([
      expect.objectContaining({
        instanceId: started.id,
        caseId: started.caseId,
        canMigrate: true,
        migrated: true,
        reasons: [],
      }),
    ]);
    const moved = await instance(started.id);
    expect(moved).toMatchObject({
      version: 2,
      state: 'active',
      activeElementIds: expect.arrayContaining(['Task_Intake', 'Timer_Intake']),
    });
    expect(await (await app.regisseur.request('GET', `/api/instances/${started.id}/xml`)).text()).toBe(v2(key));
    // The same task, still held by whoever claimed it.
    expect(await openTask(started.caseId, 'Task_Intake')).toMatchObject({
      id: intake.id,
      assignee: 'regisseur',
      formKey: 'intake',
    });
    const migrated = (await history(started.id)).filter((entry) => entry.type === 'instance.migrated');
    expect(migrated).toEqual([
      expect.objectContaining({ actor: 'eigenaar', data: { vanVersie: 1, naarVersie: 2, mapping: {} } }),
    ]);

    await app.regisseur.post(`/api/tasks/${intake.id}/complete`, { variables: { opmerking: 'intake gedaan' } });

    // Version 2's flow: on to the check that version 1 did not have.
    expect((await instance(started.id)).activeElementIds).toEqual(['Task_Controle']);
    await app.regisseur.completeTask(started.caseId, 'Task_Controle');
    const ended = await instance(started.id);
    expect(ended.state).toBe('completed');
    expect(ended.completedElementIds).toEqual(expect.arrayContaining(['Task_Intake', 'Task_Controle', 'End']));
    expect(ended.variables).toMatchObject({ opmerking: expect.any(String) });
  });

  it('refuses to move a case whose step the new version removed, with the reason, and leaves it intact on its version', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    await later();
    const before = await instance(started.id);

    const results = await migrate(key, { fromVersion: 1, toVersion: 3, instanceIds: [started.id] });

    expect(results).toEqual([
      expect.objectContaining({
        instanceId: started.id,
        migrated: false,
        canMigrate: false,
        reasons: expect.arrayContaining([
          expect.objectContaining({ elementId: 'Task_Intake', code: 'element-removed' }),
        ]),
      }),
    ]);
    expect(await instance(started.id)).toEqual(before);
    expect((await history(started.id)).map((entry) => entry.type)).not.toContain('instance.migrated');
    // Still completable where it stands, on version 1, whose flow ends after the intake.
    await app.regisseur.completeTask(started.caseId, 'Task_Intake');
    expect(await instance(started.id)).toMatchObject({ version: 1, state: 'completed' });
  });

  it('moves the cases that can move and reports the others in one request', async () => {
    const { key, later } = await givenProcess();
    const movable = await startCase(key);
    const finished = await startCase(key);
    await app.regisseur.completeTask(finished.caseId, 'Task_Intake');
    await later();

    const results = await migrate(key, { fromVersion: 1, toVersion: 2, instanceIds: [movable.id, finished.id] });

    expect(
      results.map((result) => [result.instanceId, result.migrated, result.reasons.map((reason) => reason.code)]),
    ).toEqual([
      [movable.id, true, []],
      [finished.id, false, ['not-active']],
    ]);
    // Moving it again from version 1 finds it on version 2 already.
    const again = await migrate(key, { fromVersion: 1, toVersion: 2, instanceIds: [movable.id] });
    expect(again).toEqual([
      expect.objectContaining({ migrated: false, reasons: [expect.objectContaining({ code: 'version-mismatch' })] }),
    ]);
  });

  it('keeps the due time of a waiting timer through the migration, and fires it then', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    const scheduled = (await history(started.id)).find(
      (entry) => entry.type === 'timer.scheduled' && entry.elementId === 'Timer_Intake',
    );
    const dueAt = scheduled?.data?.dueAt;
    expect(typeof dueAt).toBe('string');
    await app.regisseur.post('/api/test/clock', { advance: 'P2D' });
    await later();

    await migrate(key, { fromVersion: 1, toVersion: 2, instanceIds: [started.id] });

    const afterMigration = await history(started.id);
    expect(afterMigration.filter((entry) => entry.type === 'timer.scheduled')).toHaveLength(1);
    expect(afterMigration.map((entry) => entry.type)).not.toContain('timer.cancelled');
    // Two days later (four after the start) it has not fired; past the five days it has, at its old due time.
    await app.regisseur.post('/api/test/clock', { advance: 'P2D' });
    expect((await history(started.id)).map((entry) => entry.type)).not.toContain('timer.fired');
    await app.regisseur.post('/api/test/clock', { advance: 'P2D' });
    const fired = (await history(started.id)).filter((entry) => entry.type === 'timer.fired');
    expect(fired).toEqual([expect.objectContaining({ elementId: 'Timer_Intake', data: { dueAt } })]);
    expect((await instance(started.id)).completedElementIds).toContain('End_Herinnering');
    // The reminder did not interrupt the task, which still leads on to version 2's check.
    await app.regisseur.completeTask(started.caseId, 'Task_Intake');
    expect((await instance(started.id)).activeElementIds).toEqual(['Task_Controle']);
  });

  it('moves a case onto renamed steps with a mapping; its task takes the new name and form', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    const intake = await openTask(started.caseId, 'Task_Intake');
    await later();
    const mapping = { Task_Intake: 'Task_Aanmelding', Timer_Intake: 'Timer_Aanmelding' };

    expect(await dryRun(key, { fromVersion: 1, toVersion: 4, instanceIds: [started.id] })).toEqual([
      expect.objectContaining({
        canMigrate: false,
        reasons: expect.arrayContaining([
          expect.objectContaining({ elementId: 'Task_Intake', code: 'element-removed' }),
        ]),
      }),
    ]);
    const results = await migrate(key, { fromVersion: 1, toVersion: 4, instanceIds: [started.id], mapping });

    expect(results).toEqual([
      expect.objectContaining({ migrated: true, waitingAt: expect.arrayContaining(['Task_Intake', 'Timer_Intake']) }),
    ]);
    expect((await instance(started.id)).activeElementIds.sort()).toEqual(['Task_Aanmelding', 'Timer_Aanmelding']);
    expect(await openTask(started.caseId, 'Task_Aanmelding')).toMatchObject({
      id: intake.id,
      name: 'Aanmelding beoordelen',
      formKey: 'afronden',
    });
    expect((await history(started.id)).find((entry) => entry.type === 'instance.migrated')?.data).toEqual({
      vanVersie: 1,
      naarVersie: 4,
      mapping,
    });

    await app.regisseur.completeTask(started.caseId, 'Task_Aanmelding', { opmerking: 'beoordeeld' });
    expect((await instance(started.id)).activeElementIds).toEqual(['Task_Afronden']);
  });

  it('moves a case waiting at a call activity while its child runs; the child ends into the new version', async () => {
    // Given a parent whose call activity calls a child process, and a case waiting in the child.
    const child = `migratie-kind-${++processes}`;
    const other = `migratie-ander-${processes}`;
    const parent = `migratie-ouder-${processes}`;
    const childDiagram = (
      key: string,
    ) => `${header} id="Definitions_${key}" targetNamespace="http://casusregie.nl/tests/migratie">
  <bpmn:process id="${key}" name="Kind" isExecutable="true">
    <bpmn:startEvent id="Start" name="Gestart" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Kind" />
    ${task('Task_Kind', 'Kindtaak', 'intake')}
    <bpmn:sequenceFlow id="Flow_Kind" sourceRef="Task_Kind" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;
    const parentDiagram = (
      version: string,
      called: string,
      after: boolean,
    ) => `${header} id="Definitions_ouder_${version}" targetNamespace="http://casusregie.nl/tests/migratie">
  <bpmn:process id="${parent}" name="Ouder" isExecutable="true">
    <bpmn:startEvent id="Start" name="Gestart" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Call_Kind" />
    <bpmn:callActivity id="Call_Kind" name="Kind" calledElement="${called}" />
    <bpmn:sequenceFlow id="Flow_Kind" sourceRef="Call_Kind" targetRef="${after ? 'Task_Na' : 'End'}" />${
      after
        ? `
    ${task('Task_Na', 'Na het kind', 'controle')}
    <bpmn:sequenceFlow id="Flow_Na" sourceRef="Task_Na" targetRef="End" />`
        : ''
    }
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;
    await deploy(childDiagram(child));
    await deploy(childDiagram(other));
    await deploy(parentDiagram('v1', child, false));
    const started = await startCase(parent);
    const [childId] = (await instance(started.id)).childIds;
    expect(childId).toBeDefined();
    expect((await deploy(parentDiagram('v2', child, true))).version).toBe(2);
    expect((await deploy(parentDiagram('v3', other, true))).version).toBe(3);

    const toOther = await dryRun(parent, { fromVersion: 1, toVersion: 3, instanceIds: [started.id] });
    const results = await migrate(parent, { fromVersion: 1, toVersion: 2, instanceIds: [started.id] });

    expect(toOther).toEqual([
      expect.objectContaining({
        canMigrate: false,
        reasons: [expect.objectContaining({ elementId: 'Call_Kind', code: 'called-element-changed' })],
      }),
    ]);
    expect(results).toEqual([expect.objectContaining({ migrated: true, waitingAt: ['Call_Kind'] })]);
    expect(await instance(started.id)).toMatchObject({
      version: 2,
      childIds: [childId],
      activeElementIds: ['Call_Kind'],
    });
    // The child runs on as it was; when it ends, the parent goes on along version 2's flow.
    await app.regisseur.completeTask(started.caseId, 'Task_Kind');
    expect((await instance(childId!)).state).toBe('completed');
    expect((await instance(started.id)).activeElementIds).toEqual(['Task_Na']);
  });

  it('keeps a moved case on its new version through a restart, recovered from what was stored', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    await later();
    await migrate(key, { fromVersion: 1, toVersion: 2, instanceIds: [started.id] });

    await app.restart();

    expect(await instance(started.id)).toMatchObject({
      version: 2,
      activeElementIds: expect.arrayContaining(['Task_Intake']),
    });
    await app.regisseur.completeTask(started.caseId, 'Task_Intake');
    expect((await instance(started.id)).activeElementIds).toEqual(['Task_Controle']);
  });

  it('refuses a mapping onto a step the new version does not have with 422 naming the element', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    await later();

    const response = await app.eigenaar.request('POST', `/api/definitions/${key}/migrations`, {
      fromVersion: 1,
      toVersion: 2,
      instanceIds: [started.id],
      mapping: { Task_Intake: 'Task_Bestaat_Niet' },
    });

    const problem = await problemOf(response, 422);
    expect(problem.problems).toEqual([
      expect.objectContaining({ elementId: 'Task_Bestaat_Niet', code: 'mapping-target-unknown' }),
    ]);
    expect((await instance(started.id)).version).toBe(1);
  });

  it('refuses a dry run and a migration by anyone but a process owner with 403', async () => {
    const { key, later } = await givenProcess();
    const started = await startCase(key);
    await later();
    const body = { fromVersion: 1, toVersion: 2, instanceIds: [started.id] };

    await problemOf(await app.regisseur.request('POST', `/api/definitions/${key}/migrations/dry-run`, body), 403);
    await problemOf(await app.regisseur.request('POST', `/api/definitions/${key}/migrations`, body), 403);
    const beheer = await ApiClient.login(app.server.baseUrl, 'beheer');
    await problemOf(await beheer.request('POST', `/api/definitions/${key}/migrations`, body), 403);

    expect((await instance(started.id)).version).toBe(1);
  });

  it('answers a malformed request with 400 per field and an unknown version with 404', async () => {
    const { key, later } = await givenProcess();
    await later();

    const missing = await problemOf(
      await app.eigenaar.request('POST', `/api/definitions/${key}/migrations`, { fromVersion: 1, toVersion: 2 }),
      400,
    );
    expect(missing.problems).toEqual([expect.objectContaining({ path: 'instanceIds' })]);
    const backwards = await problemOf(
      await app.eigenaar.request('POST', `/api/definitions/${key}/migrations/dry-run`, {
        fromVersion: 2,
        toVersion: 1,
      }),
      400,
    );
    expect(backwards.problems).toEqual([expect.objectContaining({ path: 'toVersion', code: 'not-newer' })]);
    await problemOf(
      await app.eigenaar.request('POST', `/api/definitions/${key}/migrations/dry-run`, {
        fromVersion: 1,
        toVersion: 9,
      }),
      404,
    );
    await problemOf(
      await app.eigenaar.request('POST', '/api/definitions/bestaat-niet/migrations/dry-run', {
        fromVersion: 1,
        toVersion: 2,
      }),
      404,
    );
  });
});
