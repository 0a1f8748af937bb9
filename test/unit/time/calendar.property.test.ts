/**
 * The calendar arithmetic against the minute-by-minute reference, over random calendars, DST zones,
 * holidays and instants. Inputs are on whole minutes, so the reference is exact.
 */
import fc from 'fast-check';
import {
  addBusinessTime,
  businessTimeBetween,
  isOpen,
  nextTransition,
} from '../../../workflows/time/calendar';
import { calendarAndInstant, weeklyOpenMinutes } from './arbitraries';
import {
  MINUTE,
  refAddBusinessTime,
  refBusinessTimeBetween,
  refIsOpen,
  refNextTransition,
} from './reference-calendar';

const DAY_MINUTES = 24 * 60;

describe('calendar arithmetic agrees with the minute-by-minute reference', () => {
  it('isOpen', () => {
    fc.assert(
      fc.property(calendarAndInstant, fc.integer({ min: 0, max: 3 * DAY_MINUTES }), ({ cal, at }, shift) => {
        const t = at + shift * MINUTE;
        expect(isOpen(cal, t)).toBe(refIsOpen(cal, t));
      }),
      { numRuns: 2000 },
    );
  });

  it('businessTimeBetween', () => {
    fc.assert(
      fc.property(calendarAndInstant, fc.integer({ min: 0, max: 4 * DAY_MINUTES }), ({ cal, at }, span) => {
        const to = at + span * MINUTE;
        expect(businessTimeBetween(cal, at, to)).toBe(refBusinessTimeBetween(cal, at, to));
      }),
      { numRuns: 200 },
    );
  });

  it('addBusinessTime', () => {
    fc.assert(
      fc.property(calendarAndInstant, fc.double({ min: 0, max: 1, noNaN: true }), ({ cal, at }, fraction) => {
        // Up to ~1.5 weeks of this calendar's opening hours, capped so the reference stays fast.
        const minutes = Math.floor(fraction * Math.min(1.5 * weeklyOpenMinutes(cal), 3 * DAY_MINUTES));
        const expected = refAddBusinessTime(cal, at, minutes * MINUTE, 40 * DAY_MINUTES);
        fc.pre(expected !== undefined);
        expect(addBusinessTime(cal, at, minutes * MINUTE)).toBe(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('nextTransition', () => {
    fc.assert(
      fc.property(calendarAndInstant, ({ cal, at }) => {
        const horizon = 10 * DAY_MINUTES;
        const expected = refNextTransition(cal, at, horizon);
        const actual = nextTransition(cal, at);
        if (expected) expect(actual).toEqual(expected);
        else if (actual) expect(actual.at).toBeGreaterThan(at + horizon * MINUTE);
      }),
      { numRuns: 200 },
    );
  });
});

describe('calendar arithmetic is self-consistent at millisecond precision', () => {
  const ms = fc.integer({ min: 0, max: 59_999 });

  it('businessTimeBetween(start, addBusinessTime(start, d)) = d, and nothing earlier reaches d', () => {
    fc.assert(
      fc.property(
        calendarAndInstant,
        ms,
        fc.integer({ min: 0, max: 5 * 24 * 3_600_000 }),
        ({ cal, at }, jitter, d) => {
          const start = at + jitter;
          const due = addBusinessTime(cal, start, d);
          expect(businessTimeBetween(cal, start, due)).toBe(d);
          if (d > 0) expect(isOpen(cal, due - 1)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('businessTimeBetween is additive', () => {
    fc.assert(
      fc.property(
        calendarAndInstant,
        ms,
        fc.nat(3 * 86_400_000),
        fc.nat(3 * 86_400_000),
        ({ cal, at }, jitter, a, b) => {
          const from = at + jitter;
          const total = businessTimeBetween(cal, from, from + a + b);
          expect(
            businessTimeBetween(cal, from, from + a) + businessTimeBetween(cal, from + a, from + a + b),
          ).toBe(total);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the state holds until nextTransition and flips there', () => {
    fc.assert(
      fc.property(calendarAndInstant, ms, ({ cal, at }, jitter) => {
        const t = at + jitter;
        const transition = nextTransition(cal, t);
        if (!transition) return;
        expect(transition.at).toBeGreaterThan(t);
        expect(isOpen(cal, transition.at)).toBe(transition.opens);
        expect(isOpen(cal, transition.at - 1)).toBe(!transition.opens);
        expect(isOpen(cal, t)).toBe(!transition.opens);
        const stillOpen = businessTimeBetween(cal, t, transition.at);
        expect(stillOpen).toBe(transition.opens ? 0 : transition.at - t);
      }),
      { numRuns: 500 },
    );
  });
});
