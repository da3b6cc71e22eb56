import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CaseIndex } from '../../server/cases/case-index';
import { SortedNumbers } from '../../server/cases/element-statistics';
import type { CaseIndexEntry, IndexedInstanceRecord, TaskRecord } from '../../server/store/store';

/**
 * The in-memory indexes hold each case compactly (shared strings and lists, one Task view per
 * open task, what an update added kept to remove it again). These tests check that what they
 * answer depends only on the case's last version: however often and through which versions a
 * case was updated, every list, lookup and statistic is what one update with that version gives.
 */

const ROOT = 'root-instance-1';
const CHILD = 'child-instance-1';

function instance(
  fields: Partial<IndexedInstanceRecord> & Pick<IndexedInstanceRecord, 'id' | 'definitionKey'>,
): IndexedInstanceRecord {
  return {
    caseId: 'C-INDEX01',
    version: 1,
    state: 'active',
    startedAt: '2026-03-01T09:00:00.000Z',
    childIds: [],
    variables: {},
    activeElementIds: [],
    completedElementIds: ['Start'],
    takenFlowIds: [],
    ...fields,
  };
}

function task(fields: Partial<TaskRecord> & Pick<TaskRecord, 'id' | 'instanceId' | 'elementId'>): TaskRecord {
  return {
    caseId: 'C-INDEX01',
    executionId: `${fields.elementId}_exec`,
    name: `Stap ${fields.elementId}`,
    candidateGroups: ['jeugdconsulent'],
    createdAt: '2026-03-01T09:00:00.000Z',
    priority: 50,
    state: 'open',
    ...fields,
  };
}

/** A case through its life: registered, placed with a child process and an incident, closed. */
function versions(): CaseIndexEntry[] {
  const base = {
    caseId: 'C-INDEX01',
    team: 'team-noord',
    createdAt: '2026-03-01T09:00:00.000Z',
    regionalGroups: [] as string[],
    timers: {},
    historySeq: 3,
  };
  const jeugdige = { initialen: 'L.B.', geboortedatum: '2012-05-04' };
  const registered: CaseIndexEntry = {
    ...base,
    instances: {
      [ROOT]: instance({
        id: ROOT,
        definitionKey: 'toeleiding',
        variables: { jeugdige },
        activeElementIds: ['Task_Intake'],
        waitingElementIds: ['Task_Intake'],
        activeSince: { Task_Intake: '2026-03-01T09:00:00.000Z' },
      }),
    },
    tasks: { 'task-1': task({ id: 'task-1', instanceId: ROOT, elementId: 'Task_Intake' }) },
  };
  const placing: CaseIndexEntry = {
    ...base,
    regionalGroups: ['regionaal-plaatser'],
    regisseur: 'regie-1',
    instances: {
      [ROOT]: instance({
        id: ROOT,
        definitionKey: 'toeleiding',
        variables: { jeugdige },
        childIds: [CHILD],
        activeElementIds: ['Call_Plaatsing', 'Timer_Herinnering'],
        waitingElementIds: ['Call_Plaatsing', 'Timer_Herinnering'],
        completedElementIds: ['Start', 'Task_Intake'],
        activeSince: { Call_Plaatsing: '2026-03-02T10:00:00.000Z', Timer_Herinnering: '2026-03-02T10:00:00.000Z' },
      }),
      [CHILD]: instance({
        id: CHILD,
        definitionKey: 'plaatsingscoordinatie',
        version: 2,
        startedAt: '2026-03-02T10:00:00.000Z',
        parentId: ROOT,
        parentCall: { elementId: 'Call_Plaatsing', executionId: 'Call_Plaatsing_exec', outputs: [] },
        activeElementIds: ['Task_Zoeken', 'Task_Overbrugging'],
        waitingElementIds: ['Task_Zoeken', 'Task_Overbrugging'],
      }),
    },
    tasks: {
      'task-1': task({
        id: 'task-1',
        instanceId: ROOT,
        elementId: 'Task_Intake',
        state: 'completed',
        assignee: 'consulent-1',
        completedAt: '2026-03-02T10:00:00.000Z',
        completedBy: 'consulent-1',
      }),
      'task-2': task({
        id: 'task-2',
        instanceId: CHILD,
        elementId: 'Task_Zoeken',
        candidateGroups: ['regionaal-plaatser', 'jeugdconsulent'],
        createdAt: '2026-03-02T10:00:00.000Z',
        dueAt: '2026-03-04T10:00:00.000Z',
        assignee: 'plaatser-1',
      }),
      'task-3': task({
        id: 'task-3',
        instanceId: CHILD,
        elementId: 'Task_Overbrugging',
        createdAt: '2026-03-02T10:00:00.000Z',
        dueAt: '2026-03-20T10:00:00.000Z',
        formKey: 'overbrugging',
      }),
    },
    timers: {
      'timer-1': { id: 'timer-1', instanceId: ROOT, elementId: 'Timer_Herinnering', dueAt: '2026-03-09T10:00:00.000Z' },
    },
    incidents: [
      {
        id: 'incident-1',
        instanceId: ROOT,
        elementId: 'Timer_Herinnering',
        kind: 'timer',
        message: 'De herinnering kon niet worden verstuurd.',
        at: '2026-03-09T10:00:01.000Z',
        attempts: 1,
        state: 'open',
        timerId: 'timer-1',
      },
    ],
  };
  const closed = structuredClone(placing);
  closed.closed = { at: '2026-03-10T10:00:00.000Z', by: 'regie-1', reden: 'Hulp elders gestart' };
  for (const record of Object.values(closed.instances)) {
    record.state = 'cancelled';
    record.endedAt = '2026-03-10T10:00:00.000Z';
    record.activeElementIds = [];
    record.waitingElementIds = [];
  }
  for (const record of Object.values(closed.tasks)) if (record.state === 'open') record.state = 'cancelled';
  for (const incident of closed.incidents ?? []) incident.state = 'resolved';
  return [registered, placing, closed];
}

