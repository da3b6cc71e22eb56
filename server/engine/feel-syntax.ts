import { parseExpression } from 'feelin';

/**
 * Reading FEEL without running it: whether a value is FEEL, and whether it parses. Kept apart from
 * evaluation (expressions.ts, with its node:vm time limit) because the modeler runs the same lint
 * rules in the browser, where nothing from Node can be bundled.
 */

/** Following the Camunda 8 convention: a value that starts with `=` is FEEL, anything else a literal. */
export function isFeel(value: unknown): boolean {
  return typeof value === 'string' && value.trimStart().startsWith('=');
}

/** The FEEL expression without its leading `=`. */
export function feelBody(expression: string): string {
  return expression.trimStart().slice(1);
}

/** A syntax error message for a FEEL expression, or null when it parses. */
export function feelSyntaxError(expression: string): string | null {
  const source = isFeel(expression) ? feelBody(expression) : expression;
  if (source.trim() === '') return 'lege expressie';
  let error: string | null = null;
  parseExpression(source, {}, undefined).iterate({
    enter(node) {
      if (error === null && node.type.isError) error = `syntaxfout bij positie ${node.from + 1}`;
    },
  });
  return error;
}
