import { type Static, Type } from '@sinclair/typebox';
import { JsonValue } from './common';
import { dateTime } from './schema-parts';

/** What happened to an instance and to a case, oldest first. */

/** What happened to an instance; `instance.migrated` was added to the contract. */
const HISTORY_TYPES = [
  'instance.started',
  'instance.completed',
  'instance.cancelled',
  'instance.failed',
  'instance.migrated',
  'call.started',
  'call.completed',
  'task.created',
  'task.claimed',
  'task.unclaimed',
  'task.assigned',
  'task.completed',
  'task.cancelled',
  'timer.scheduled',
  'timer.fired',
  'timer.cancelled',
  'decision.recorded',
  'decision.corrected',
  'incident.raised',
  'incident.resolved',
  'case.regisseur-assigned',
  'case.closed',
] as const;

export const HistoryType = Type.Union(
  HISTORY_TYPES.map((type) => Type.Literal(type)),
  {
    $id: 'HistoryType',
    description:
      'task.completed: data.variabelen holds what was decided. Added to the contract: instance.migrated (data vanVersie, naarVersie, mapping), incident.raised (data incidentId, wat, melding), incident.resolved (data incidentId), case.regisseur-assigned (data regisseur: the user id, was?: the previous one; actor: who assigned), case.closed (data reden, geannuleerd: the instance ids it cancelled; actor: who closed). New types may be added.',
  },
);
export type HistoryType = Static<typeof HistoryType>;

const historyEntryFields = {
  at: dateTime(),
  actor: Type.String({ description: 'The user id, or `systeem` for timers and the engine.' }),
  type: HistoryType,
  elementId: Type.Optional(Type.String()),
  data: Type.Optional(Type.Record(Type.String(), JsonValue, { description: 'Details that depend on `type`.' })),
};

export const HistoryEntry = Type.Object(historyEntryFields, { $id: 'HistoryEntry' });
export type HistoryEntry = Static<typeof HistoryEntry>;

/** Added to the contract: a history entry of a whole case, naming the instance it belongs to. */
export const CaseHistoryEntry = Type.Object(
  { ...historyEntryFields, instanceId: Type.String(), definitionKey: Type.String() },
  { $id: 'CaseHistoryEntry', description: 'Added: a history entry of a whole case, naming its instance.' },
);
export type CaseHistoryEntry = Static<typeof CaseHistoryEntry>;
