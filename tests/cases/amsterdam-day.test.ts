import { describe, expect, it } from 'vitest';
import { amsterdamDay } from '../../server/decisions/days';

/** "Today" as the rules, the task page and the case list and figures count it is the Dutch calendar day, whatever the server's zone. */
describe('the Amsterdam calendar day of an instant', () => {
  it('turns at Dutch midnight, in winter and in summer time, also when asked again within the same minute', () => {
    // Winter (UTC+1): 23:00 UTC is midnight in Amsterdam.
    expect(amsterdamDay(new Date('2026-12-04T22:59:59.999Z'))).toBe('2026-12-04');
    expect(amsterdamDay(new Date('2026-12-04T22:59:00.000Z'))).toBe('2026-12-04');
    expect(amsterdamDay(new Date('2026-12-04T23:00:00.000Z'))).toBe('2026-12-05');
    expect(amsterdamDay(new Date('2026-12-04T23:00:59.999Z'))).toBe('2026-12-05');
    // Summer (UTC+2): 22:00 UTC is midnight.
    expect(amsterdamDay(new Date('2026-07-01T21:59:59.000Z'))).toBe('2026-07-01');
    expect(amsterdamDay(new Date('2026-07-01T22:00:00.000Z'))).toBe('2026-07-02');
    // Back and forth between days: each answer is its own instant's.
    expect(amsterdamDay(new Date('2026-12-04T22:59:30.000Z'))).toBe('2026-12-04');
    expect(amsterdamDay(new Date('2026-12-04T23:00:30.000Z'))).toBe('2026-12-05');
  });

  it('refuses an invalid date as before, rather than answering the last day asked for', () => {
    amsterdamDay(new Date('2026-12-04T12:00:00.000Z'));
    expect(() => amsterdamDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
