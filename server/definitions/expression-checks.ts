import { evaluateFeel } from '../engine/expressions';
import { feelStaticLimitError } from '../engine/feel-limits';
import { feelSyntaxError, isFeel } from '../engine/feel-syntax';
import { isValidTemporalLiteral } from '../engine/temporal';
import { checkCycle } from '../engine/timer-cycle';
import { SystemClock } from '../time/clock';
import { child, type ModdleElement, text } from './bpmn-parser';

/**
 * Deploy checks on the values a diagram computes: FEEL expressions, ISO 8601 dates and durations
 * and timer cycles. They refuse what would not parse and what would hang the server (unbounded
 * FEEL, a timer cycle that repeats faster than once a minute) before any instance runs it.
 */

/** Reports one broken rule on the element being checked. */
export type Refuse = (code: string, message: string) => void;

export function checkTimer(definition: ModdleElement, refuse: Refuse): void {
  const values = ['timeDuration', 'timeDate', 'timeCycle']
    .map((property) => ({ property, value: text(child(definition, property), 'body') }))
    .filter((entry): entry is { property: string; value: string } => entry.value !== undefined);
  if (values.length === 0) {
    refuse('timer-missing', 'Een timer heeft een duur, datum of cyclus nodig.');
    return;
  }
  for (const { property, value } of values) {
    if (property === 'timeCycle') checkTimeCycle(value, refuse);
    else checkTemporal(value, refuse, 'timer');
  }
}

/**
 * A cycle must repeat at most once a minute. A FEEL cycle that is a constant (e.g. ="R/PT0S") is
 * evaluated here; one that depends on variables is checked again when the timer is armed.
 */
function checkTimeCycle(value: string, refuse: Refuse): void {
  let cycle = value.trim();
  if (isFeel(value)) {
    checkFeel(value, refuse, 'timercyclus');
    if (feelSyntaxError(value) || feelStaticLimitError(value.trimStart().slice(1))) return;
    let constant: unknown;
    try {
      constant = evaluateFeel(value, {}, DEPLOY_CLOCK);
    } catch {
      return;
    }
    if (typeof constant !== 'string') return;
    cycle = constant.trim();
  }
  if (!/^R/i.test(cycle)) {
    if (!isFeel(value)) checkTemporal(value, refuse, 'timer');
    return;
  }
  const checked = checkCycle(cycle);
  if (!checked.ok) {
    refuse('timer-cycle-invalid', `De timercyclus "${cycle.slice(0, 60)}" is ${checked.reason}.`);
  }
}

const DEPLOY_CLOCK = new SystemClock();

export function checkTemporal(value: string, refuse: Refuse, what: string): void {
  if (isFeel(value)) {
    checkFeel(value, refuse, what);
    return;
  }
  if (!isValidTemporalLiteral(value)) {
    refuse(
      'temporal-invalid',
      `De ${what} "${value}" is geen ISO 8601-duur of -datum (bijvoorbeeld P5D, PT24H of 2026-12-01) en geen FEEL-expressie.`,
    );
  }
}

export function checkFeel(expression: string, refuse: Refuse, what: string): void {
  const error = feelSyntaxError(expression);
  if (error) {
    refuse('feel-syntax', `De ${what} "${expression.slice(0, 80)}" is geen geldige FEEL: ${error}.`);
    return;
  }
  const unbounded = feelStaticLimitError(isFeel(expression) ? expression.trimStart().slice(1) : expression);
  if (unbounded) {
    refuse(
      'feel-unbounded',
      `De ${what} "${expression.slice(0, 80)}" ${unbounded}; zo’n expressie legt de server stil en is niet toegestaan.`,
    );
  }
}
