import { Type } from '@sinclair/typebox';
import { JsonValue } from './common';
import { fieldProblem, fieldProblems } from './field-problem';

/**
 * Building blocks the contract's schemas share. They are not part of the contract themselves, so
 * ./api.ts does not re-export them.
 */

/** Names that bpmn-engine uses itself on an execution's environment; a form cannot set them. */
const RESERVED_VARIABLES = ['fields', 'content', 'properties', 'environment', 'services', 'output'];
const VARIABLE_NAME = `^(?!(?:${RESERVED_VARIABLES.join('|')})$)[A-Za-z_][A-Za-z0-9_]{0,63}$`;

/**
 * Submitted variables: a JSON object whose names are plain identifiers the flow can read, and
 * none of the names the engine reserves. Every other name is refused, each as its own problem.
 */
export function submittedVariables(typeMessage: string) {
  return Type.Record(Type.String({ pattern: VARIABLE_NAME }), JsonValue, {
    additionalProperties: Type.Never(
      fieldProblems(
        {
          code: 'reserved',
          message: '"{key}" is een gereserveerde naam.',
          whenKey: `^(?:${RESERVED_VARIABLES.join('|')})$`,
        },
        {
          code: 'name',
          message: '"{key}" is geen geldige variabelenaam (letters, cijfers en _, beginnend met een letter).',
        },
      ),
    ),
    description: 'Variable names are identifiers (letters, digits and _, not starting with a digit), at most 64 long.',
    ...fieldProblem('type', typeMessage),
  });
}

export const dateTime = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
export const sha256 = (description: string) => Type.String({ pattern: '^[0-9a-f]{64}$', description });

/** Null variables are as good as none. */
export const optionalVariables = (typeMessage: string, description: string) =>
  Type.Optional(
    Type.Union([submittedVariables(typeMessage), Type.Null()], {
      description,
      ...fieldProblem('type', typeMessage, 'De variabelen moeten een object zijn.'),
    }),
  );
