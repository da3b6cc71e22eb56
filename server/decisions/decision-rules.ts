import type { ProblemItem, Variables } from '../contract/api';
import { mdoDecisionProblems } from './mdo-rules';

/**
 * Rules per kind of formal decision (the `besluit` property of a task in its diagram). A kind
 * without rules is recorded as captured; its form's own validation still applies.
 */
const RULES: Record<string, (variables: Variables) => ProblemItem[]> = {
  mdo: mdoDecisionProblems,
};

/** Why this decision may not be recorded, given every variable it would see; empty when it may. */
export function decisionProblems(kind: string, variables: Variables): ProblemItem[] {
  return RULES[kind]?.(variables) ?? [];
}
