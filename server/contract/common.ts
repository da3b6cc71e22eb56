import { type Static, Type } from '@sinclair/typebox';

/** The shapes every area of the contract shares: JSON values, variables and problem details. */

export const JsonValue = Type.Recursive(
  (This) =>
    Type.Union([
      Type.String(),
      Type.Number(),
      Type.Boolean(),
      Type.Null(),
      Type.Array(This),
      Type.Record(Type.String(), This),
    ]),
  { $id: 'JsonValue', description: 'Any JSON value.' },
);
export type JsonValue = Static<typeof JsonValue>;

export const Variables = Type.Record(Type.String(), JsonValue, {
  $id: 'Variables',
  description: 'Process variables: names to JSON values.',
});
export type Variables = Static<typeof Variables>;
export const ProblemItem = Type.Object(
  {
    path: Type.Optional(Type.String({ description: 'The invalid field, e.g. `variables.naam`.' })),
    elementId: Type.Optional(Type.String({ description: 'The BPMN element the problem concerns.' })),
    code: Type.String({ description: 'A stable, machine-readable code for the rule that was broken.' }),
    message: Type.String({ description: 'A message a person can act on, in Dutch.' }),
  },
  {
    $id: 'ProblemItem',
    description:
      'One concrete problem: the field (`path`) or BPMN element (`elementId`) it concerns, a code and a message.',
  },
);
export type ProblemItem = Static<typeof ProblemItem>;

/** RFC 9457 problem details. `detail` and problem messages are written for users, in Dutch. */
export const Problem = Type.Object(
  {
    type: Type.String({ format: 'uri-reference' }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    problems: Type.Optional(
      Type.Array(ProblemItem, { description: 'One entry per invalid field or broken diagram rule.' }),
    ),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details.' },
);
export type Problem = Static<typeof Problem>;
