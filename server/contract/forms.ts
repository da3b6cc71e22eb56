import { type Static, Type } from '@sinclair/typebox';
import { JsonValue } from './common';
import { MAX_NOTE_LENGTH } from './definitions';
import { dateTime, sha256 } from './schema-parts';

/** Versioned forms (issue 19): each saved change of a form is a new version, like a diagram's. */

const formKey = Type.String({
  description: 'The form key: the schema’s `id`, what a diagram’s camunda:formKey names.',
});
const formVersion = Type.Integer({ minimum: 1, description: 'The form version, counting from 1.' });

export const FormSummary = Type.Object(
  {
    key: formKey,
    version: formVersion,
    title: Type.String({ description: 'The first heading of the form’s first text component, else the key.' }),
    updatedAt: dateTime('When the latest version was saved.'),
    updatedBy: Type.String({ description: 'Id of the user who saved the latest version (`systeem`: a product form).' }),
  },
  { $id: 'FormSummary', description: 'The latest version of one form.' },
);
export type FormSummary = Static<typeof FormSummary>;

export const DiagramVersionRef = Type.Object(
  { definitionKey: Type.String(), version: Type.Integer({ minimum: 1 }) },
  { $id: 'DiagramVersionRef', description: 'One version of a process definition.' },
);
export type DiagramVersionRef = Static<typeof DiagramVersionRef>;

export const FormVersion = Type.Object(
  {
    key: formKey,
    version: formVersion,
    title: Type.String(),
    sha256: sha256('SHA-256 of the stored schema (keys sorted, without `exporter`), hex.'),
    createdAt: dateTime(),
    createdBy: Type.String({ description: 'Id of the user who saved it (`systeem`: a product form at start-up).' }),
    note: Type.Optional(Type.String({ maxLength: MAX_NOTE_LENGTH, description: 'The note given when it was saved.' })),
    usedBy: Type.Array(DiagramVersionRef, { description: 'The diagram versions that pin this form version.' }),
  },
  { $id: 'FormVersion', description: 'One stored version of a form.' },
);
export type FormVersion = Static<typeof FormVersion>;

export const FormSaved = Type.Object(
  { key: formKey, version: formVersion },
  { $id: 'FormSaved', description: 'The version a saved form has.' },
);
export type FormSaved = Static<typeof FormSaved>;

export const ComparedField = Type.Object(
  {
    key: Type.String({
      description:
        'The field’s key (inside a group with a path or a list: `path.key`), a container’s path, or a display component’s id.',
    }),
    label: Type.String(),
    type: Type.String({ description: 'The form-js component type.' }),
  },
  { $id: 'ComparedField', description: 'A component of a form, as a comparison names it.' },
);
export type ComparedField = Static<typeof ComparedField>;

export const FormComparison = Type.Object(
  {
    key: formKey,
    from: formVersion,
    to: formVersion,
    added: Type.Array(ComparedField),
    removed: Type.Array(ComparedField),
    changed: Type.Array(
      Type.Object({
        field: ComparedField,
        changes: Type.Array(
          Type.Object({
            property: Type.String({
              description: 'The property, dotted: `label`, `validate.required`, `conditional.hide`.',
            }),
            from: Type.Optional(JsonValue),
            to: Type.Optional(JsonValue),
          }),
          { description: 'Each property that differs; `from` or `to` is absent where the property is.' },
        ),
      }),
    ),
  },
  { $id: 'FormComparison', description: 'What changed from one version of a form to another, field by field.' },
);
export type FormComparison = Static<typeof FormComparison>;
