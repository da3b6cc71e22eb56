import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../server/definitions/bpmn-parser';
import { EngineHost } from '../../server/engine/engine-host';
import type { EngineEvent } from '../../server/engine/engine-types';
import { TestClock } from '../../server/time/clock';

/**
 * What migration relies on in bpmn-engine / bpmn-elements, pinned so that an upgrade that changes
 * it shows here first: a saved state recovers onto another version's source by element id; a
 * state whose element the new version lacks is skipped silently (the instance would hang), which
 * is why the server checks where an instance stands before and after.
 */

const diagram = (
  definitionsId: string,
  taskId: string,
  taskName: string,
  withTimer = false,
) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${definitionsId}" targetNamespace="http://casusregie.nl/tests">
  <bpmn:process id="herstel" isExecutable="true">
    <bpmn:startEvent id="Start" />
    <bpmn:sequenceFlow id="Flow_Start" sourceRef="Start" targetRef="${taskId}" />
    <bpmn:userTask id="${taskId}" name="${taskName}" camunda:candidateGroups="procesregisseur" />${
      withTimer
        ? `
    <bpmn:boundaryEvent id="Timer_${taskId}" attachedToRef="${taskId}" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>P5D</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_Timer" sourceRef="Timer_${taskId}" targetRef="End_Timer" />
    <bpmn:endEvent id="End_Timer" />`
        : ''
    }
    <bpmn:sequenceFlow id="Flow_Task" sourceRef="${taskId}" targetRef="End" />
    <bpmn:endEvent id="End" />
  </bpmn:process>
</bpmn:definitions>`;

function first<K extends EngineEvent['kind']>(events: EngineEvent[], kind: K): Extract<EngineEvent, { kind: K }> {
  const found = events.find((event): event is Extract<EngineEvent, { kind: K }> => event.kind === kind);
  if (!found) throw new Error(`no ${kind} event among ${events.map((event) => event.kind).join(', ')}`);
  return found;
}

async function compiled(host: EngineHost, xml: string) {
  return host.compile('herstel', await parseBpmn(xml));
}

describe('re-targeting an engine state at another version', () => {
  const host = new EngineHost(new TestClock(0));

  it('recovers a waiting task onto a renamed element, with its execution id and its timer due time', async () => {
    const v1 = await compiled(host, diagram('Definitions_1', 'Task_Oud', 'Oud', true));
    const v2 = await compiled(host, diagram('Definitions_2', 'Task_Nieuw', 'Nieuw', true));
    const started: EngineEvent[] = [];
    const live = await host.start(v1, {}, (event) => started.push(event));
    const waiting = first(started, 'task-waiting');
    const timer = first(started, 'timer-set');
    const snapshot = await live.snapshot();
    live.stop();

    const recovered: EngineEvent[] = [];
    const state = host.retarget(
      snapshot,
      v2,
      new Map([
        ['Task_Oud', 'Task_Nieuw'],
        ['Timer_Task_Oud', 'Timer_Task_Nieuw'],
      ]),
    );
    const moved = await host.recover(v2, state, (event) => recovered.push(event));

    expect(moved.activeElementIds().sort()).toEqual(['Task_Nieuw', 'Timer_Task_Nieuw']);
    expect(recovered).toContainEqual(
      expect.objectContaining({ kind: 'task-waiting', elementId: 'Task_Nieuw', executionId: waiting.executionId }),
    );
    expect(recovered).toContainEqual({
      kind: 'timer-set',
      timerId: timer.timerId,
      elementId: 'Timer_Task_Nieuw',
      dueAt: timer.dueAt,
    });
    // The original is untouched: the stored state stays valid for the old version.
    expect(JSON.stringify(snapshot)).toContain('Task_Oud');
    expect(JSON.stringify(snapshot)).not.toContain('Task_Nieuw');

    // And it runs on along the new version.
    moved.signal('Task_Nieuw', waiting.executionId, {});
    expect(recovered).toContainEqual(expect.objectContaining({ kind: 'element-completed', elementId: 'Task_Nieuw' }));
    expect(recovered).toContainEqual({ kind: 'ended' });
  });

  it('leaves an instance running at nothing when its waiting element is missing: the server must check', async () => {
    const v1 = await compiled(host, diagram('Definitions_1', 'Task_Oud', 'Oud'));
    const v2 = await compiled(host, diagram('Definitions_2', 'Task_Nieuw', 'Nieuw'));
    const live = await host.start(v1, {}, () => {});
    const snapshot = await live.snapshot();
    live.stop();

    const lost = await host.recover(v2, host.retarget(snapshot, v2, new Map()), () => {});

    expect(lost.activeElementIds()).toEqual([]);
    expect((await lost.snapshot()).state).toBe('running');
  });

  it('needs the definitions id of the new version: a snapshot not re-targeted does not recover', async () => {
    const v1 = await compiled(host, diagram('Definitions_1', 'Task_Oud', 'Oud'));
    const v2 = await compiled(host, diagram('Definitions_2', 'Task_Oud', 'Oud'));
    const live = await host.start(v1, {}, () => {});
    const snapshot = await live.snapshot();
    live.stop();

    await expect(host.recover(v2, structuredClone(snapshot), () => {})).rejects.toThrow();
    const recovered = await host.recover(v2, host.retarget(snapshot, v2, new Map()), () => {});
    expect(recovered.activeElementIds()).toEqual(['Task_Oud']);
  });

  it('leaves variables alone, even where they hold a renamed element id', async () => {
    const v1 = await compiled(host, diagram('Definitions_1', 'Task_Oud', 'Oud'));
    const v2 = await compiled(host, diagram('Definitions_2', 'Task_Nieuw', 'Nieuw'));
    const live = await host.start(v1, { id: 'Task_Oud', lijst: [{ id: 'Task_Oud' }] }, () => {});
    const snapshot = await live.snapshot();
    live.stop();

    const state = host.retarget(snapshot, v2, new Map([['Task_Oud', 'Task_Nieuw']]));

    const definition = (state.definitions as Array<{ environment: { variables: unknown } }>)[0]!;
    expect(definition.environment.variables).toEqual({ id: 'Task_Oud', lijst: [{ id: 'Task_Oud' }] });
  });
});
