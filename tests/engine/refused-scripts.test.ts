import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../server/definitions/bpmn-parser';
import { validateDefinition } from '../../server/definitions/definition-validator';
import { removeDataDir, startServer } from '../support/server';

const refused = fileURLToPath(new URL('../fixtures/refused', import.meta.url));

async function problemsOf(file: string) {
  const xml = await readFile(path.join(refused, file), 'utf8');
  return validateDefinition(await parseBpmn(xml), new Set()).problems;
}

describe('diagrams that would run code on the server', () => {
  it('refuses a script task, naming the element', async () => {
    expect(await problemsOf('script-task.bpmn')).toEqual([
      expect.objectContaining({ elementId: 'Script_Kwaad', code: 'script-task' }),
    ]);
  });

  it('refuses a JavaScript condition, naming the sequence flow', async () => {
    expect(await problemsOf('javascript-condition.bpmn')).toEqual([
      expect.objectContaining({ elementId: 'Flow_Js', code: 'script-condition' }),
    ]);
  });

  it('refuses listeners, legacy dollar-brace conditions and unparsable FEEL', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
      <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
        <bpmn:process id="p" isExecutable="true">
          <bpmn:startEvent id="Start">
            <bpmn:extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="javascript">process.exit()</camunda:script></camunda:executionListener></bpmn:extensionElements>
          </bpmn:startEvent>
          <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Gateway" />
          <bpmn:exclusiveGateway id="Gateway" />
          <bpmn:sequenceFlow id="Flow_Legacy" sourceRef="Gateway" targetRef="Task"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${x > 5}</bpmn:conditionExpression></bpmn:sequenceFlow>
          <bpmn:sequenceFlow id="Flow_Kapot" sourceRef="Gateway" targetRef="Task"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=x &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
          <bpmn:userTask id="Task" camunda:candidateGroups="procesregisseur" camunda:dueDate="over vijf dagen" />
        </bpmn:process>
      </bpmn:definitions>`;
    const problems = validateDefinition(await parseBpmn(xml), new Set()).problems;
    expect(problems.map((problem) => `${problem.elementId}:${problem.code}`)).toEqual([
      'Start:code-extension',
      'Flow_Legacy:condition-not-feel',
      'Flow_Kapot:feel-syntax',
      'Task:temporal-invalid',
    ]);
  });

  it('does not start a server whose processes folder holds a diagram with code, and names the element', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'casusregie-refused-'));
    await expect(startServer({ processesDir: refused, dataDir })).rejects.toThrow(
      /javascript-condition.bpmn cannot be deployed: Flow_Js script-condition/,
    );
    await removeDataDir(dataDir);
  });
});
