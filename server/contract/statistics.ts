import { type Static, Type } from '@sinclair/typebox';
import { InstanceSummary } from './instances';
import { dateTime } from './schema-parts';
import { Task } from './tasks';

/** Token counts per BPMN element, and the instances waiting at one. */

export const ElementStatistics = Type.Object(
  {
    elementId: Type.String(),
    active: Type.Integer({ minimum: 0 }),
    completed: Type.Integer({ minimum: 0 }),
    overdue: Type.Integer({ minimum: 0 }),
    averageWaitMs: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Added: average wait so far of the instances waiting here.' }),
    ),
    longestWaitMs: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Added: the longest wait so far of the instances waiting here.' }),
    ),
  },
  { $id: 'ElementStatistics', description: 'Token counts on one BPMN element of one definition version.' },
);
export type ElementStatistics = Static<typeof ElementStatistics>;
/** Added to the contract: the instances waiting at one element, for "which cases are these?". */
export const ElementInstances = Type.Object(
  {
    elementId: Type.String(),
    total: Type.Integer({ minimum: 0, description: 'Every instance waiting there, including those you may not see.' }),
    items: Type.Array(
      Type.Object({
        ...InstanceSummary.properties,
        waitingSince: dateTime(),
        overdue: Type.Boolean(),
        task: Type.Optional(Task),
      }),
      { description: 'Those you may see, longest waiting first, at most `limit`.' },
    ),
  },
  { $id: 'ElementInstances', description: 'Added: the instances waiting at one element.' },
);
export type ElementInstances = Static<typeof ElementInstances>;
