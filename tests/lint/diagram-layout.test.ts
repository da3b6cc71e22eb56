import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../server/definitions/bpmn-parser';
import { PROJECT_ROOT } from '../support/process';
import { type LayoutProblems, layoutProblems } from './layout-checks';

const PROCESSES = path.join(PROJECT_ROOT, 'processes');
const files = (await readdir(PROCESSES)).filter((name) => name.endsWith('.bpmn')).sort();

async function problemsOf(xml: string): Promise<LayoutProblems> {
  return layoutProblems((await parseBpmn(xml)).rootElement);
}

describe.each(files)('the layout of processes/%s', (file) => {
  const problems = readFile(path.join(PROCESSES, file), 'utf8').then(problemsOf);

  it('given the diagram, when its DI is read, then every flow node has a shape and every sequence flow an edge', async () => {
    expect((await problems).missingDi).toEqual([]);
  });

  it('given the shapes, when compared pairwise, then no two overlap except a boundary event on its host', async () => {
    expect((await problems).overlappingShapes).toEqual([]);
  });

  it('given the labels, when compared with the shapes, then no label lies over another element', async () => {
    expect((await problems).labelsOverShapes).toEqual([]);
  });

  it('given the edges, when their waypoints are read, then each has at least two and starts and ends at its source and target', async () => {
    expect((await problems).edgeEnds).toEqual([]);
  });
});

describe('the layout checks themselves', () => {
  const BROKEN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="Start" name="Start" />
    <bpmn:userTask id="Task_A" name="A" />
    <bpmn:userTask id="Task_B" name="B" />
    <bpmn:boundaryEvent id="Timer_A" attachedToRef="Task_A"><bpmn:timerEventDefinition /></bpmn:boundaryEvent>
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_A" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_A" targetRef="Task_B" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_B" targetRef="End" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="p">
    <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="100" y="100" width="36" height="36" /><bpmndi:BPMNLabel><dc:Bounds x="120" y="110" width="100" height="14" /></bpmndi:BPMNLabel></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Task_A_di" bpmnElement="Task_A"><dc:Bounds x="200" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Timer_A_di" bpmnElement="Timer_A"><dc:Bounds x="232" y="140" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="Task_B_di" bpmnElement="Task_B"><dc:Bounds x="280" y="78" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="136" y="118" /><di:waypoint x="250" y="118" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="300" y="118" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

  it('given a diagram with every kind of layout fault, when checked, then each fault names the elements involved', async () => {
    expect(await problemsOf(BROKEN)).toEqual({
      missingDi: ['End (EndEvent) has no BPMNShape', 'Flow_3 (SequenceFlow) has no BPMNEdge'],
      overlappingShapes: [
        'Task_A (UserTask "A") [x=200 y=78 w=100 h=80] overlaps Task_B (UserTask "B") [x=280 y=78 w=100 h=80]',
      ],
      labelsOverShapes: [
        'the label of Start (StartEvent "Start") [x=120 y=110 w=100 h=14] overlaps Task_A (UserTask "A") [x=200 y=78 w=100 h=80]',
      ],
      edgeEnds: [
        'Flow_1 (SequenceFlow) ends at (250,118), 40px from its target Task_A (UserTask "A") [x=200 y=78 w=100 h=80]',
        'Flow_2 (SequenceFlow) has 1 waypoint(s); an edge needs at least 2',
      ],
    });
  });
});
