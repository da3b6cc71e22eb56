import { type Static, Type } from '@sinclair/typebox';
import { JsonValue } from './common';
import { fieldProblem, requestProblem } from './field-problem';
import { dateTime, optionalVariables } from './schema-parts';

/** Formal decisions recorded when a decision task completes, and their corrections. */

const decisionRecordFields = {
  id: Type.String(),
  caseId: Type.String(),
  instanceId: Type.String(),
  definitionKey: Type.String(),
  elementId: Type.String(),
  taskId: Type.String(),
  kind: Type.String({ description: 'What kind of decision, from the diagram: mdo, escalatie, ...' }),
  title: Type.String({ description: 'The name of the task that recorded it.' }),
  recordedAt: dateTime(),
  recordedBy: Type.Object({ id: Type.String(), name: Type.String() }),
  content: Type.Record(Type.String(), JsonValue, { description: 'The decision as its form captured it.' }),
  corrects: Type.Optional(Type.String({ description: 'For a correction: the id of the record it corrects.' })),
  reason: Type.Optional(Type.String({ description: 'For a correction: why.' })),
  sha256: Type.String({ description: 'sha256 of the record, so a later change to a stored record shows.' }),
};

/**
 * Added to the contract: a formal decision (an MDO decision, an escalation level's decision),
 * recorded when a task marked as a decision in its diagram completes. Records never change; a
 * correction is a new record that names the one it corrects.
 */
export const DecisionRecord = Type.Object(decisionRecordFields, { $id: 'DecisionRecord' });
export type DecisionRecord = Static<typeof DecisionRecord>;

export const DecisionView = Type.Object(
  {
    ...decisionRecordFields,
    correctedBy: Type.Optional(Type.String({ description: 'The id of the correction that replaced this record.' })),
  },
  { $id: 'DecisionView', description: 'A decision as lists show it: with the correction that replaced it, if any.' },
);
export type DecisionView = Static<typeof DecisionView>;

export const CorrectDecisionRequest = Type.Object(
  {
    reason: Type.String({
      maxLength: 2000,
      pattern: '\\S',
      ...fieldProblem(
        'required',
        'Een reden (hoogstens 2000 tekens) is verplicht.',
        'Geef aan waarom het besluit wordt gecorrigeerd.',
      ),
    }),
    content: optionalVariables('Verwacht een object.', 'The corrected decision, as its form captures it.'),
  },
  { $id: 'CorrectDecisionRequest', ...requestProblem('Sommige velden zijn ongeldig.') },
);
export type CorrectDecisionRequest = Static<typeof CorrectDecisionRequest>;
