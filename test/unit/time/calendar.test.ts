import type { PlanCalendar } from '../../../definitions/plan';
import {
  ALWAYS_OPEN_CALENDAR,
  CalendarError,
  addBusinessTime,
  businessTimeBetween,
  isOpen,
  nextOpening,
  nextTransition,
} from '../../../workflows/time/calendar';
import { HOUR, MINUTE, at, cn, cnLocal, local, officeCalendar, shanghai } from './fixtures';

/** A calendar open 00:00–04:00 on Sundays only: the small hours where DST changes happen. */
function smallHoursSunday(timezone: string, startMinute = 0, endMinute = 240): PlanCalendar {
  return {
    id: 'night',
    timezone,
    alwaysOpen: false,
    hours: { 7: [{ startMinute, endMinute }] },
    holidays: [],
  };
}

describe('addBusinessTime', () => {
  it('a P2 (1h response) opened Friday 17:30 on a Mon–Fri 09:00–18:00 Asia/Shanghai calendar is due Monday 09:30', () => {
    expect(cnLocal(addBusinessTime(shanghai, cn('2026-11-20T17:30'), HOUR))).toBe('2026-11-23T09:30+08:00');
  });

  it('starts counting at the next opening when started outside hours', () => {
    expect(cnLocal(addBusinessTime(shanghai, cn('2026-11-21T11:00'), 2 * HOUR))).toBe(
      '2026-11-23T11:00+08:00',
    );
    expect(cnLocal(addBusinessTime(shanghai, cn('2026-11-23T07:00'), 30 * MINUTE))).toBe(
      '2026-11-23T09:30+08:00',
    );
  });

  it('one business day (9h) from an opening is due at that evening’s closing, not the next morning', () => {
    expect(cnLocal(addBusinessTime(shanghai, cn('2026-11-23T09:00'), 9 * HOUR))).toBe(
      '2026-11-23T18:00+08:00',
    );
  });

  it('a zero duration is due at once, even outside hours', () => {
    expect(addBusinessTime(shanghai, cn('2026-11-22T03:00'), 0)).toBe(cn('2026-11-22T03:00'));
  });

  it('skips holidays: 4 business hours from Wednesday 17:00 before a two-day holiday is due Monday 12:00', () => {
    expect(cnLocal(addBusinessTime(shanghai, cn('2026-09-30T17:00'), 4 * HOUR))).toBe(
      '2026-10-05T12:00+08:00',
    );
  });

  it('P3 resolution (3 business days = 27h) spans a weekend', () => {
    expect(cnLocal(addBusinessTime(shanghai, cn('2026-11-19T14:00'), 27 * HOUR))).toBe(
      '2026-11-24T14:00+08:00',
    );
  });

  it('keeps office hours in local time across a DST change (New York, spring forward)', () => {
    const ny = officeCalendar('ny', 'America/New_York');
    // Friday 17:00 EST + 2h → Monday 10:00 EDT: the Sunday change does not shift opening hours.
    expect(
      local('America/New_York', addBusinessTime(ny, at('America/New_York', '2026-03-06T17:00'), 2 * HOUR)),
    ).toBe('2026-03-09T10:00-04:00');
  });

  it('respects lunch breaks', () => {
    const lunch: PlanCalendar = {
      ...officeCalendar('lunch', 'Europe/London'),
      hours: {
        1: [
          { startMinute: 540, endMinute: 720 },
          { startMinute: 780, endMinute: 1080 },
        ],
      },
    };
    expect(
      local('Europe/London', addBusinessTime(lunch, at('Europe/London', '2026-11-23T11:00'), 4 * HOUR)),
    ).toBe('2026-11-23T16:00+00:00');
  });

  it('is plain addition on 24x7', () => {
    expect(addBusinessTime(ALWAYS_OPEN_CALENDAR, 1_000, 5 * HOUR)).toBe(1_000 + 5 * HOUR);
  });

  it('rejects a negative duration', () => {
    expect(() => addBusinessTime(shanghai, 0, -1)).toThrow(RangeError);
  });
});