/** Another open case in the same team and groups, so what one case leaves behind would show. */
function neighbour(): CaseIndexEntry {
  const entry = structuredClone(versions()[1]!);
  const text = JSON.stringify(entry)
    .replaceAll('C-INDEX01', 'C-INDEX02')
    .replaceAll(ROOT, 'root-instance-2')
    .replaceAll(CHILD, 'child-instance-2')
    .replaceAll('task-', 'other-task-')
    .replaceAll('incident-1', 'incident-2');
  return JSON.parse(text) as CaseIndexEntry;
}

/** Everything the index answers about the two cases, as the API would serialise it. */
function answers(index: CaseIndex, now = new Date('2026-03-05T12:00:00.000Z')): unknown {
  const cases = ['C-INDEX01', 'C-INDEX02'];
  const instances = [ROOT, CHILD, 'root-instance-2', 'child-instance-2'];
  const tasks = ['task-1', 'task-2', 'task-3', 'other-task-1', 'other-task-2', 'other-task-3'];
  const elements = ['Task_Intake', 'Call_Plaatsing', 'Timer_Herinnering', 'Task_Zoeken', 'Task_Overbrugging', 'Start'];
  const json = (value: unknown) =>
    JSON.parse(
      JSON.stringify(value, (_key, item: unknown) => (ArrayBuffer.isView(item) ? [...(item as Float64Array)] : item)),
    );
  return json({
    cases: [...index.cases.values()].map(({ caseId, team, regionalGroups }) => ({ caseId, team, regionalGroups })),
    perCase: cases.map((caseId) => ({
      meta: index.caseOf(caseId) && { team: index.caseOf(caseId)!.team, groups: index.caseOf(caseId)!.regionalGroups },
      instances: index.instancesOfCase(caseId),
      openTasks: index.openTasksOfCase(caseId),
      summary: index.summaries.get(caseId) && { ...index.summaries.get(caseId)!, held: undefined },
    })),
    instances: instances.map((id) => index.instance(id) ?? null),
    tasks: tasks.map((id) => [index.caseOfTask(id) ?? null, index.openTask(id) ?? null]),
    byGroup: ['jeugdconsulent', 'regionaal-plaatser'].map((group) => index.openTasksFor({ groups: [group] })),
    byTeam: index.openTasksFor({ teams: ['team-noord'] }),
    byAssignee: ['plaatser-1', 'consulent-1'].map((assignee) => index.openTasksFor({ assignee })),
    statistics: [index.statisticsOf('toeleiding', 1, now), index.statisticsOf('plaatsingscoordinatie', 2, now)],
    waiting: elements.flatMap((element) => [
      index.waitingAt('toeleiding', 1, element),
      index.waitingAt('plaatsingscoordinatie', 2, element),
    ]),
    incidents: index.openIncidentsOf('toeleiding'),
    list: [...index.summaries.newestFirst()].map((entry) => ({ ...entry, held: undefined })),
    youths: index.youths.find('team-noord', 'LB', '2012-05-04').sort(),
    figures: [...index.figures.all()],
    steps: index.figures.steps.all(),
  });
}

