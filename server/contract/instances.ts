import { type Static, Type } from '@sinclair/typebox';
import { Variables } from './common';
import { fieldProblem, requestProblem } from './field-problem';
import { dateTime, submittedVariables } from './schema-parts';
import { Task } from './tasks';

/** Process instances, the cases they belong to and their incidents. */

export const InstanceState = Type.Union(
  [Type.Literal('active'), Type.Literal('completed'), Type.Literal('cancelled'), Type.Literal('failed')],
  { $id: 'InstanceState' },
);
export type InstanceState = Static<typeof InstanceState>;

const instanceSummaryFields = {
  id: Type.String(),
  caseId: Type.String(),
  team: Type.String(),
  definitionKey: Type.String(),
  version: Type.Integer({ minimum: 1, description: 'The definition version this instance runs on.' }),
  state: InstanceState,
  startedAt: dateTime(),
  endedAt: Type.Optional(dateTime()),
  parentId: Type.Optional(Type.String({ description: 'The instance whose call activity started this one.' })),
  calledBy: Type.Optional(
    Type.String({ description: 'Added to the contract: the call activity in the parent that started this instance.' }),
  ),
  activeElementIds: Type.Array(Type.String()),
};

export const InstanceSummary = Type.Object(instanceSummaryFields, {
  $id: 'InstanceSummary',
  description: 'A process instance, without its variables and tasks.',
});
export type InstanceSummary = Static<typeof InstanceSummary>;

export const StartInstanceRequest = Type.Object(
  {
    definitionKey: Type.String({
      minLength: 1,
      description: 'Starts the latest version of this definition.',
      ...fieldProblem('required', 'Kies een proces.'),
    }),
    team: Type.String({ minLength: 1, ...fieldProblem('required', 'Kies een team.') }),
    caseId: Type.Optional(
      Type.String({
        description: 'The case to start in; a new case when left out.',
        ...fieldProblem('type', 'caseId moet tekst zijn.'),
      }),
    ),
    variables: Type.Optional(submittedVariables('variables moet een object zijn.')),
  },
  { $id: 'StartInstanceRequest', ...requestProblem('De aanvraag is niet compleet.') },
);
export type StartInstanceRequest = Static<typeof StartInstanceRequest>;

export const StartInstanceResponse = Type.Object(
  {
    id: Type.String(),
    caseId: Type.String(),
    possibleDuplicates: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'Open cases of the same team with the same youth (initials and date of birth) that you may see; absent when none.',
      }),
    ),
  },
  { $id: 'StartInstanceResponse', description: 'The started instance and the case it belongs to.' },
);
export type StartInstanceResponse = Static<typeof StartInstanceResponse>;

export const CaseView = Type.Object(
  { caseId: Type.String(), team: Type.String(), instances: Type.Array(InstanceSummary) },
  { $id: 'CaseView', description: 'A case (casus: one youth or family) and its tree of process instances.' },
);
export type CaseView = Static<typeof CaseView>;
/**
 * Added to the contract: an engine action of a case that failed for a reason that is not the
 * client's input (a timer firing whose FEEL breaks a limit, a recovery that throws). The action
 * left the case as it was and waits for a retry by a process owner.
 */
export const Incident = Type.Object(
  {
    id: Type.String(),
    instanceId: Type.String(),
    elementId: Type.String(),
    kind: Type.Literal('timer', { description: 'What failed: `timer` (a due timer firing). New kinds may be added.' }),
    message: Type.String({ description: 'What went wrong, in Dutch, for the process owner.' }),
    at: dateTime(),
    attempts: Type.Integer({ minimum: 1, description: 'How often the action was tried.' }),
    state: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
    resolvedAt: Type.Optional(dateTime()),
  },
  { $id: 'Incident', description: 'Added: a failed engine action of a case, waiting for a retry.' },
);
export type Incident = Static<typeof Incident>;

/**
 * Added to the contract: an open incident as a process owner sees it in the list of a process.
 * It names the case only by its id and carries no case data (no variables, no youth's initials):
 * a process owner answers for the diagram, not for the case.
 */
export const ProcessIncident = Type.Object(
  {
    id: Type.String(),
    instanceId: Type.String(),
    caseId: Type.String({ description: 'The case number, so the case’s team can be told; no case data.' }),
    definitionKey: Type.String(),
    version: Type.Integer({ minimum: 1, description: 'The definition version the instance runs on.' }),
    elementId: Type.String(),
    elementName: Type.Optional(Type.String({ description: 'The element’s name in the diagram, when it has one.' })),
    kind: Type.Literal('timer', { description: 'What failed: `timer` (a due timer firing). New kinds may be added.' }),
    message: Type.String({ description: 'What went wrong, in Dutch, for the process owner.' }),
    at: dateTime(),
    attempts: Type.Integer({ minimum: 1, description: 'How often the action was tried.' }),
  },
  { $id: 'ProcessIncident', description: 'Added: an open incident of a process, without case data.' },
);
export type ProcessIncident = Static<typeof ProcessIncident>;

export const InstanceDetail = Type.Object(
  {
    ...instanceSummaryFields,
    childIds: Type.Array(Type.String(), { description: 'Instances started by this one’s call activities.' }),
    completedElementIds: Type.Array(Type.String()),
    takenFlowIds: Type.Array(Type.String()),
    variables: Variables,
    openTasks: Type.Array(Task),
    incidents: Type.Optional(
      Type.Array(Incident, { description: 'Added: engine actions of this instance that failed, open ones first.' }),
    ),
  },
  { $id: 'InstanceDetail', description: 'A process instance with its progress, variables and open tasks.' },
);
export type InstanceDetail = Static<typeof InstanceDetail>;
