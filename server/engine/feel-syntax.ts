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

/**
 * The variables a FEEL expression reads: the first name of each path (`triage.uitkomst` reads
 * `triage`), without function names, names a `some`/`every`/`for` binds, or names inside a
 * filter (those are the list item's properties). What a deploy check and the form editor compare
 * with the keys that forms set; an approximation that errs on reporting fewer names, never on
 * running anything.
 */
export function feelVariableNames(expression: string): string[] {
  const source = isFeel(expression) ? feelBody(expression) : expression;
  const names = new Set<string>();
  const bound = new Set<string>();
  let filterDepth = 0;
  parseExpression(source, {}, undefined).iterate({
    enter(node) {
      if (node.type.name === 'FilterExpression') filterDepth += 1;
      if (node.type.name === 'Name' && node.node.parent?.type.name === 'InExpression') {
        bound.add(source.slice(node.from, node.to));
      }
      if (node.type.name !== 'VariableName') return;
      const parent = node.node.parent;
      const isFunctionName = parent?.type.name === 'FunctionInvocation' && parent.firstChild?.from === node.from;
      const insideFilter = filterDepth > 0 && !isFirstOfFilter(node.node);
      if (!isFunctionName && !insideFilter) names.add(source.slice(node.from, node.to));
    },
    leave(node) {
      if (node.type.name === 'FilterExpression') filterDepth -= 1;
    },
  });
  return [...names].filter((name) => !bound.has(name));
}

/** A node of feelin's syntax tree, as far as isFirstOfFilter reads it. */
interface TreeNode {
  from: number;
  type: { name: string };
  parent: TreeNode | null;
  firstChild: TreeNode | null;
}

/** Whether a name is the list a filter applies to (`items` in `items[x > 2]`), not inside its brackets. */
function isFirstOfFilter(node: TreeNode): boolean {
  let current: TreeNode = node;
  while (current.parent) {
    if (current.parent.type.name === 'FilterExpression') return current.parent.firstChild?.from === current.from;
    current = current.parent;
  }
  return false;
}
