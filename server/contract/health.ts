import { type Static, Type } from '@sinclair/typebox';
import { fieldProblem, requestProblem } from './field-problem';
import { dateTime } from './schema-parts';

/** Whether the server accepts work, and the clock tests move. */

/** A data file the server set aside (in DATA_DIR/quarantine/) so that everything else serves. */
export const QuarantinedFile = Type.Object(
  {
    file: Type.String({ description: 'Where it was, relative to the data folder.' }),
    movedTo: Type.String({ description: 'Where it is now, relative to the data folder.' }),
    reason: Type.String({ description: 'Why it could not be read.' }),
    at: dateTime(),
  },
  { $id: 'QuarantinedFile', description: 'A data file set aside so that everything else serves.' },
);
export type QuarantinedFile = Static<typeof QuarantinedFile>;

export const Health = Type.Object(
  {
    status: Type.Literal('ok'),
    version: Type.String(),
    quarantined: Type.Optional(
      Type.Array(QuarantinedFile, {
        description: 'Only for a beheerder: case files set aside at start-up because they could not be read.',
      }),
    ),
  },
  { $id: 'Health', description: 'The server accepts work.' },
);
export type Health = Static<typeof Health>;

export const ClockAdvanceRequest = Type.Object(
  {
    advance: Type.String({
      description: 'An ISO 8601 duration, e.g. `P5D`.',
      ...fieldProblem('required', 'advance is verplicht.'),
    }),
  },
  { $id: 'ClockAdvanceRequest', ...requestProblem('Geef een ISO 8601-duur op in "advance", bijvoorbeeld P5D.') },
);
export type ClockAdvanceRequest = Static<typeof ClockAdvanceRequest>;

export const ClockResponse = Type.Object({ now: dateTime('The new server time.') }, { $id: 'ClockResponse' });
export type ClockResponse = Static<typeof ClockResponse>;
