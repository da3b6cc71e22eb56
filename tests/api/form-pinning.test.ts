import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DefinitionVersion,
  DeployResult,
  FormSchema,
  FormVersion,
  MigrationResult,
  Problem,
  StartForm,
  StartInstanceResponse,
  Task,
  TaskDetail,
} from '../../server/contract/api';
import { useFormCatalogueServer } from '../support/form-catalogue-server';
import { PROJECT_ROOT } from '../support/process';
import { ApiClient, removeDataDir, startServer, type TestServer } from '../support/server';

const TEAM = 'slt-breda-noord';

/** A form-js schema with one text field per key (optional, so an empty submission passes). */
function formSchema(key: string, fields: string[]): FormSchema {
  return {
    type: 'default',
    id: key,
    schemaVersion: 19,
    components: fields.map((field) => ({
      type: 'textfield',
      id: `Field_${field}`,
      key: field,
      label: `Veld ${field}`,
    })),
  };
}

/** A diagram: a start event (with a start form if given), one user task with `formKey`, and an end. */
function diagram(key: string, formKey: string, startFormKey?: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_${key}" targetNamespace="http://casusregie.nl/tests/pinning">
  <bpmn:process id="${key}" name="Vastgepind ${key}" isExecutable="true">
    <bpmn:startEvent id="Start" name="Aangemeld"${startFormKey ? ` camunda:formKey="${startFormKey}"` : ''} />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Huisbezoek" />
    <bpmn:userTask id="Task_Huisbezoek" name="Huisbezoek afleggen" camunda:candidateGroups="procesregisseur" camunda:formKey="${formKey}" />
    <bpmn:sequenceFlow id="Flow_Klaar" sourceRef="Task_Huisbezoek" targetRef="End" />
    <bpmn:endEvent id="End" name="Klaar" />
  </bpmn:process>
</bpmn:definitions>
`;
}

/** The keys of a form's fields, as the worklist shows them. */
function fieldKeys(form: FormSchema | null | undefined): string[] {
  const components = form?.components;
  if (!Array.isArray(components)) return [];
  return components.flatMap((component) =>
    typeof component === 'object' &&
    component !== null &&
    !Array.isArray(component) &&
    typeof component.key === 'string'
      ? [component.key]
      : [],
  );
}

describe('forms pinned with their diagram version', () => {
  const app = useFormCatalogueServer();
  let made = 0;
  const unique = (prefix: string) => `${prefix}-${++made}-${Math.random().toString(36).slice(2, 6)}`;

  const deploy = async (xml: string): Promise<{ status: number; body: DeployResult }> => {
    const response = await app.eigenaar.request('POST', '/api/definitions', xml, 'application/xml');
    return { status: response.status, body: (await response.json()) as DeployResult };
  };
  const saveForm = async (schema: FormSchema): Promise<{ key: string; version: number }> => {
    const response = await app.eigenaar.request('POST', '/api/forms?note=test', schema);
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { key: string; version: number };
  };
  const versionOf = async (key: string, version: number) =>
    (await app.eigenaar.get<DefinitionVersion[]>('/api/definitions?all=true')).find(
      (candidate) => candidate.key === key && candidate.version === version,
    );
  const startCase = (key: string, variables: Record<string, unknown> = {}) =>
    app.regisseur.post<StartInstanceResponse>('/api/instances', { definitionKey: key, team: TEAM, variables });
  const openTask = async (caseId: string): Promise<TaskDetail> => {
    const tasks = await app.regisseur.get<Task[]>(`/api/tasks?caseId=${caseId}`);
    const task = tasks.find((candidate) => candidate.elementId === 'Task_Huisbezoek');
    if (!task) throw new Error(`no open Huisbezoek task in ${caseId}`);
    return app.regisseur.get<TaskDetail>(`/api/tasks/${task.id}`);
  };
  const complete = async (taskId: string, variables: Record<string, unknown>) => {
    await app.regisseur.request('POST', `/api/tasks/${taskId}/claim`);
    return app.regisseur.request('POST', `/api/tasks/${taskId}/complete`, { variables });
  };

  it('keeps a running case on its form after a form change and a redeploy; a new case gets the new form', async () => {
    const formKey = unique('huisbezoek');
    const startKey = unique('aanmelding');
    const key = unique('pinning');
    expect((await saveForm(formSchema(formKey, ['verslag']))).version).toBe(1);
    expect((await saveForm(formSchema(startKey, ['bron']))).version).toBe(1);

    const first = await deploy(diagram(key, formKey, startKey));
    expect(first.status).toBe(201);
    expect((await versionOf(key, 1))?.forms).toEqual({ [formKey]: 1, [startKey]: 1 });
    const running = await startCase(key, { bron: 'school' });

    // The process owner adds a field to both forms.
    expect((await saveForm(formSchema(formKey, ['verslag', 'risico']))).version).toBe(2);
    expect((await saveForm(formSchema(startKey, ['bron', 'telefoon']))).version).toBe(2);

    // Until the diagram is deployed again, everything still uses the forms of version 1.
    const startFormBefore = await app.regisseur.get<StartForm>(`/api/definitions/${key}/start-form`);
    expect(fieldKeys(startFormBefore.form)).toEqual(['bron']);
    const refused = await app.regisseur.request('POST', '/api/instances', {
      definitionKey: key,
      team: TEAM,
      variables: { bron: 'school', telefoon: '0612345678' },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).problems).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'variables.telefoon', code: 'unknown-field' })]),
    );

    // The same XML with newer forms is a new diagram version; again the same is not.
    const second = await deploy(diagram(key, formKey, startKey));
    expect(second).toMatchObject({ status: 201, body: { key, version: 2 } });
    expect((await versionOf(key, 2))?.forms).toEqual({ [formKey]: 2, [startKey]: 2 });
    expect(await deploy(diagram(key, formKey, startKey))).toMatchObject({ status: 200, body: { version: 2 } });
    // The form's versions say which diagram versions use them.
    const formVersions = await app.eigenaar.get<FormVersion[]>(`/api/forms/${formKey}/versions`);
    expect(formVersions.map(({ version, usedBy }) => ({ version, usedBy }))).toEqual([
      { version: 1, usedBy: [{ definitionKey: key, version: 1 }] },
      { version: 2, usedBy: [{ definitionKey: key, version: 2 }] },
    ]);

    // The running case keeps version 1 of the task's form: the new field is not on it, nor accepted.
    const oldTask = await openTask(running.caseId);
    expect(fieldKeys(oldTask.form)).toEqual(['verslag']);
    const oldRefused = await complete(oldTask.id, { verslag: 'Thuis gesproken', risico: 'laag' });
    expect(oldRefused.status).toBe(400);
    expect(((await oldRefused.json()) as Problem).problems).toEqual([
      expect.objectContaining({ path: 'variables.risico', code: 'unknown-field' }),
    ]);
    expect((await complete(oldTask.id, { verslag: 'Thuis gesproken' })).status).toBe(200);

    // A new case starts on version 2: the new start form and the new task form.
    const startForm = await app.regisseur.get<StartForm>(`/api/definitions/${key}/start-form`);
    expect(startForm).toMatchObject({ key, version: 2, formKey: startKey });
    expect(fieldKeys(startForm.form)).toEqual(['bron', 'telefoon']);
    const fresh = await startCase(key, { bron: 'huisarts', telefoon: '0612345678' });
    const newTask = await openTask(fresh.caseId);
    expect(fieldKeys(newTask.form)).toEqual(['verslag', 'risico']);
    expect((await complete(newTask.id, { verslag: 'Op school gesproken', risico: 'laag' })).status).toBe(200);
  });

  it('gives a migrated case the forms of the version it moves to', async () => {
    const formKey = unique('huisbezoek');
    const key = unique('pinning-migratie');
    await saveForm(formSchema(formKey, ['verslag']));
    expect((await deploy(diagram(key, formKey))).status).toBe(201);
    const running = await startCase(key);
    await saveForm(formSchema(formKey, ['verslag', 'vervolgafspraak']));
    expect((await deploy(diagram(key, formKey))).body.version).toBe(2);
    expect(fieldKeys((await openTask(running.caseId)).form)).toEqual(['verslag']);

    const moved = await app.eigenaar.post<MigrationResult[]>(`/api/definitions/${key}/migrations`, {
      fromVersion: 1,
      toVersion: 2,
      instanceIds: [running.id],
    });
    expect(moved).toEqual([expect.objectContaining({ instanceId: running.id, migrated: true })]);

    const task = await openTask(running.caseId);
    expect(fieldKeys(task.form)).toEqual(['verslag', 'vervolgafspraak']);
    expect((await complete(task.id, { verslag: 'Gesproken', vervolgafspraak: 'over twee weken' })).status).toBe(200);
  });

  it('refuses a diagram whose task names a form that has no version, naming the task', async () => {
    const key = unique('pinning-zonder-formulier');
    const response = await app.eigenaar.request(
      'POST',
      '/api/definitions',
      diagram(key, 'bestaat-nergens'),
      'application/xml',
    );
    expect(response.status).toBe(422);
    expect(((await response.json()) as Problem).problems).toEqual([
      expect.objectContaining({
        elementId: 'Task_Huisbezoek',
        code: 'form-unknown',
        message: expect.stringContaining('bestaat-nergens'),
      }),
    ]);
    const keys = (await app.eigenaar.get<DefinitionVersion[]>('/api/definitions')).map((version) => version.key);
    expect(keys).not.toContain(key);
  });

  it('warns, naming variable and flow, when a condition reads what no form of the diagram sets', async () => {
    const formKey = unique('huisbezoek');
    const key = unique('pinning-voorwaarde');
    await saveForm(formSchema(formKey, ['verslag']));
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="Definitions_${key}" targetNamespace="http://casusregie.nl/tests/pinning">
  <bpmn:process id="${key}" name="Voorwaarde" isExecutable="true">
    <bpmn:startEvent id="Start" name="Aangemeld" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="Task_Huisbezoek" />
    <bpmn:userTask id="Task_Huisbezoek" name="Huisbezoek afleggen" camunda:candidateGroups="procesregisseur" camunda:formKey="${formKey}">
      <bpmn:extensionElements>
        <camunda:inputOutput><camunda:outputParameter name="bezocht">=true</camunda:outputParameter></camunda:inputOutput>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_NaarKeuze" sourceRef="Task_Huisbezoek" targetRef="Gateway_Zorg" />
    <bpmn:exclusiveGateway id="Gateway_Zorg" name="Zorgen?" default="Flow_Geen" />
    <bpmn:sequenceFlow id="Flow_Zorgen" name="zorgen" sourceRef="Gateway_Zorg" targetRef="End_Zorgen">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=zorgenGemeld = true and verslag != null and bezocht</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="Flow_Geen" sourceRef="Gateway_Zorg" targetRef="End_Geen" />
    <bpmn:endEvent id="End_Zorgen" name="Zorgen gemeld" />
    <bpmn:endEvent id="End_Geen" name="Geen zorgen" />
  </bpmn:process>
</bpmn:definitions>
`;
    const { status, body } = await deploy(xml);
    expect(status).toBe(201);
    // Only the variable nothing sets: verslag comes from the form, bezocht from the output parameter.
    expect(body.warnings.filter((warning) => warning.code === 'variable-not-set')).toEqual([
      {
        elementId: 'Flow_Zorgen',
        code: 'variable-not-set',
        message: expect.stringMatching(/Flow_Zorgen.*"zorgenGemeld"/),
      },
    ]);

    // Once the form sets it, the warning is gone.
    await saveForm(formSchema(formKey, ['verslag', 'zorgenGemeld']));
    const again = await deploy(xml);
    expect(again).toMatchObject({ status: 201, body: { version: 2 } });
    expect(again.body.warnings.filter((warning) => warning.code === 'variable-not-set')).toEqual([]);
  });
});

