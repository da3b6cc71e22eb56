import { expect } from 'vitest';
import type { Problem } from '../../server/contract/api';

/** Expects an RFC 9457 problem answer with the given status, and returns its body. */
export async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return (await response.json()) as Problem;
}

/** The paths the problem's `problems` name, e.g. `['new']`. */
export function problemPaths(problem: Problem): string[] {
  return (problem.problems ?? []).map((item) => item.path ?? '');
}
