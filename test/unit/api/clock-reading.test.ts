import { readClocksAt } from '../../../api/clock-reading';
import type { Plan } from '../../../definitions/plan';
import type { CaseView, ClockView } from '../../../workflows/messages';

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

const clock = (over: Partial<ClockView>): ClockView => ({
  name: 'resolution',
  target: 'PT9H',
  usedMs: 2 * HOUR,
  remainingMs: 7 * HOUR,
  paused: false,
  breached: false,
  calendar: 'office',
  dueAt: '2026-11-24T08:00:00.000Z', // Tue 16:00 Shanghai
  asOf: '2026-11-23T03:00:00.000Z', // Mon 11:00 Shanghai
  ...over,
});
const view = (clocks: ClockView[]) => ({ clocks }) as CaseView;

describe('reading clocks at the request instant', () => {
  it('adds the business time passed since the last event to a running clock', () => {
    const now = Date.parse('2026-11-23T12:00:00Z'); // Mon 20:00 Shanghai: 7 business hours after 11:00
    const [read] = readClocksAt(view([clock({})]), plan, now).clocks;
    expect(read).toMatchObject({
      usedMs: 9 * HOUR,
      remainingMs: 0,
      breached: false,
      asOf: new Date(now).toISOString(),
    });
  });

  it('marks it breached once its due instant has passed', () => {
    const now = Date.parse('2026-11-24T09:00:00Z'); // Tue 17:00 Shanghai
    const [read] = readClocksAt(view([clock({})]), plan, now).clocks;
    expect(read).toMatchObject({ usedMs: 17 * HOUR, remainingMs: 0, breached: true }); // 2h + Mon 7h + Tue 8h
  });

  it('leaves paused, stopped and uncalendared clocks as the case reported them', () => {
    const now = Date.parse('2026-11-24T09:00:00Z');
    const still = [
      clock({ paused: true }),
      clock({ stoppedAt: '2026-11-23T04:00:00Z' }),
      clock({ calendar: undefined }),
    ];
    expect(readClocksAt(view(still), plan, now).clocks).toEqual(still);
  });
});
