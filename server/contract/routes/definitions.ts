import { Type } from '@sinclair/typebox';
import {
  DefinitionVersion,
  DeployResult,
  ElementInstances,
  ElementStatistics,
  MAX_NOTE_LENGTH,
  ProcessIncident,
} from '../api';
import { fieldProblem } from '../field-problem';
import { definitionKey, definitionVersion, flag, json, NOT_OWNER, path, type RouteSpec, xml } from './route-spec';

const PROCESS_OWNER_DEPLOYS = {
  oneOf: ['proceseigenaar'],
  refusal: 'Alleen een proceseigenaar kan diagrammen uitrollen.',
} as const;

/** Deploying process definitions and reading their versions. */
export const DEFINITION_ROUTES = {
  listDefinitions: {
    method: 'get',
    path: '/definitions',
    tag: 'Definitions',
    summary: 'List process definitions',
    description: 'The latest version of each definition; with `all=true` every version.',
    access: 'user',
    query: Type.Object({ all: flag('Every version instead of only the latest.') }),
    answers: { 200: json(Type.Array(DefinitionVersion), 'The definitions.') },
    problems: [401],
  },
  deployDefinition: {
    method: 'post',
    path: '/definitions',
    tag: 'Definitions',
    summary: 'Deploy BPMN XML',
    description:
      'Needs role `proceseigenaar`. The `key` is the BPMN process id. Running instances keep the version they started on ' +
      '(until a process owner migrates them). Where the server has forms, every user task must name an existing form, and the version ' +
      'pins the latest version of each form it names (`forms`): its cases use those. The same XML with the same pins as the latest version ' +
      'answers 200 with that version; the same XML after a form changed is a new version. A condition that reads a variable no form, ' +
      'output parameter or calling/called process sets is a `variable-not-set` warning.',
    access: 'user',
    roles: PROCESS_OWNER_DEPLOYS,
    query: Type.Object({
      note: Type.Optional(
        Type.String({
          maxLength: MAX_NOTE_LENGTH,
          description: `Added: a note on this version (at most ${MAX_NOTE_LENGTH} characters), listed with the version.`,
          ...fieldProblem(
            'note',
            `Hoogstens ${MAX_NOTE_LENGTH} tekens.`,
            `Een uitrolnotitie is één tekst van hoogstens ${MAX_NOTE_LENGTH} tekens.`,
          ),
        }),
      ),
    }),
    body: {
      schema: Type.String({ ...fieldProblem('type', 'Stuur de BPMN-XML als application/xml.') }),
      media: 'application/xml',
      description: 'BPMN 2.0 XML, at most 5 MB.',
    },
    answers: {
      200: json(DeployResult, 'The same XML as the latest version: that version, nothing deployed.'),
      201: json(DeployResult, 'Deployed as a new version.'),
    },
    problems: [
      [
        400,
        'Not well-formed BPMN XML, a note that is too long, or XML refused unread: a DOCTYPE or ENTITY declaration (xml-doctype), ' +
          'nesting deeper than 100 levels (xml-too-deep), more than 10,000 elements (xml-too-many-elements).',
      ],
      401,
      NOT_OWNER,
      [413, 'The XML is larger than 5 MB.'],
      [422, 'The diagram breaks a rule; `problems` names each element and rule.'],
    ],
  },
  listDefinitionVersions: {
    method: 'get',
    path: '/definitions/{key}/versions',
    tag: 'Definitions',
    summary: 'Every version of one process, oldest first (added to the contract)',
    description: 'The version history: who deployed each version, when, its note and the sha256 of its XML.',
    access: 'user',
    params: path({ key: definitionKey }),
    answers: { 200: json(Type.Array(DefinitionVersion), 'The versions, oldest first.') },
    problems: [401, [404, 'No process with this key was ever deployed.']],
  },
  getDefinitionXml: {
    method: 'get',
    path: '/definitions/{key}/versions/{version}/xml',
    tag: 'Definitions',
    summary: 'The BPMN XML of one definition version',
    access: 'user',
    params: path({ key: definitionKey, version: definitionVersion }),
    answers: { 200: xml('BPMN 2.0 XML.') },
    problems: [401, 404],
  },
  getDefinitionStatistics: {
    method: 'get',
    path: '/definitions/{key}/versions/{version}/statistics',
    tag: 'Definitions',
    summary: 'Per-element statistics of one definition version',
    access: 'user',
    params: path({ key: definitionKey, version: definitionVersion }),
    answers: { 200: json(Type.Array(ElementStatistics), 'Counts per element.') },
    problems: [401, 404],
  },
  listInstancesAtElement: {
    method: 'get',
    path: '/definitions/{key}/versions/{version}/elements/{elementId}/instances',
    tag: 'Definitions',
    summary: 'The instances waiting at one element, longest waiting first (added to the contract)',
    access: 'user',
    params: path({
      key: definitionKey,
      version: definitionVersion,
      elementId: Type.String({ description: 'The BPMN element id.' }),
    }),
    query: Type.Object({
      limit: Type.Optional(
        Type.String({
          description: 'At most this many items: a number from 1 to 500, default 100; one outside is brought within.',
        }),
      ),
    }),
    answers: { 200: json(ElementInstances, 'The waiting instances you may see, and how many wait in all.') },
    problems: [401, 404],
  },
  listProcessIncidents: {
    method: 'get',
    path: '/definitions/{key}/incidents',
    tag: 'Definitions',
    summary: 'The open incidents of every version of one process, newest first (added to the contract)',
    description:
      'Needs role `proceseigenaar`, who answers for the diagram and retries its incidents (see retryIncident). The list names ' +
      'each incident’s case by id only and carries no case data: no variables, no initials. It is read from an in-memory ' +
      'index, so its cost follows the number of open incidents, not the number of cases.',
    access: 'user',
    roles: { oneOf: ['proceseigenaar'], refusal: 'Alleen een proceseigenaar kan de incidenten van een proces zien.' },
    params: path({ key: definitionKey }),
    answers: { 200: json(Type.Array(ProcessIncident), 'The open incidents, newest first; empty when there are none.') },
    problems: [401, [403, 'Not a `proceseigenaar`.'], [404, 'No process with this key was ever deployed.']],
  },
} satisfies Record<string, RouteSpec>;