describe('the product diagrams and their forms', () => {
  const processesDir = path.join(PROJECT_ROOT, 'processes');
  let server: TestServer;
  let eigenaar: ApiClient;

  beforeAll(async () => {
    server = await startServer({ processesDir });
    eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
  });
  afterAll(async () => {
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  it('deploy without variable-not-set warnings, each version pinning every form it names', async () => {
    const files = readdirSync(processesDir).filter((file) => file.endsWith('.bpmn'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const versions = await eigenaar.get<DefinitionVersion[]>('/api/definitions');
    for (const file of files) {
      const xml = readFileSync(path.join(processesDir, file), 'utf8');
      const response = await eigenaar.request('POST', '/api/definitions', xml, 'application/xml');
      // Deployed at start-up with the same forms: the same version again.
      expect(response.status, file).toBe(200);
      const result = (await response.json()) as DeployResult;
      expect(
        result.warnings.filter((warning) => warning.code === 'variable-not-set'),
        file,
      ).toEqual([]);
      const named = new Set([...xml.matchAll(/camunda:formKey="([^"]+)"/g)].map((match) => match[1]));
      const pinned = versions.find((version) => version.key === result.key)?.forms ?? {};
      expect(new Set(Object.keys(pinned)), file).toEqual(named);
    }
  });
});

describe('a product form file changed between two starts', () => {
  // Two starts on the product processes: on PostgreSQL, with other runs on the machine, longer than the default.
  it('gives each diagram that names it a new version pinning the new form, and leaves the others', {
    timeout: 120_000,
  }, async () => {
    const processesDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-processes-'));
    await cp(path.join(PROJECT_ROOT, 'processes'), processesDir, { recursive: true });
    let server = await startServer({ processesDir });
    try {
      let eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');
      const before = await eigenaar.get<DefinitionVersion[]>('/api/definitions');
      const toeleiding = before.find((version) => version.key === 'toeleiding')!;
      expect(toeleiding.forms?.triage).toBe(1);

      // A developer adds an optional field to the triage form and the server starts again.
      const file = path.join(processesDir, 'forms', 'triage.form.json');
      const triage = JSON.parse(await readFile(file, 'utf8')) as { components: unknown[] };
      triage.components.push({
        type: 'textfield',
        id: 'Field_bronVermelding',
        key: 'bronVermelding',
        label: 'Bronvermelding',
      });
      await writeFile(file, JSON.stringify(triage, null, 2));
      await server.stop();
      server = await startServer({ processesDir, dataDir: server.dataDir });
      eigenaar = await ApiClient.login(server.baseUrl, 'eigenaar');

      const after = await eigenaar.get<DefinitionVersion[]>('/api/definitions');
      const next = after.find((version) => version.key === 'toeleiding')!;
      expect(next).toMatchObject({ version: toeleiding.version + 1, sha256: toeleiding.sha256 });
      expect(next.forms).toEqual({ ...toeleiding.forms, triage: 2 });
      for (const other of before.filter((version) => version.key !== 'toeleiding')) {
        expect(after.find((version) => version.key === other.key)?.version, other.key).toBe(other.version);
      }
    } finally {
      await server.stop();
      await removeDataDir(server.dataDir);
      await rm(processesDir, { recursive: true, force: true });
    }
  });
});
