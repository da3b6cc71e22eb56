import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lintBpmn, PROJECT_LINT_CONFIG, readLintConfig } from '../../server/definitions/lint/bpmn-linter';
import { PROJECT_ROOT } from '../support/process';

/** A tiny diagram that every rule of .bpmnlintrc accepts: start, one user task, end, with DI. */
const GOOD = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_Goed" targetNamespace="https://casusregie.nl/test">
  <bpmn:process id="goed" isExecutable="true">
    <bpmn:startEvent id="Start" name="Aangemeld"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="Task_Triage" name="Triage" camunda:candidateGroups="slt-medewerker" camunda:formKey="triage" camunda:dueDate="=werkdagen(2)">
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="End" name="Getrieerd"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Triage" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Triage" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_Goed">
    <bpmndi:BPMNPlane id="Plane_Goed" bpmnElement="goed">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Task_Triage_di" bpmnElement="Task_Triage"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="360" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="136" y="118" /><di:waypoint x="200" y="118" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="300" y="118" /><di:waypoint x="360" y="118" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

/** The same diagram with a bpmnlint problem (an unnamed task) and a project problem (no form). */
const BAD = GOOD.replace('name="Triage" ', '').replace(' camunda:formKey="triage"', '');

describe('the bpmn linter with .bpmnlintrc', () => {
  it('given the repository, when .bpmnlintrc is read, then it extends bpmnlint:recommended and the casusregie plugin', async () => {
    expect(await readLintConfig()).toEqual({ extends: ['bpmnlint:recommended', 'plugin:casusregie/recommended'] });
    // The server's deploy check uses the same rules as the file.
    expect(await readLintConfig()).toEqual(PROJECT_LINT_CONFIG);
  });

  it('given a small complete diagram, when linted, then neither bpmnlint nor the project rules find anything', async () => {
    expect(await lintBpmn(GOOD)).toEqual([]);
  });

  it('given a diagram with an unnamed task without form, when linted, then both the recommended and the project rule name the task', async () => {
    expect(await lintBpmn(BAD)).toEqual([
      { elementId: 'Task_Triage', rule: 'label-required', category: 'error', message: 'Element is missing label/name' },
      expect.objectContaining({ elementId: 'Task_Triage', rule: 'casusregie/user-task-form', category: 'error' }),
    ]);
  });

  it('given a misspelt attribute the parser cannot read, when linted, then it is an import error naming the element', async () => {
    const findings = await lintBpmn(
      GOOD.replace('<bpmn:startEvent id="Start"', '<bpmn:startEvent id="Start" bpmn:nme="x"'),
    );
    expect(findings[0]).toMatchObject({ elementId: 'Start', rule: 'import', category: 'error' });
  });

  it('given bpmnlint:all, when linted, then the resolver serves every bpmnlint rule without a rule error', async () => {
    const findings = await lintBpmn(GOOD, { extends: 'bpmnlint:all' });
    expect(findings.filter((finding) => finding.category === 'rule-error')).toEqual([]);
  });
});

describe('npm run lint:bpmn', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'casusregie-lint-'));
    await writeFile(path.join(folder, 'goed.bpmn'), GOOD);
    await writeFile(path.join(folder, 'fout.bpmn'), BAD);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  const run = (...args: string[]) =>
    new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/definitions/lint/cli.ts', ...args], {
        cwd: PROJECT_ROOT,
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('error', reject);
      child.once('exit', (code) => resolve({ code, output }));
    });

  it('given a folder with a bad diagram, when the CLI lints it, then it prints the findings under that file and exits with 1', async () => {
    const { code, output } = await run(folder);
    expect(output).toContain(path.join(folder, 'fout.bpmn'));
    expect(output).not.toContain(path.join(folder, 'goed.bpmn'));
    expect(output).toMatch(/^ {2}Task_Triage +error +Element is missing label\/name +label-required$/m);
    expect(output).toMatch(/^ {2}Task_Triage +error +Gebruikerstaak .* casusregie\/user-task-form$/m);
    expect(output).toContain('✖ 2 problems (2 errors, 0 warnings)');
    expect(code).toBe(1);
  });

  it('given only good diagrams, when the CLI lints them, then it prints nothing and exits with 0', async () => {
    const { code, output } = await run(path.join(folder, 'goed.bpmn'));
    expect({ code, output }).toEqual({ code: 0, output: '' });
  });
});
