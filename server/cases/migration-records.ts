import type { ProcessModel } from '../definitions/process-model';
import type { CaseDocument, InstanceRecord } from '../store/store';

/**
 * The case's own records of an instance that moves to another version follow the element mapping:
 * its open tasks, its timers, the call activities its children answer to and the time each active
 * element became active. The path so far keeps only what the new diagram has: the live diagram and
 * the statistics of the new version draw it; the old path stays in the history.
 */
export function followMapping(
  document: CaseDocument,
  instance: InstanceRecord,
  rename: (elementId: string) => string,
  model: ProcessModel,
): void {
  for (const task of Object.values(document.tasks)) {
    if (task.instanceId === instance.id && task.state === 'open') task.elementId = rename(task.elementId);
  }
  for (const timer of Object.values(document.timers)) {
    if (timer.instanceId === instance.id) timer.elementId = rename(timer.elementId);
  }
  for (const childId of instance.childIds) {
    const call = document.instances[childId]?.parentCall;
    if (call) call.elementId = rename(call.elementId);
  }
  if (instance.activeSince) {
    instance.activeSince = Object.fromEntries(
      Object.entries(instance.activeSince).map(([elementId, since]) => [rename(elementId), since]),
    );
  }
  instance.completedElementIds = [...new Set(instance.completedElementIds.map(rename))].filter((id) =>
    model.elements.has(id),
  );
  instance.takenFlowIds = instance.takenFlowIds.filter((id) => model.elements.has(id));
}

/** The engine recovered onto the new version does not stand where the instance stood. */
export class MigrationMismatch extends Error {
  constructor(
    readonly expected: string[],
    readonly actual: string[],
  ) {
    super(
      `after recovery on the new version the instance waits at [${actual.join(', ')}], expected [${expected.join(', ')}]`,
    );
    this.name = 'MigrationMismatch';
  }
}
