import { type Static, Type } from '@sinclair/typebox';
import { TaskYouth } from './cases';
import { JsonValue, Variables } from './common';
import { fieldProblem, requestProblem } from './field-problem';
import { dateTime, optionalVariables } from './schema-parts';

/** User tasks: what waits for someone, its form and the actions on it. */

const taskBaseFields = {
  id: Type.String(),
  instanceId: Type.String(),
  caseId: Type.String(),
  elementId: Type.String(),
  name: Type.String(),
  candidateGroups: Type.Array(Type.String()),
  assignee: Type.Optional(Type.String({ description: 'The user id of whoever holds the task.' })),
  createdAt: dateTime(),
  dueAt: Type.Optional(dateTime()),
  priority: Type.Integer(),
  formKey: Type.Optional(Type.String()),
  state: Type.Union([Type.Literal('open'), Type.Literal('completed'), Type.Literal('cancelled')], {
    description: 'Added to the contract: lets a list show a task that was completed or cancelled meanwhile.',
  }),
};

/** What a task is, wherever it is seen: the API's Task and the stored task record share it. */
export const TaskBase = Type.Object(taskBaseFields);
export type TaskBase = Static<typeof TaskBase>;

export const Task = Type.Object(
  {
    ...taskBaseFields,
    team: Type.String({ description: 'Added to the contract: the case’s team, for filtering lists.' }),
    definitionKey: Type.String({ description: 'Added to the contract: the process the task belongs to.' }),
    jeugdige: Type.Optional(TaskYouth),
  },
  { $id: 'Task', description: 'A user task waiting for someone.' },
);
export type Task = Static<typeof Task>;
/** A form-js schema; its shape is form-js's, the server only stores and serves it. */
export const FormSchema = Type.Record(Type.String(), JsonValue, {
  $id: 'FormSchema',
  description: 'A form-js schema.',
});
export type FormSchema = Static<typeof FormSchema>;

export const TaskDetail = Type.Object(
  {
    ...Task.properties,
    form: Type.Union([FormSchema, Type.Null()], { description: 'The form-js schema, or null when it has none.' }),
    variables: Variables,
  },
  { $id: 'TaskDetail', description: 'A task with its form and the variables to prefill it.' },
);
export type TaskDetail = Static<typeof TaskDetail>;

export const TaskScope = Type.Union([Type.Literal('mine'), Type.Literal('group'), Type.Literal('all')]);
export type TaskScope = Static<typeof TaskScope>;

export const AssignTaskRequest = Type.Object(
  { userId: Type.String({ minLength: 1, ...fieldProblem('required', 'userId is verplicht.') }) },
  { $id: 'AssignTaskRequest', ...requestProblem('Geef aan wie de taak krijgt.') },
);
export type AssignTaskRequest = Static<typeof AssignTaskRequest>;
export const CompleteTaskRequest = Type.Object(
  { variables: optionalVariables('Verwacht een object.', "The form's values.") },
  { $id: 'CompleteTaskRequest', ...requestProblem('Sommige velden zijn ongeldig.') },
);
export type CompleteTaskRequest = Static<typeof CompleteTaskRequest>;
