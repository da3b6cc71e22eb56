import { Type } from '@sinclair/typebox';
import { AssignTaskRequest, CompleteTaskRequest, InstanceSummary, Task, TaskDetail, TaskScope, User } from '../api';
import { fieldProblem } from '../field-problem';
import { flag, json, type ProblemStatus, path, type RouteSpec } from './route-spec';

const taskId = Type.String({ description: 'The task id.' });
const NOT_HOLDER: readonly [ProblemStatus, string] = [
  403,
  'You do not hold it and are not its team’s `teamleider`, or the X-CSRF-Token header is missing or wrong.',
];

/** User tasks: finding them and acting on them. */
export const TASK_ROUTES = {
  listTasks: {
    method: 'get',
    path: '/tasks',
    tag: 'Tasks',
    summary: 'List tasks',
    access: 'user',
    query: Type.Object({
      scope: Type.Optional(
        Type.Union(TaskScope.anyOf, {
          description: 'Tasks you hold, tasks of your groups, or all you may see (the default).',
          ...fieldProblem('enum', 'Gebruik mine, group of all.', 'Onbekende scope "{value}".'),
        }),
      ),
      overdue: flag('Only tasks past their due time.'),
      caseId: Type.Optional(Type.String({ description: 'Only tasks of this case.' })),
    }),
    answers: { 200: json(Type.Array(Task), 'The tasks.') },
    problems: [400, 401],
  },
  getTask: {
    method: 'get',
    path: '/tasks/{id}',
    tag: 'Tasks',
    summary: 'One task with its form',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(TaskDetail, 'The task, its form-js schema and the variables to prefill it.') },
    problems: [401, 404],
  },
  listTaskCandidates: {
    method: 'get',
    path: '/tasks/{id}/candidates',
    tag: 'Tasks',
    summary: 'The colleagues who could get a task (added to the contract)',
    description: 'Those in one of its candidate groups, in its team or regionally: whom it can be assigned to.',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(Type.Array(User), 'The colleagues who may work on it.') },
    problems: [401, 404],
  },
  claimTask: {
    method: 'post',
    path: '/tasks/{id}/claim',
    tag: 'Tasks',
    summary: 'Claim a task',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(Task, 'Claimed; the task.') },
    problems: [
      401,
      [403, 'Not in its candidate groups or team, or the X-CSRF-Token header is missing or wrong.'],
      404,
      [409, 'Someone else holds it.'],
    ],
  },
  unclaimTask: {
    method: 'post',
    path: '/tasks/{id}/unclaim',
    tag: 'Tasks',
    summary: 'Release a task',
    description: 'Allowed for whoever holds the task and for its team’s `teamleider`.',
    access: 'user',
    params: path({ id: taskId }),
    answers: { 200: json(Task, 'Released; the task as it is now.') },
    problems: [401, NOT_HOLDER, 404, [409, 'It is completed already.']],
  },
  assignTask: {
    method: 'post',
    path: '/tasks/{id}/assign',
    tag: 'Tasks',
    summary: 'Assign a task to a user',
    description: 'Allowed for whoever holds the task and for its team’s `teamleider`.',
    access: 'user',
    params: path({ id: taskId }),
    body: { schema: AssignTaskRequest, media: 'application/json' },
    answers: { 200: json(Task, 'Assigned; the task as it is now.') },
    problems: [
      [400, 'No userId, or a colleague who is not in one of its candidate groups in this team.'],
      401,
      NOT_HOLDER,
      404,
      [409, 'It is completed already.'],
    ],
  },
  completeTask: {
    method: 'post',
    path: '/tasks/{id}/complete',
    tag: 'Tasks',
    summary: 'Complete a task',
    access: 'user',
    params: path({ id: taskId }),
    body: { schema: CompleteTaskRequest, media: 'application/json', description: 'The form values.' },
    answers: {
      200: {
        ...json(InstanceSummary, 'Completed; the instance it belongs to.'),
        headers: { 'Server-Timing': 'The server-side cost of the action, `complete;dur=<ms>`.' },
      },
    },
    problems: [
      [400, "Invalid input: against the task's form-js schema, `problems` has one entry per invalid or unknown field."],
      401,
      403,
      404,
      [409, 'You do not hold it, or it is already completed.'],
      413,
      [
        422,
        'The decision this task records breaks a rule, e.g. an MDO decision while a required discipline was absent or consent is missing.',
      ],
    ],
  },
} satisfies Record<string, RouteSpec>;
