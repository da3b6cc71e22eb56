import { type Static, Type } from '@sinclair/typebox';
import { fieldProblem, requestProblem } from './field-problem';
import { FormSchema } from './tasks';

/** The front door: the teams a case can belong to, the start form and the check for a second registration. */

export const Team = Type.Object(
  {
    id: Type.String({ description: 'The team id that cases and users name, e.g. `slt-breda-noord`.' }),
    name: Type.String({ description: 'Display name, e.g. "SLT Breda Noord".' }),
    region: Type.String({ description: 'The region the team works in, e.g. "West-Brabant Oost".' }),
  },
  { $id: 'Team', description: 'Added to the contract: an SLT team, the unit every case belongs to.' },
);
export type Team = Static<typeof Team>;

export const StartForm = Type.Object(
  {
    key: Type.String({ description: 'The definition key.' }),
    version: Type.Integer({ minimum: 1, description: 'The latest version, whose start event names the form.' }),
    formKey: Type.String(),
    form: FormSchema,
  },
  { $id: 'StartForm', description: "The form-js schema of a process's start event: what a new case must provide." },
);
export type StartForm = Static<typeof StartForm>;

export const PossibleDuplicatesQuery = Type.Object(
  {
    team: Type.String({
      minLength: 1,
      description: 'The team the case would be registered for.',
      ...fieldProblem('required', 'Kies een team.'),
    }),
    initialen: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'The youth’s initials or pseudonym; dots, spaces and case do not count.',
      ...fieldProblem('required', 'Vul de initialen in (hoogstens 20 tekens).'),
    }),
    geboortedatum: Type.String({
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: 'The youth’s date of birth, YYYY-MM-DD.',
      ...fieldProblem('date', 'Vul de geboortedatum in als JJJJ-MM-DD.'),
    }),
  },
  requestProblem('Geef team, initialen en geboortedatum.'),
);

export const PossibleDuplicates = Type.Object(
  {
    possibleDuplicates: Type.Array(Type.String(), {
      description: 'Open cases of that team with the same youth (initials and date of birth) that you may see.',
    }),
  },
  { $id: 'PossibleDuplicates', description: 'Added to the contract: the cases a new registration may duplicate.' },
);
export type PossibleDuplicates = Static<typeof PossibleDuplicates>;
