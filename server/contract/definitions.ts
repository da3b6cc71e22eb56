import { type Static, Type } from '@sinclair/typebox';
import { ProblemItem } from './common';
import { dateTime, sha256 } from './schema-parts';

/** Deployed process definitions and their versions. */

export const MAX_NOTE_LENGTH = 500;

export const DefinitionVersion = Type.Object(
  {
    key: Type.String({ description: 'The BPMN process id.' }),
    name: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    sha256: sha256('SHA-256 of the deployed XML, hex.'),
    deployedAt: dateTime(),
    deployedBy: Type.String({ description: 'Id of the user who deployed it.' }),
    note: Type.Optional(
      Type.String({
        maxLength: MAX_NOTE_LENGTH,
        description: 'Added to the contract: the deploy note (`POST /api/definitions?note=`), if one was given.',
      }),
    ),
    forms: Type.Optional(
      Type.Record(Type.String(), Type.Integer({ minimum: 1 }), {
        description:
          'Added to the contract (issue 19): the form versions this diagram version pinned when it was deployed, by form key. ' +
          'Its cases use these versions. Absent on versions deployed before forms were versioned: they use, per form, ' +
          'the latest version created no later than the diagram (else version 1).',
      }),
    ),
  },
  { $id: 'DefinitionVersion', description: 'One deployed version of a process definition.' },
);
export type DefinitionVersion = Static<typeof DefinitionVersion>;

export const DeployResult = Type.Object(
  {
    key: Type.String(),
    version: Type.Integer({ minimum: 1 }),
    sha256: sha256('SHA-256 of the deployed XML, hex.'),
    warnings: Type.Array(ProblemItem, { description: 'Rules the diagram bends without breaking them.' }),
  },
  { $id: 'DeployResult', description: 'The outcome of deploying BPMN XML.' },
);
export type DeployResult = Static<typeof DeployResult>;
