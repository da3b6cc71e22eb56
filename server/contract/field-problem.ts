/**
 * How a request field that does not match its schema is reported to the user. The schemas carry
 * these as the `x-problem` keyword, so the Dutch message lives beside the rule it explains, and
 * the OpenAPI document shows both.
 */
export interface FieldProblem {
  /** A stable, machine-readable code, e.g. `required`. */
  code: string;
  /** The per-field message, in Dutch. `{key}` is the field's own name, `{value}` what was sent. */
  message: string;
  /** The answer's `detail` when this is the only problem; otherwise the request's general detail. */
  detail?: string;
  /** Only for a field whose name matches this pattern; the first spec that applies wins. */
  whenKey?: string;
  /** Only when the value breaks this schema keyword (e.g. `maxLength`); the first spec that applies wins. */
  whenRule?: string;
}

export const FIELD_PROBLEM = 'x-problem';
export const REQUEST_DETAIL = 'x-problem-detail';

/** Schema options that say how a field's failure is reported. */
export function fieldProblem(code: string, message: string, detail?: string): { [FIELD_PROBLEM]: FieldProblem } {
  return { [FIELD_PROBLEM]: { code, message, ...(detail ? { detail } : {}) } };
}

/** Several reports for one field, chosen by the field's name: the first whose `whenKey` matches. */
export function fieldProblems(...problems: FieldProblem[]): { [FIELD_PROBLEM]: FieldProblem[] } {
  return { [FIELD_PROBLEM]: problems };
}

/** Schema options for a whole request: the detail of its 400, and what a body of another shape gets. */
export function requestProblem(
  detail: string,
  wrongShape = 'Stuur een JSON-object.',
): { [REQUEST_DETAIL]: string; [FIELD_PROBLEM]: FieldProblem } {
  return { [REQUEST_DETAIL]: detail, [FIELD_PROBLEM]: { code: 'type', message: wrongShape, detail: wrongShape } };
}
