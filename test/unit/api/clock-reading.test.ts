/**
 * GET /cases/{id} reads a case's clocks at the request instant (cases/clock-reading.ts), with the engine's
 * own arithmetic (workflows/time readClockAt). The fixture is a clock the engine itself read: a 9h
 * resolution clock started Monday 09:00 on office hours, read at Monday 11:00 (2h used, 7h left, so due
 * Monday 18:00). The property test in test/unit/time/clock-reading.property.test.ts covers random clocks.
 */
import { readClocksAt } from '../../../cases/clock-reading';
import type { Plan } from '../../../definitions/plan';
import type { CaseView, ClockView } from '../../../workflows/messages';
import { clockView, pauseClock, startClock, stopClock } from '../../../workflows/time';

const HOUR = 3_600_000;
// Mon–Fri 09:00–18:00 in Shanghai (UTC+8, no DST).
const plan = {
  calendars: {
    office: {
      id: 'office',
      timezone: 'Asia/Shanghai',
      alwaysOpen: false,
      hours: Object.fromEntries([1, 2, 3, 4, 5].map((d) => [d, [{ startMinute: 540, endMinute: 1080 }]])),
      holidays: [],
    },
  },
} as unknown as Plan;

const started = Date.parse('2026-11-23T01:00:00Z'); // Mon 09:00 Shanghai
const asOf = Date.parse('2026-11-23T03:00:00Z'); // Mon 11:00 Shanghai
const running = startClock('resolution', 9 * HOUR, 'office', started);

const fixture: ClockView = {
  name: 'resolution',
  target: 'PT9H',
  dueAt: '2026-11-23T10:00:00.000Z', // Mon 18:00 Shanghai: 11:00 + the 7h left
  usedMs: 2 * HOUR,
  remainingMs: 7 * HOUR,
  paused: false,
  breached: false,
  calendar: 'office',
  startedAt: '2026-11-23T01:00:00.000Z',
  asOf: '2026-11-23T03:00:00.000Z',
};
const view = (clocks: ClockView[]) => ({ clocks }) as CaseView;
const readAt = (iso: string) => readClocksAt(view([fixture]), plan, Date.parse(iso)).clocks[0];

describe('reading clocks at the request instant', () => {
  it('starts from a clock the engine read: used 2h + remaining 7h from Mon 11:00 is due Mon 18:00', () => {
    expect(clockView(running, plan.calendars, asOf)).toEqual(fixture);
  });

  it('adds the business time passed since the last event to a running clock', () => {
    // Mon 17:00 Shanghai: 6 business hours after 11:00, one left.
    expect(readAt('2026-11-23T09:00:00Z')).toEqual({
      ...fixture,
      usedMs: 8 * HOUR,
      remainingMs: 1 * HOUR,
      asOf: '2026-11-23T09:00:00.000Z',
    });
  });

  it('marks it breached from its due instant on, and keeps counting after hours and the next day', () => {
    expect(readAt('2026-11-23T10:00:00Z')).toMatchObject({
      usedMs: 9 * HOUR,
      remainingMs: 0,
      breached: true,
    });
    // Mon 20:00: closed since 18:00, nothing more used.
    expect(readAt('2026-11-23T12:00:00Z')).toMatchObject({
      usedMs: 9 * HOUR,
      remainingMs: 0,
      breached: true,
    });
    // Tue 17:00: 2h + Mon 7h + Tue 8h.
    expect(readAt('2026-11-24T09:00:00Z')).toMatchObject({
      usedMs: 17 * HOUR,
      remainingMs: 0,
      breached: true,
    });
  });

  it('answers what the engine answers at that instant', () => {
    for (const iso of ['2026-11-23T09:00:00Z', '2026-11-23T10:00:00Z', '2026-11-24T09:00:00Z']) {
      expect(readAt(iso)).toEqual(clockView(running, plan.calendars, Date.parse(iso)));
    }
  });

  it('leaves paused, stopped and uncalendared clocks as the case reported them', () => {
    const now = Date.parse('2026-11-24T09:00:00Z');
    const still = [
      clockView(pauseClock(running, asOf, 'waiting'), plan.calendars, asOf),
      clockView(stopClock(running, asOf), plan.calendars, asOf),
      { ...fixture, calendar: undefined },
      { ...fixture, asOf: undefined },
    ];
    expect(readClocksAt(view(still), plan, now).clocks).toEqual(still);
  });

  it('shows a clock on a calendar it cannot use as the case reported it', () => {
    const lost = { ...fixture, calendar: 'gone' };
    expect(readClocksAt(view([lost]), plan, Date.parse('2026-11-24T09:00:00Z')).clocks).toEqual([lost]);
  });
});