describe('daylight-saving changes: a range covers the wall-clock times that exist', () => {
  it('London spring forward: 00:00–04:00 holds 3h (01:00–02:00 does not exist)', () => {
    const cal = smallHoursSunday('Europe/London');
    expect(
      businessTimeBetween(
        cal,
        at('Europe/London', '2026-03-28T12:00'),
        at('Europe/London', '2026-03-29T12:00'),
      ),
    ).toBe(3 * HOUR);
  });

  it('London fall back: 00:00–04:00 holds 5h (01:00–02:00 happens twice)', () => {
    const cal = smallHoursSunday('Europe/London');
    expect(
      businessTimeBetween(
        cal,
        at('Europe/London', '2026-10-24T12:00'),
        at('Europe/London', '2026-10-25T12:00'),
      ),
    ).toBe(5 * HOUR);
  });

  it('a range wholly inside the skipped hour is empty that day', () => {
    const cal = smallHoursSunday('Europe/London', 60, 120);
    const saturday = at('Europe/London', '2026-03-28T12:00');
    expect(local('Europe/London', nextOpening(cal, saturday))).toBe('2026-04-05T01:00+01:00');
  });

  it('a range starting inside the skipped hour opens when the clocks jump (New York 02:30–03:30 → 03:00–03:30 EDT)', () => {
    const cal = smallHoursSunday('America/New_York', 150, 210);
    const t = nextTransition(cal, at('America/New_York', '2026-03-07T12:00'));
    expect(t && local('America/New_York', t.at)).toBe('2026-03-08T03:00-04:00');
    expect(
      businessTimeBetween(
        cal,
        at('America/New_York', '2026-03-08T00:00'),
        at('America/New_York', '2026-03-08T12:00'),
      ),
    ).toBe(30 * MINUTE);
  });

  it('a range over the repeated hour is open on both passes (Sydney, 02:00–03:00 on 5 April 2026)', () => {
    const cal = smallHoursSunday('Australia/Sydney', 120, 180);
    const from = at('Australia/Sydney', '2026-04-04T12:00');
    expect(businessTimeBetween(cal, from, from + 24 * HOUR)).toBe(2 * HOUR);
    const first = nextTransition(cal, from)!;
    expect(first.opens).toBe(true);
    // One stretch: 02:00 AEDT → 03:00 AEDT = 02:00 AEST → 03:00 AEST.
    expect(nextTransition(cal, first.at)!.at - first.at).toBe(2 * HOUR);
  });

  it('a range ending inside the repeated hour opens twice (New York 01:00–01:30 on 1 November 2026)', () => {
    const cal = smallHoursSunday('America/New_York', 60, 90);
    const from = at('America/New_York', '2026-10-31T12:00');
    expect(businessTimeBetween(cal, from, from + 24 * HOUR)).toBe(60 * MINUTE);
    const firstClose = nextTransition(cal, nextOpening(cal, from))!;
    const reopen = nextTransition(cal, firstClose.at)!;
    expect(reopen).toEqual({ at: firstClose.at + 30 * MINUTE, opens: true });
  });
});

