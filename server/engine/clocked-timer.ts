import type { Clock } from '../time/clock';
import {
  BaseTimerEventDefinition,
  type TimerEventDefinitionConstructor,
  type TimerEventDefinitionLike,
} from './bpmn-engine-slice';
import { resolveMoment } from './temporal';
import { checkCycle } from './timer-cycle';

/**
 * bpmn-elements computes timer due times with the real clock. This variant reads the server clock
 * and accepts durations and dates in both timeDuration and timeDate (FEEL may yield either).
 */
export function clockedTimerEventDefinition(clock: Clock): TimerEventDefinitionConstructor {
  function ClockedTimerEventDefinition(this: unknown, activity: unknown, eventDefinition: unknown) {
    BaseTimerEventDefinition.call(this, activity, eventDefinition);
  }
  const prototype: TimerEventDefinitionLike = Object.create(BaseTimerEventDefinition.prototype);
  prototype.parse = function parse(this: TimerEventDefinitionLike, timerType: string, value: unknown) {
    if (timerType === 'timeCycle') {
      // Checked before the engine's parser sees it: that parser never returns for `R/PT0S`, and a
      // FEEL cycle is only known now. A refused cycle fails the action instead of hanging it.
      if (typeof value === 'string' && /^\s*R/i.test(value)) {
        const cycle = checkCycle(value);
        if (!cycle.ok) throw new TypeError(`De timercyclus "${value.slice(0, 60)}" is ${cycle.reason}.`);
      }
      return BaseTimerEventDefinition.prototype.parse.call(this, timerType, value);
    }
    const now = clock.now();
    const expireAt = resolveMoment(value, now, 'start-of-day');
    return { expireAt, delay: expireAt.getTime() - now.getTime() };
  };
  // The engine measures the delay against the real clock too, and completes a timer at once when
  // it comes out negative: with the test clock behind real time, every new timer fired on the
  // spot. The delay is measured against the server clock instead.
  prototype._getTimers = function getTimers(this: TimerEventDefinitionLike, executeMessage: unknown) {
    const result = BaseTimerEventDefinition.prototype._getTimers.call(this, executeMessage);
    if (result.expireAt) result.timeout = result.expireAt.getTime() - clock.now().getTime();
    return result;
  };
  ClockedTimerEventDefinition.prototype = prototype;
  return ClockedTimerEventDefinition as unknown as TimerEventDefinitionConstructor;
}
