import { Type } from '@sinclair/typebox';
import { FormComparison, FormSaved, FormSchema, FormSummary, FormVersion, MAX_NOTE_LENGTH } from '../api';
import { fieldProblem } from '../field-problem';
import { json, NOT_OWNER, path, type RouteSpec } from './route-spec';

const formKey = Type.String({ description: 'The form key.' });

/** A version in a query: a whole number from 1, as text. */
const versionQuery = (name: string, description: string) =>
  Type.String({
    pattern: '^[1-9][0-9]{0,8}$',
    description,
    ...fieldProblem('version', `"${name}" is een versienummer: een geheel getal vanaf 1.`),
  });

/** Versioned forms (issue 19): listing, reading, saving and comparing them. */
export const FORM_ROUTES = {
  listForms: {
    method: 'get',
    path: '/forms',
    tag: 'Forms',
    summary: 'List forms (added to the contract: title and who saved the latest version)',
    description: 'The latest version of each form, sorted by key.',
    access: 'user',
    answers: { 200: json(Type.Array(FormSummary), 'The forms.') },
    problems: [401],
  },
  getForm: {
    method: 'get',
    path: '/forms/{key}',
    tag: 'Forms',
    summary: 'The form-js schema of a form',
    description: 'The latest version, or the one `version` names.',
    access: 'user',
    params: path({ key: formKey }),
    query: Type.Object({
      version: Type.Optional(versionQuery('version', 'A version of the form; default the latest.')),
    }),
    answers: { 200: json(FormSchema, 'The schema; its `id` is the form key.') },
    problems: [[400, 'The version is not a whole number from 1.'], 401, [404, 'No such form, or no such version.']],
  },
  saveForm: {
    method: 'post',
    path: '/forms',
    tag: 'Forms',
    summary: 'Save a form as a new version',
    description:
      'Needs role `proceseigenaar`. The body is a form-js schema whose `id` is the form key (lower-case letters, digits and ' +
      'dashes). A schema that differs from the latest version is stored as the next version; the same schema again stores ' +
      'nothing. Diagrams deployed afterwards pin the new version; running cases keep the version their diagram pinned.',
    access: 'user',
    roles: { oneOf: ['proceseigenaar'], refusal: 'Alleen een proceseigenaar kan formulieren opslaan.' },
    query: Type.Object({
      note: Type.Optional(
        Type.String({
          maxLength: MAX_NOTE_LENGTH,
          description: `A note on this version (at most ${MAX_NOTE_LENGTH} characters), listed with the version.`,
          ...fieldProblem(
            'note',
            `Hoogstens ${MAX_NOTE_LENGTH} tekens.`,
            `Een notitie is één tekst van hoogstens ${MAX_NOTE_LENGTH} tekens.`,
          ),
        }),
      ),
    }),
    body: { schema: FormSchema, media: 'application/json', description: 'A form-js schema, at most 1 MB.' },
    answers: {
      200: json(FormSaved, 'The same schema as the latest version: that version, nothing stored.'),
      201: json(FormSaved, 'Stored as a new version.'),
    },
    problems: [
      [400, 'Not a JSON object, or a note that is too long.'],
      401,
      NOT_OWNER,
      [413, 'The body is larger than 1 MB.'],
      [
        422,
        'The form breaks a rule; `problems` names each component (`path`, e.g. `components[naam].key`) and rule (`code`): ' +
          'invalid-form-key, unknown-component, invalid-key, reserved-name, duplicate-key, duplicate-id, missing-label, ' +
          'missing-options, dynamic-options, option-label, option-value, duplicate-option, invalid-validation, ' +
          'impossible-validation, missing-path, invalid-path, ' +
          'feel-syntax, invalid-pattern, unsafe-pattern, pattern-without-max-length, too-long, too-many-options, ' +
          'too-many-components, too-deep, form-too-large.',
      ],
    ],
  },
  listFormVersions: {
    method: 'get',
    path: '/forms/{key}/versions',
    tag: 'Forms',
    summary: 'Every version of one form, oldest first',
    description: 'Who saved each version, when, its note, and the diagram versions that pin it.',
    access: 'user',
    params: path({ key: formKey }),
    answers: { 200: json(Type.Array(FormVersion), 'The versions, oldest first.') },
    problems: [401, [404, 'No form with this key.']],
  },
  compareFormVersions: {
    method: 'get',
    path: '/forms/{key}/compare',
    tag: 'Forms',
    summary: 'What changed between two versions of a form',
    description: 'Fields added, removed and changed (with each changed property) from version `from` to version `to`.',
    access: 'user',
    params: path({ key: formKey }),
    query: Type.Object({
      from: versionQuery('from', 'The older version.'),
      to: versionQuery('to', 'The newer version.'),
    }),
    answers: { 200: json(FormComparison, 'The comparison.') },
    problems: [
      [400, '`from` or `to` missing or not a version number.'],
      401,
      [404, 'No such form, or no such version.'],
    ],
  },
} satisfies Record<string, RouteSpec>;