describe('isOpen and nextTransition', () => {
  it('is open at the opening instant and closed at the closing instant (half-open ranges)', () => {
    expect(isOpen(shanghai, cn('2026-11-23T09:00'))).toBe(true);
    expect(isOpen(shanghai, cn('2026-11-23T18:00'))).toBe(false);
    expect(isOpen(shanghai, cn('2026-10-01T10:00'))).toBe(false);
  });

  it('gives the closing when open and the next opening when closed', () => {
    expect(nextTransition(shanghai, cn('2026-11-23T10:00'))).toEqual({
      at: cn('2026-11-23T18:00'),
      opens: false,
    });
    expect(nextTransition(shanghai, cn('2026-11-23T18:00'))).toEqual({
      at: cn('2026-11-24T09:00'),
      opens: true,
    });
    expect(nextTransition(shanghai, cn('2026-09-30T18:30'))).toEqual({
      at: cn('2026-10-05T09:00'),
      opens: true,
    });
  });

  it('treats ranges that touch across midnight as one stretch', () => {
    const cal: PlanCalendar = {
      id: 'overnight',
      timezone: 'Asia/Shanghai',
      alwaysOpen: false,
      hours: { 1: [{ startMinute: 1320, endMinute: 1440 }], 2: [{ startMinute: 0, endMinute: 360 }] },
      holidays: [],
    };
    expect(nextTransition(cal, cn('2026-11-23T23:00'))).toEqual({ at: cn('2026-11-24T06:00'), opens: false });
  });

  it('has no transition on 24x7 or on a calendar open round the clock with no holiday ahead', () => {
    const full = { startMinute: 0, endMinute: 1440 };
    const roundTheClock: PlanCalendar = {
      id: 'full',
      timezone: 'Europe/London',
      alwaysOpen: false,
      hours: { 1: [full], 2: [full], 3: [full], 4: [full], 5: [full], 6: [full], 7: [full] },
      holidays: ['2020-01-01'],
    };
    expect(nextTransition(ALWAYS_OPEN_CALENDAR, 0)).toBeUndefined();
    expect(nextTransition(roundTheClock, at('Europe/London', '2026-03-28T12:00'))).toBeUndefined();
    expect(
      nextTransition({ ...roundTheClock, holidays: ['2026-12-25'] }, at('Europe/London', '2026-03-28T12:00')),
    ).toEqual({
      at: at('Europe/London', '2026-12-25T00:00'),
      opens: false,
    });
  });
});

describe('unusable calendars fail fast with a clear error', () => {
  it('a calendar with no opening hours', () => {
    const never: PlanCalendar = {
      id: 'never',
      timezone: 'UTC',
      alwaysOpen: false,
      hours: { 1: [] },
      holidays: [],
    };
    expect(() => addBusinessTime(never, 0, HOUR)).toThrow('calendar never has no opening hours');
    expect(() => addBusinessTime(never, 0, HOUR)).toThrow(CalendarError);
  });

  it('an unknown time zone', () => {
    expect(() => isOpen({ ...shanghai, timezone: 'Mars/Olympus' }, 0)).toThrow(/unknown time zone/);
  });

  it('an opening after ten weeks of holidays is still found (the search horizon grows with the holidays)', () => {
    // Open on Mondays only, 2026-11-23 to 2027-01-25 all holidays (10 Mondays), horizon = 7 × (10 + 3) days.
    const mondays = Array.from({ length: 10 }, (_, i) =>
      local('UTC', at('UTC', '2026-11-23') + i * 7 * 24 * HOUR).slice(0, 10),
    );
    const cal: PlanCalendar = {
      id: 'mondays',
      timezone: 'UTC',
      alwaysOpen: false,
      hours: { 1: [{ startMinute: 540, endMinute: 600 }] },
      holidays: mondays,
    };
    expect(local('UTC', addBusinessTime(cal, at('UTC', '2026-11-22T00:00'), HOUR))).toBe(
      '2027-02-01T10:00+00:00',
    );
  });

  it('but business time over a closed stretch is simply zero', () => {
    expect(businessTimeBetween(shanghai, cn('2026-10-01T00:00'), cn('2026-10-03T00:00'))).toBe(0);
  });
});

describe('calendar definitions are checked', () => {
  it('overlapping ranges count once', () => {
    const overlapping: PlanCalendar = {
      ...officeCalendar('overlap', 'UTC'),
      hours: {
        1: [
          { startMinute: 540, endMinute: 720 },
          { startMinute: 600, endMinute: 1080 },
        ],
      },
    };
    expect(
      businessTimeBetween(overlapping, at('UTC', '2026-11-23T00:00'), at('UTC', '2026-11-24T00:00')),
    ).toBe(9 * HOUR);
  });

  it('a range outside the day and a date that does not exist are refused', () => {
    const beyond: PlanCalendar = {
      ...officeCalendar('beyond', 'UTC'),
      hours: { 1: [{ startMinute: 1320, endMinute: 1500 }] },
    };
    expect(() => isOpen(beyond, 0)).toThrow(/not within 0–1440/);
    expect(() => isOpen({ ...officeCalendar('feb', 'UTC'), holidays: ['2026-02-30'] }, 0)).toThrow(
      /not a date/,
    );
  });
});