describe('the in-memory case index', () => {
  it('answers after a case went through several versions exactly as after one update with its last version', () => {
    const all = versions();
    for (let last = 0; last < all.length; last++) {
      // Given one index that followed the case from its registration up to a version, and one that saw only that version
      const followed = new CaseIndex();
      followed.update(neighbour());
      for (const version of all.slice(0, last + 1)) followed.update(structuredClone(version));
      const fresh = new CaseIndex();
      fresh.update(neighbour());
      fresh.update(structuredClone(all[last]!));
      // When both are asked everything, then they answer the same
      expect(answers(followed)).toEqual(answers(fresh));
    }
  });

  it('leaves after a second update with the same version exactly what the first left', () => {
    for (const version of versions()) {
      // Given an index updated once with the version, and one updated twice
      const once = new CaseIndex();
      once.update(neighbour());
      once.update(structuredClone(version));
      const twice = new CaseIndex();
      twice.update(neighbour());
      twice.update(structuredClone(version));
      twice.update(structuredClone(version));
      // Then they answer the same
      expect(answers(twice)).toEqual(answers(once));
    }
  });

  it('counts a placement that waits, an overdue task and the longest wait from the case as it is now', () => {
    // Given a case that was registered and is now being placed
    const index = new CaseIndex();
    const [registered, placing] = versions();
    index.update(structuredClone(registered!));
    index.update(structuredClone(placing!));
    // When the placement's statistics are read two days after the search's term ran out
    const statistics = index.statisticsOf('plaatsingscoordinatie', 2, new Date('2026-03-06T10:00:00.000Z'));
    // Then the search waits once, four days long, and is overdue; the intake no longer waits
    expect(statistics.find((element) => element.elementId === 'Task_Zoeken')).toEqual({
      elementId: 'Task_Zoeken',
      active: 1,
      completed: 0,
      overdue: 1,
      averageWaitMs: 4 * 86_400_000,
      longestWaitMs: 4 * 86_400_000,
    });
    const intake = index.statisticsOf('toeleiding', 1, new Date('2026-03-06T10:00:00.000Z'));
    expect(intake.find((element) => element.elementId === 'Task_Intake')).toMatchObject({ active: 0, completed: 1 });
    // And the tasks keep their case once completed or cancelled
    expect(index.caseOfTask('task-1')).toBe('C-INDEX01');
    expect(index.openTask('task-1')).toBeUndefined();
    expect(index.openTasksOfCase('C-INDEX01').map((open) => open.id)).toEqual(['task-2', 'task-3']);
  });

  it('keeps the waiting times sorted like one sorted list, whatever is added and removed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 400 })), { maxLength: 3000 }),
        fc.integer({ min: -10, max: 410 }),
        (operations, limit) => {
          // Given values added (three times in four) and removed in any order, many of them equal
          const sorted = new SortedNumbers();
          const reference: number[] = [];
          for (const [kind, value] of operations) {
            if (kind > 0) {
              sorted.insert(value);
              const at = reference.findIndex((known) => known >= value);
              reference.splice(at < 0 ? reference.length : at, 0, value);
            } else {
              sorted.remove(value);
              const at = reference.indexOf(value);
              if (at >= 0) reference.splice(at, 1);
            }
          }
          // Then its size, its smallest value and how many are below a limit are the list's
          expect(sorted.size).toBe(reference.length);
          if (reference.length > 0) expect(sorted.first()).toBe(reference[0]);
          expect(sorted.countBelow(limit)).toBe(reference.filter((value) => value < limit).length);
        },
      ),
      { numRuns: 60 },
    );
  });
});
