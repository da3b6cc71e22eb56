import { describe, expect, it } from 'vitest';
import { evaluateFeel } from '../../server/engine/expressions';
import {
  FEEL_LIST_LIMIT,
  FEEL_STRING_LIMIT,
  FeelLimitError,
  feelStaticLimitError,
} from '../../server/engine/feel-limits';
import { SystemClock } from '../../server/time/clock';
import { doublingFeel } from '../support/hostile-feel';

const clock = new SystemClock();

const doubling = (times: number) => `=${doublingFeel(times)}`;

function limitError(work: () => unknown): FeelLimitError {
  try {
    work();
  } catch (error) {
    if (error instanceof FeelLimitError) return error;
    throw error;
  }
  throw new Error('expected a FeelLimitError, but the evaluation succeeded');
}

describe('FEEL evaluation limits', () => {
  it('stops a condition that counts a hundred million items, within seconds, naming the expression', () => {
    // Given a condition that iterates a range whose bound comes from a variable (so not refused statically)
    const expression = '=count(for i in 1..n return i) > 0';
    const started = performance.now();

    // When it is evaluated
    const error = limitError(() => evaluateFeel(expression, { n: 100_000_000 }, clock));

    // Then it is stopped by the time limit, quickly, and the error names the expression in Dutch
    expect(error.limit).toBe('tijd');
    expect(error.message).toContain('count(for i in 1..n return i) > 0');
    expect(error.message).toMatch(/duurt langer dan \d+ ms/);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('refuses a literal range of a hundred million values before evaluating it', () => {
    const error = limitError(() => evaluateFeel('=count(for i in 1..100000000 return i) > 0', {}, clock));

    expect(error.limit).toBe('lijst');
    expect(error.message).toContain('1..100000000');
    expect(feelStaticLimitError('count(for i in 1..100000000 return i) > 0')).toContain('1..100000000');
    expect(feelStaticLimitError('count(for i in 1..10 return i) > 0')).toBeNull();
    expect(feelStaticLimitError('x in [1..100000000]')).toBeNull();
  });

  it('refuses a priority that builds a 200 MB string, naming the string limit', () => {
    // 100 characters doubled 21 times is about 210 million characters
    const error = limitError(() => evaluateFeel(doubling(21), {}, clock));

    expect(['tekst', 'tijd', 'stapel']).toContain(error.limit);
    expect(error.message).toMatch(/^De FEEL-expressie "\{s0: "x+/);
  });

  it('refuses a result with more characters than the string limit, and accepts one just under it', () => {
    // 100 * 2^10 = 102,400 characters: just over the limit; 2^9 gives 51,200
    expect(FEEL_STRING_LIMIT).toBeLessThan(102_400);
    expect(limitError(() => evaluateFeel(doubling(10), {}, clock)).limit).toBe('tekst');
    expect(evaluateFeel(doubling(9), {}, clock)).toHaveLength(51_200);
  });

  it('refuses a list longer than the list limit, and accepts one at the limit', () => {
    const list = (length: number) => Array.from({ length }, (_, index) => index);
    const error = limitError(() => evaluateFeel('=concatenate(items, [0])', { items: list(FEEL_LIST_LIMIT) }, clock));

    expect(error.limit).toBe('lijst');
    expect(evaluateFeel('=concatenate(items, [])', { items: list(FEEL_LIST_LIMIT) }, clock)).toHaveLength(
      FEEL_LIST_LIMIT,
    );
  });

  it('turns endless recursion of a FEEL function into a limit error, not a crash', () => {
    const error = limitError(() => evaluateFeel('={f: function(n) f(n + 1)}.f(1)', {}, clock));

    expect(['stapel', 'tijd']).toContain(error.limit);
  });

  it('evaluates ordinary expressions as before, with and without loops', () => {
    expect(evaluateFeel('=urgentie = "crisis"', { urgentie: 'crisis' }, clock)).toBe(true);
    expect(
      evaluateFeel('=some d in disciplines satisfies d = "jeugdarts"', { disciplines: ['jeugdarts'] }, clock),
    ).toBe(true);
    expect(evaluateFeel('=sum(for i in 1..10 return i)', {}, clock)).toBe(55);
  });

  it('keeps working after a stopped evaluation', () => {
    limitError(() => evaluateFeel('=count(for i in 1..n return i)', { n: 100_000_000 }, clock));

    expect(evaluateFeel('=count(for i in 1..n return i)', { n: 3 }, clock)).toBe(3);
  });
});
