import type { Clock } from '../time/clock';
import {
  BaseTimerEventDefinition,
  type TimerEventDefinitionConstructor,
  type TimerEventDefinitionLike,
} from './bpmn-engine-slice';
import { resolveMoment } from './temporal';

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
    if (timerType === 'timeCycle') return BaseTimerEventDefinition.prototype.parse.call(this, timerType, value);
    const now = clock.now();
    const expireAt = resolveMoment(value, now, 'start-of-day');
    return { expireAt, delay: expireAt.getTime() - now.getTime() };
  };
  ClockedTimerEventDefinition.prototype = prototype;
  return ClockedTimerEventDefinition as unknown as TimerEventDefinitionConstructor;
}
