import type { Plan } from '../definitions/plan';
import { readClockAt } from '../workflows/time';
import type { CaseView } from '../workflows/messages';

/**
 * A case's clocks read at `now` instead of at the case's last activation. A workflow query sees workflow
 * time, which Temporal moves only when the case wakes; a running clock has used more business time since.
 * The arithmetic is the engine's (workflows/time readClockAt); this only applies it to every clock.
 */
export function readClocksAt(view: CaseView, plan: Plan, now: number): CaseView {
  return {
    ...view,
    clocks: view.clocks.map((clock) => {
      try {
        return readClockAt(clock, plan.calendars, now);
      } catch {
        return clock; // an unusable calendar is the engine's to report; show what it computed
      }
    }),
  };
}
