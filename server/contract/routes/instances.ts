import { Type } from '@sinclair/typebox';
import {
  HistoryEntry,
  Incident,
  InstanceDetail,
  InstanceState,
  InstanceSummary,
  StartInstanceRequest,
  StartInstanceResponse,
} from '../api';
import { fieldProblem } from '../field-problem';
import { json, path, type RouteSpec, xml } from './route-spec';

const instanceId = Type.String({ description: 'The process instance id.' });

/** Starting process instances and following them. */
export const INSTANCE_ROUTES = {
  startInstance: {
    method: 'post',
    path: '/instances',
    tag: 'Instances',
    summary: 'Start a process instance',
    description: 'Starts the latest version of the definition, in the given case or in a new one.',
    access: 'user',
    body: { schema: StartInstanceRequest, media: 'application/json' },
    answers: { 201: json(StartInstanceResponse, 'Started.') },
    problems: [
      400,
      401,
      403,
      [404, 'Unknown definition or case, or not visible to you.'],
      [409, 'The case given by caseId is closed (added to the contract).'],
      413,
    ],
  },
  listInstances: {
    method: 'get',
    path: '/instances',
    tag: 'Instances',
    summary: 'List process instances',
    description: 'Only the instances you may see.',
    access: 'user',
    query: Type.Object({
      caseId: Type.Optional(Type.String({ description: 'Only instances of this case.' })),
      definitionKey: Type.Optional(Type.String({ description: 'Only instances of this definition.' })),
      state: Type.Optional(
        Type.Union(InstanceState.anyOf, {
          description: 'Only instances in this state.',
          ...fieldProblem('enum', 'Gebruik active, completed, cancelled of failed.', 'Onbekende status "{value}".'),
        }),
      ),
    }),
    answers: { 200: json(Type.Array(InstanceSummary), 'The instances.') },
    problems: [400, 401],
  },
  getInstance: {
    method: 'get',
    path: '/instances/{id}',
    tag: 'Instances',
    summary: 'One process instance',
    access: 'user',
    params: path({ id: instanceId }),
    answers: { 200: json(InstanceDetail, 'The instance.') },
    problems: [401, 404],
  },
  retryIncident: {
    method: 'post',
    path: '/instances/{id}/incidents/{incidentId}/retry',
    tag: 'Instances',
    summary: 'Retry a failed engine action of an instance (added to the contract)',
    description:
      'Needs role `proceseigenaar`, who answers for the diagrams and so for their incidents in every team. The failed action ' +
      '(a due timer firing) runs again; when it succeeds the incident is resolved and the history says so, when it fails again ' +
      'it stays open with one more attempt (409). Others who may see the instance get 403, others 404.',
    access: 'user',
    params: path({ id: instanceId, incidentId: Type.String({ description: 'The incident id.' }) }),
    answers: { 200: json(Incident, 'The resolved incident.') },
    problems: [
      401,
      [403, 'Not a process owner.'],
      [404, 'Unknown instance or incident.'],
      [409, 'Not open, or failed again.'],
    ],
  },
  getInstanceXml: {
    method: 'get',
    path: '/instances/{id}/xml',
    tag: 'Instances',
    summary: 'The BPMN XML an instance runs on',
    access: 'user',
    params: path({ id: instanceId }),
    answers: { 200: xml('The BPMN 2.0 XML of the definition version this instance runs on.') },
    problems: [401, 404],
  },
  getInstanceHistory: {
    method: 'get',
    path: '/instances/{id}/history',
    tag: 'Instances',
    summary: 'The history of an instance',
    access: 'user',
    params: path({ id: instanceId }),
    answers: { 200: json(Type.Array(HistoryEntry), 'History entries, oldest first.') },
    problems: [401, 404],
  },
} satisfies Record<string, RouteSpec>;
