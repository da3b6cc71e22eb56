import { Type } from '@sinclair/typebox';
import { MigrationCheck, MigrationDryRunRequest, MigrationRequest, MigrationResult } from '../api';
import { definitionKey, json, NOT_OWNER, type ProblemStatus, path, type RouteSpec } from './route-spec';

const PROCESS_OWNER_MIGRATES = {
  oneOf: ['proceseigenaar'],
  refusal: 'Alleen een proceseigenaar kan instanties migreren.',
} as const;
const BAD_MAPPING: readonly [ProblemStatus, string] = [
  422,
  'The mapping names elements the versions do not have, or maps two elements onto one.',
];

/** Moving running instances to a newer version of their process (tag Definitions). */
export const MIGRATION_ROUTES = {
  checkMigration: {
    method: 'post',
    path: '/definitions/{key}/migrations/dry-run',
    tag: 'Definitions',
    summary: 'Check which running instances could move to a newer version (added to the contract)',
    description:
      'Needs role `proceseigenaar`. Changes nothing. An instance can move when it is active, on fromVersion, and every element it ' +
      'waits at (armed boundary events included) exists in toVersion, after the mapping, as the same kind of element in the same ' +
      'place: a call activity calling the same process, a boundary event on the same activity, a waiting join with the same incoming ' +
      'flows, nothing inside a sub-process.',
    access: 'user',
    roles: PROCESS_OWNER_MIGRATES,
    params: path({ key: definitionKey }),
    body: { schema: MigrationDryRunRequest, media: 'application/json' },
    answers: { 200: json(Type.Array(MigrationCheck), 'One check per instance, in the order asked.') },
    problems: [
      [400, 'Invalid body: versions, instance ids or mapping; `problems` names each field.'],
      401,
      NOT_OWNER,
      [404, 'Unknown process or version.'],
      413,
      BAD_MAPPING,
    ],
  },
  migrateInstances: {
    method: 'post',
    path: '/definitions/{key}/migrations',
    tag: 'Definitions',
    summary: 'Move running instances to a newer version (added to the contract)',
    description:
      'Needs role `proceseigenaar`. Each instance is checked again and moved in its own durable case transaction; those that ' +
      'cannot move stay on their version, unchanged, and are reported with their reasons (no all-or-nothing across cases). A moved ' +
      "instance keeps its variables, its open tasks (holder and due date included) and its timers' due times, continues on the new " +
      "version's flow and gets an `instance.migrated` history entry.",
    access: 'user',
    roles: PROCESS_OWNER_MIGRATES,
    params: path({ key: definitionKey }),
    body: { schema: MigrationRequest, media: 'application/json' },
    answers: { 200: json(Type.Array(MigrationResult), 'One result per instance, in the order asked.') },
    problems: [
      [400, 'Invalid body: versions, instance ids (required here) or mapping; `problems` names each field.'],
      401,
      NOT_OWNER,
      [404, 'Unknown process or version.'],
      413,
      BAD_MAPPING,
    ],
  },
} satisfies Record<string, RouteSpec>;
