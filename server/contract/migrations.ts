import { type Static, Type } from '@sinclair/typebox';
import { fieldProblem, requestProblem } from './field-problem';

/** Moving running instances from one version of a process to a newer one. */

export const MAX_MIGRATION_INSTANCES = 500;
const MAX_MAPPING_ENTRIES = 500;
const ELEMENT_ID = '^[A-Za-z_][\\w.-]{0,199}$';

const versionNumber = (name: string, description: string) =>
  Type.Integer({
    minimum: 1,
    description,
    ...fieldProblem('version', `${name} moet een versienummer zijn (een geheel getal vanaf 1).`),
  });

const migrationFields = {
  fromVersion: versionNumber('fromVersion', 'The version the instances run on now.'),
  toVersion: versionNumber('toVersion', 'The newer version to move them to; greater than fromVersion.'),
  instanceIds: Type.Array(Type.String({ maxLength: 100 }), {
    minItems: 1,
    maxItems: MAX_MIGRATION_INSTANCES,
    description:
      'The instances to move. Required for the migration; for the dry run, leaving it out checks every active instance on fromVersion.',
    ...fieldProblem(
      'instance-ids',
      `instanceIds moet een lijst van 1 tot ${MAX_MIGRATION_INSTANCES} instantie-id's zijn.`,
    ),
  }),
  mapping: Type.Optional(
    Type.Record(Type.String({ pattern: ELEMENT_ID }), Type.String({ pattern: ELEMENT_ID }), {
      additionalProperties: Type.Never(),
      maxProperties: MAX_MAPPING_ENTRIES,
      description:
        'Old element id to new element id, for renamed elements (not sequence flows); every other element keeps its id.',
      ...fieldProblem(
        'mapping',
        `mapping moet een object zijn van oud element-id naar nieuw element-id (hoogstens ${MAX_MAPPING_ENTRIES} koppelingen).`,
      ),
    }),
  ),
};
const migrationRequestProblem = requestProblem(
  'De migratieaanvraag is niet compleet of niet geldig.',
  'Stuur een JSON-object met fromVersion, toVersion en instanceIds.',
);

/**
 * Added to the contract: `POST /api/definitions/:key/migrations/dry-run` moves nothing; it checks
 * which running instances could move to a newer version. Without `instanceIds`, every active
 * instance on `fromVersion` is checked, which is how a process owner (who sees no cases) finds them.
 */
export const MigrationDryRunRequest = Type.Object(
  { ...migrationFields, instanceIds: Type.Optional(migrationFields.instanceIds) },
  {
    $id: 'MigrationDryRunRequest',
    description: 'Added: which instances could move from one version of a process to a newer one.',
    ...migrationRequestProblem,
  },
);
/** Either request: the migration names its instances, the dry run may leave them out. */
export type MigrationDryRunRequest = Static<typeof MigrationDryRunRequest>;

/** Added to the contract: `POST /api/definitions/:key/migrations` moves the instances named. */
export const MigrationRequest = Type.Object(migrationFields, {
  $id: 'MigrationRequest',
  description:
    'Added: which instances move from one version of a process to a newer one, and how old elements map to new ones.',
  ...migrationRequestProblem,
});
export type MigrationRequest = Static<typeof MigrationRequest>;

/** Added to the contract: why an instance cannot move, or what to know when it does. */
export const MigrationReason = Type.Object(
  {
    elementId: Type.Optional(Type.String({ description: 'The element it concerns, where it concerns one.' })),
    code: Type.String({
      description:
        'instance-unknown, not-active, version-mismatch, element-unknown, element-removed, element-type-changed, inside-subprocess, ' +
        'boundary-moved, called-element-changed, join-changed, state-mismatch, refused, migration-failed; warnings: boundary-not-armed. ' +
        'New codes may be added.',
    }),
    message: Type.String({ description: 'A Dutch message a process owner can act on.' }),
  },
  { $id: 'MigrationReason', description: 'Added: why an instance cannot move, or what changes for it when it does.' },
);
export type MigrationReason = Static<typeof MigrationReason>;

const migrationCheckFields = {
  instanceId: Type.String(),
  caseId: Type.Optional(Type.String({ description: 'Absent when the instance does not exist.' })),
  canMigrate: Type.Boolean(),
  reasons: Type.Array(MigrationReason, { description: 'Why it cannot move; empty when it can.' }),
  waitingAt: Type.Array(Type.String(), {
    description: 'Where it waits now: its active elements, armed boundary events included.',
  }),
  warnings: Type.Array(MigrationReason, {
    description: 'What changes for it without stopping it, e.g. a boundary event the new version adds to its task.',
  }),
};

/** Added to the contract: the check of one instance (the dry run's answer, per instance). */
export const MigrationCheck = Type.Object(migrationCheckFields, {
  $id: 'MigrationCheck',
  description: 'Added: whether one instance can move, and why not.',
});
export type MigrationCheck = Static<typeof MigrationCheck>;

/** Added to the contract: the outcome for one instance of `POST .../migrations`. */
export const MigrationResult = Type.Object(
  {
    ...migrationCheckFields,
    migrated: Type.Boolean({
      description: 'Moved to `toVersion`; false with `reasons` when it stayed on its version, intact.',
    }),
  },
  { $id: 'MigrationResult', description: 'Added: the outcome for one instance.' },
);
export type MigrationResult = Static<typeof MigrationResult>;
