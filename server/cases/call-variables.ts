import type { Variables } from '../contract/api';
import type { VariableMapping } from '../engine/engine-types';
import { evaluateFeel, feelToJson } from '../engine/expressions';
import type { Clock } from '../time/clock';

/**
 * What one camunda:in or camunda:out mapping of a call activity passes on: every variable, one
 * variable (renamed to its target), or the value of a FEEL expression. A variable that is not there
 * passes nothing.
 */
export function mapVariables(mapping: VariableMapping, from: Variables, clock: Clock): Variables {
  if (mapping.all) return structuredClone(from);
  const target = mapping.target ?? mapping.source;
  if (!target) return {};
  if (mapping.sourceExpression) {
    return { [target]: feelToJson(evaluateFeel(mapping.sourceExpression, from, clock)) };
  }
  if (mapping.source && mapping.source in from) return { [target]: structuredClone(from[mapping.source]!) };
  return {};
}
