import { describe, expect, it } from 'vitest';
import { addWorkingDays, dutchPublicHolidays, isWorkingDay, workingDaysBetween } from '../../server/engine/workdays';

describe('dutchPublicHolidays', () => {
  it('lists the 2026 holidays exactly, derived from Easter on 5 April', () => {
    // Given the year 2026 (Easter Sunday 5 April)
    // When the holidays are computed
    const holidays = dutchPublicHolidays(2026);
    // Then they are the municipal days off, sorted
    expect(holidays).toEqual([
      '2026-01-01', // Nieuwjaarsdag
      '2026-04-06', // Tweede Paasdag
      '2026-04-27', // Koningsdag
      '2026-05-05', // Bevrijdingsdag
      '2026-05-14', // Hemelvaartsdag
      '2026-05-25', // Tweede Pinksterdag
      '2026-12-25', // Eerste Kerstdag
      '2026-12-26', // Tweede Kerstdag
    ]);
  });

  it('lists the 2027 holidays exactly, derived from Easter on 28 March', () => {
    // Given the year 2027 (Easter Sunday 28 March)
    const holidays = dutchPublicHolidays(2027);
    // Then Easter-dependent holidays move accordingly and the list stays sorted
    expect(holidays).toEqual([
      '2027-01-01',
      '2027-03-29',
      '2027-04-27',
      '2027-05-05',
      '2027-05-06',
      '2027-05-17',
      '2027-12-25',
      '2027-12-26',
    ]);
  });

  it('moves Koningsdag to 26 April when 27 April is a Sunday', () => {
    // Given 2025, where 27 April is a Sunday
    const holidays = dutchPublicHolidays(2025);
    // Then Koningsdag is celebrated on Saturday 26 April
    expect(holidays).toContain('2025-04-26');
    expect(holidays).not.toContain('2025-04-27');
  });

  it('includes Bevrijdingsdag in years that are not lustrum years', () => {
    // Given 2026 and 2027, neither a multiple of five
    // Then 5 May is still a day off for municipal staff
    expect(dutchPublicHolidays(2026)).toContain('2026-05-05');
    expect(dutchPublicHolidays(2027)).toContain('2027-05-05');
  });

  it('does not treat Goede Vrijdag as a holiday', () => {
    // Given Good Friday 2026 (3 April)
    // Then it is neither listed nor a non-working day
    expect(dutchPublicHolidays(2026)).not.toContain('2026-04-03');
    expect(isWorkingDay('2026-04-03')).toBe(true);
  });

  it('returns a copy that callers cannot use to corrupt the cache', () => {
    // Given a caller that mutates the returned list
    dutchPublicHolidays(2026).push('2026-06-01');
    // Then a later call is unaffected
    expect(dutchPublicHolidays(2026)).toHaveLength(8);
  });

  it('rejects a year that is not an integer', () => {
    expect(() => dutchPublicHolidays(2026.5)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('accepts an ordinary weekday', () => {
    expect(isWorkingDay('2026-03-11')).toBe(true); // Wednesday
  });

  it('rejects Saturdays and Sundays', () => {
    expect(isWorkingDay('2026-03-14')).toBe(false);
    expect(isWorkingDay('2026-03-15')).toBe(false);
  });

  it('rejects public holidays that fall on weekdays', () => {
    expect(isWorkingDay('2026-05-14')).toBe(false); // Hemelvaartsdag, Thursday
    expect(isWorkingDay('2026-04-27')).toBe(false); // Koningsdag, Monday
    expect(isWorkingDay('2026-12-25')).toBe(false); // Eerste Kerstdag, Friday
  });

  it('throws a RangeError for malformed or impossible dates', () => {
    expect(() => isWorkingDay('2026-3-1')).toThrow(RangeError);
    expect(() => isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => isWorkingDay('not a date')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('skips the weekend: Friday 15:00 plus one working day is Monday 15:00', () => {
    // Given Friday 13 March 2026 15:00 Amsterdam (CET, UTC+1)
    const friday = new Date('2026-03-13T14:00:00Z');
    // When one working day is added
    const result = addWorkingDays(friday, 1);
    // Then the result is Monday 16 March 15:00 Amsterdam
    expect(result.toISOString()).toBe('2026-03-16T14:00:00.000Z');
  });

  it('starting on a Saturday, one working day later is Monday at the same time', () => {
    // Given Saturday 14 March 2026 10:00 Amsterdam
    const saturday = new Date('2026-03-14T09:00:00Z');
    // Then one working day later is Monday 16 March 10:00 Amsterdam
    expect(addWorkingDays(saturday, 1).toISOString()).toBe('2026-03-16T09:00:00.000Z');
  });

  it('counts five working days as one calendar week', () => {
    // Given Monday 9 March 2026 09:30 Amsterdam
    const monday = new Date('2026-03-09T08:30:00Z');
    // Then five working days later is Monday 16 March 09:30 Amsterdam
    expect(addWorkingDays(monday, 5).toISOString()).toBe('2026-03-16T08:30:00.000Z');
  });

  it('skips both Christmas days: Thursday 24 December 2026 plus one is Monday 28 December', () => {
    // Given Thursday 24 December 2026 11:00 Amsterdam; 25 Dec is Friday, 26 Dec Saturday
    const christmasEve = new Date('2026-12-24T10:00:00Z');
    // Then the next working day is Monday 28 December 11:00 Amsterdam
    expect(addWorkingDays(christmasEve, 1).toISOString()).toBe('2026-12-28T10:00:00.000Z');
  });

  it('skips Hemelvaartsdag: Wednesday 13 May 2026 plus one is Friday 15 May', () => {
    // Given Wednesday 13 May 2026 12:00 Amsterdam (CEST, UTC+2)
    const wednesday = new Date('2026-05-13T10:00:00Z');
    // Then Ascension Thursday is skipped
    expect(addWorkingDays(wednesday, 1).toISOString()).toBe('2026-05-15T10:00:00.000Z');
  });

  it('skips Koningsdag: Friday 24 April 2026 plus one is Tuesday 28 April', () => {
    // Given Friday 24 April 2026 09:00 Amsterdam; Monday 27 April is Koningsdag
    const friday = new Date('2026-04-24T07:00:00Z');
    // Then weekend and Koningsdag are skipped
    expect(addWorkingDays(friday, 1).toISOString()).toBe('2026-04-28T07:00:00.000Z');
  });

  it('treats Goede Vrijdag as a working day: Thursday before Easter plus one is Friday', () => {
    // Given Thursday 2 April 2026 14:00 Amsterdam
    const thursday = new Date('2026-04-02T12:00:00Z');
    // Then the next working day is Good Friday 3 April
    expect(addWorkingDays(thursday, 1).toISOString()).toBe('2026-04-03T12:00:00.000Z');
  });

  it('keeps the Amsterdam wall-clock time across the switch to summer time', () => {
    // Given Friday 27 March 2026 10:00 Amsterdam (CET, 09:00Z); clocks go forward on Sunday 29 March
    const friday = new Date('2026-03-27T09:00:00Z');
    // When one working day is added
    const result = addWorkingDays(friday, 1);
    // Then the result is Monday 30 March 10:00 Amsterdam (CEST), which is 08:00Z
    expect(result.toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('keeps the Amsterdam wall-clock time across the switch back to winter time', () => {
    // Given Friday 23 October 2026 10:00 Amsterdam (CEST, 08:00Z); clocks go back on Sunday 25 October
    const friday = new Date('2026-10-23T08:00:00Z');
    // Then the result is Monday 26 October 10:00 Amsterdam (CET), which is 09:00Z
    expect(addWorkingDays(friday, 1).toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('uses the Amsterdam calendar date, not the UTC date, just after local midnight', () => {
    // Given Monday 5 January 2026 00:30 Amsterdam, which is still Sunday in UTC
    const justAfterMidnight = new Date('2026-01-04T23:30:00Z');
    // Then one working day later is Tuesday 6 January 00:30 Amsterdam
    expect(addWorkingDays(justAfterMidnight, 1).toISOString()).toBe('2026-01-05T23:30:00.000Z');
  });

  it('preserves seconds and milliseconds of the time of day', () => {
    const from = new Date('2026-03-10T08:15:42.123Z');
    expect(addWorkingDays(from, 2).toISOString()).toBe('2026-03-12T08:15:42.123Z');
  });

  it('returns the same instant for zero days, even on a weekend', () => {
    // Given a Saturday moment
    const saturday = new Date('2026-03-14T09:00:00Z');
    // When zero working days are added
    const result = addWorkingDays(saturday, 0);
    // Then the moment is unchanged
    expect(result.getTime()).toBe(saturday.getTime());
  });

  it('throws a RangeError for negative, fractional or non-finite day counts', () => {
    const from = new Date('2026-03-10T09:00:00Z');
    expect(() => addWorkingDays(from, -1)).toThrow(RangeError);
    expect(() => addWorkingDays(from, 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(from, Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingDays(from, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('throws a RangeError for an invalid start date', () => {
    expect(() => addWorkingDays(new Date('nonsense'), 1)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts one working day from Friday to the following Monday', () => {
    const friday = new Date('2026-03-13T14:00:00Z');
    const monday = new Date('2026-03-16T08:00:00Z');
    expect(workingDaysBetween(friday, monday)).toBe(1);
  });

  it('returns zero within the same Amsterdam day', () => {
    const morning = new Date('2026-03-10T08:00:00Z');
    const evening = new Date('2026-03-10T20:00:00Z');
    expect(workingDaysBetween(morning, evening)).toBe(0);
  });

  it('returns zero when the end is not after the start', () => {
    const later = new Date('2026-03-20T09:00:00Z');
    const earlier = new Date('2026-03-10T09:00:00Z');
    expect(workingDaysBetween(later, earlier)).toBe(0);
    expect(workingDaysBetween(later, later)).toBe(0);
  });

  it('skips weekends and holidays over the Christmas period', () => {
    // Given Thursday 24 December 2026 and Thursday 31 December 2026
    const from = new Date('2026-12-24T09:00:00Z');
    const to = new Date('2026-12-31T09:00:00Z');
    // Then only 28, 29, 30 and 31 December count
    expect(workingDaysBetween(from, to)).toBe(4);
  });

  it('is the inverse of addWorkingDays', () => {
    // Given a start moment and various day counts, including across holidays and DST
    const from = new Date('2026-03-20T10:00:00Z');
    for (const days of [0, 1, 5, 10, 25, 60, 250]) {
      // Then counting back the working days yields the same number
      expect(workingDaysBetween(from, addWorkingDays(from, days))).toBe(days);
    }
  });
});
