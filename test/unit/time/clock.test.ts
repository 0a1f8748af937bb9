import {
  clockView,
  dueAt,
  instantAtPercent,
  isBreached,
  olaClockName,
  pauseClock,
  resumeClock,
  retargetClock,
  startClock,
  stopClock,
  usedMs,
} from '../../../workflows/time/clock';
import { HOUR, MINUTE, calendars, cn, cnLocal, shanghai } from './fixtures';

const P2_RESPONSE = HOUR;

describe('SLA clock', () => {
  const opened = cn('2026-11-20T17:30'); // Friday
  const clock = startClock('response', P2_RESPONSE, shanghai.id, opened);

  it('counts business time only and is due when the target runs out', () => {
    expect(usedMs(clock, calendars, cn('2026-11-20T18:00'))).toBe(30 * MINUTE);
    expect(usedMs(clock, calendars, cn('2026-11-22T12:00'))).toBe(30 * MINUTE);
    expect(cnLocal(dueAt(clock, calendars)!)).toBe('2026-11-23T09:30+08:00');
  });

  it('is breached from its due instant on while running; met when stopped at the due instant', () => {
    const due = dueAt(clock, calendars)!;
    expect(isBreached(clock, calendars, due - 1)).toBe(false);
    expect(isBreached(clock, calendars, due)).toBe(true);
    expect(isBreached(stopClock(clock, due), calendars, due + HOUR)).toBe(false);
    expect(isBreached(stopClock(clock, due + 1), calendars, due + HOUR)).toBe(true);
  });

  it('stays breached after hours, when no more business time passes', () => {
    const short = startClock('response', 30 * MINUTE, shanghai.id, opened);
    expect(isBreached(short, calendars, cn('2026-11-20T21:00'))).toBe(true);
    expect(usedMs(short, calendars, cn('2026-11-20T21:00'))).toBe(30 * MINUTE);
  });

  it('a pause pushes the due time by the business time it covered', () => {
    const monday = startClock('resolution', 9 * HOUR, shanghai.id, cn('2026-11-23T09:00'));
    const paused = pauseClock(monday, cn('2026-11-23T10:00'), 'waiting');
    expect(dueAt(paused, calendars)).toBeUndefined();
    expect(usedMs(paused, calendars, cn('2026-11-23T15:00'))).toBe(HOUR);
    const resumed = resumeClock(paused, cn('2026-11-23T12:00'));
    expect(cnLocal(dueAt(resumed, calendars)!)).toBe('2026-11-24T11:00+08:00');
    expect(resumed.ledger).toEqual([
      { state: 'running', from: cn('2026-11-23T09:00'), to: cn('2026-11-23T10:00'), calendar: shanghai.id },
      { state: 'paused', from: cn('2026-11-23T10:00'), to: cn('2026-11-23T12:00'), reason: 'waiting' },
      { state: 'running', from: cn('2026-11-23T12:00'), calendar: shanghai.id },
    ]);
  });

  it('a clock may start paused (the case already waits) and pause/resume are idempotent', () => {
    const waiting = startClock('resolution', HOUR, shanghai.id, cn('2026-11-23T09:00'), 'waiting');
    expect(waiting.state).toBe('paused');
    expect(pauseClock(waiting, cn('2026-11-23T10:00'), 'again')).toBe(waiting);
    const running = resumeClock(waiting, cn('2026-11-23T10:00'));
    expect(resumeClock(running, cn('2026-11-23T11:00'))).toBe(running);
    expect(cnLocal(dueAt(running, calendars)!)).toBe('2026-11-23T11:00+08:00');
  });

  it('a clock that breached before it was paused keeps its due time and stays breached', () => {
    const paused = pauseClock(clock, cn('2026-11-23T10:00'), 'waiting');
    expect(cnLocal(dueAt(paused, calendars)!)).toBe('2026-11-23T09:30+08:00');
    expect(isBreached(paused, calendars, cn('2026-11-23T11:00'))).toBe(true);
  });

  it('retarget carries business time already spent over to the new target', () => {
    // P3 response (4 business hours) from Monday 09:00; raised to P2 (1h) at 09:40.
    const p3 = startClock('response', 4 * HOUR, shanghai.id, cn('2026-11-23T09:00'));
    const p2 = retargetClock(p3, cn('2026-11-23T09:40'), HOUR);
    expect(cnLocal(dueAt(p2, calendars)!)).toBe('2026-11-23T10:00+08:00');
    // Raised later than the new target allows: due in the past, breached at once.
    const late = retargetClock(p3, cn('2026-11-23T11:00'), HOUR);
    expect(isBreached(late, calendars, cn('2026-11-23T11:00'))).toBe(true);
    expect(cnLocal(dueAt(late, calendars)!)).toBe('2026-11-23T10:00+08:00');
    expect(late.targets.map((t) => t.targetMs)).toEqual([4 * HOUR, HOUR]);
  });

  it('retarget onto another calendar counts the past on the old one and the future on the new one', () => {
    // Opened Friday 17:00 on office hours, raised on Saturday 10:00 to a 2h target on 24x7.
    const p3 = startClock('resolution', 27 * HOUR, shanghai.id, cn('2026-11-20T17:00'));
    const p1 = retargetClock(p3, cn('2026-11-21T10:00'), 2 * HOUR, '24x7');
    expect(usedMs(p1, calendars, cn('2026-11-21T10:00'))).toBe(HOUR);
    expect(cnLocal(dueAt(p1, calendars)!)).toBe('2026-11-21T11:00+08:00');
    expect(p1.ledger.map((e) => (e.state === 'running' ? e.calendar : e.state))).toEqual([
      shanghai.id,
      '24x7',
    ]);
  });

  it('retarget of a paused clock changes the calendar it resumes on', () => {
    const paused = pauseClock(
      startClock('resolution', 4 * HOUR, shanghai.id, cn('2026-11-20T17:00')),
      cn('2026-11-20T17:30'),
      'w',
    );
    const resumed = resumeClock(
      retargetClock(paused, cn('2026-11-21T09:00'), 2 * HOUR, '24x7'),
      cn('2026-11-21T10:00'),
    );
    expect(cnLocal(dueAt(resumed, calendars)!)).toBe('2026-11-21T11:30+08:00');
  });

  it('a stopped clock is frozen: used time, due time, no more retargets', () => {
    const stopped = stopClock(clock, cn('2026-11-23T09:10'));
    expect(usedMs(stopped, calendars, cn('2026-11-30T12:00'))).toBe(40 * MINUTE);
    expect(cnLocal(dueAt(stopped, calendars)!)).toBe('2026-11-23T09:30+08:00');
    expect(retargetClock(stopped, cn('2026-11-23T10:00'), 10 * HOUR)).toBe(stopped);
    expect(stopClock(stopped, cn('2026-11-24T10:00'))).toBe(stopped);
  });

  it('finds the instant a percentage of the target is used (80% of 10h from Monday 09:00 → Monday 17:00)', () => {
    const c = startClock('resolution', 10 * HOUR, shanghai.id, cn('2026-11-23T09:00'));
    expect(cnLocal(instantAtPercent(c, calendars, 80)!)).toBe('2026-11-23T17:00+08:00');
    expect(cnLocal(instantAtPercent(c, calendars, 100)!)).toBe('2026-11-24T10:00+08:00');
  });

  it('renders a ClockView', () => {
    expect(clockView(clock, calendars, cn('2026-11-23T09:10'))).toEqual({
      name: 'response',
      target: 'PT1H',
      dueAt: '2026-11-23T01:30:00.000Z',
      usedMs: 40 * MINUTE,
      remainingMs: 20 * MINUTE,
      paused: false,
      breached: false,
      calendar: shanghai.id,
      startedAt: '2026-11-20T09:30:00.000Z',
      asOf: '2026-11-23T01:10:00.000Z',
    });
    expect(
      clockView(stopClock(clock, cn('2026-11-23T09:20')), calendars, cn('2026-11-23T12:00')),
    ).toMatchObject({
      usedMs: 50 * MINUTE, // Friday 17:30–18:00, Monday 09:00–09:20
      stoppedAt: '2026-11-23T01:20:00.000Z',
      breached: false,
    });
    const view = clockView(
      pauseClock(clock, cn('2026-11-20T17:45'), 'waiting'),
      calendars,
      cn('2026-11-23T12:00'),
    );
    expect(view).toMatchObject({
      paused: true,
      usedMs: 15 * MINUTE,
      remainingMs: 45 * MINUTE,
      breached: false,
    });
    expect(view.dueAt).toBeUndefined();
    expect(clockView(clock, calendars, cn('2026-11-23T12:00'))).toMatchObject({
      remainingMs: 0,
      breached: true,
    });
  });

  it('an OLA clock is an ordinary clock on the department calendar', () => {
    const ola = startClock(olaClockName('technical'), 2 * HOUR, shanghai.id, cn('2026-11-23T17:00'));
    expect(ola.name).toBe('ola:technical');
    expect(cnLocal(dueAt(ola, calendars)!)).toBe('2026-11-24T10:00+08:00');
  });

  it('never mutates its input and refuses time going backwards', () => {
    const before = JSON.stringify(clock);
    pauseClock(clock, cn('2026-11-23T10:00'), 'w');
    retargetClock(clock, cn('2026-11-23T10:00'), 2 * HOUR, '24x7');
    stopClock(clock, cn('2026-11-23T10:00'));
    expect(JSON.stringify(clock)).toBe(before);
    expect(() => pauseClock(clock, opened - 1, 'w')).toThrow(RangeError);
  });

  it('rejects an unknown calendar with its name', () => {
    expect(() => dueAt(startClock('response', HOUR, 'nope', 0), calendars)).toThrow(
      'unknown calendar "nope"',
    );
  });
});
