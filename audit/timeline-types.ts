/** The readable timeline of a case (GET /cases/{id}/timeline): one entry per thing that happened. */
import type { TemplateRef } from '../contract';

/** Who or what made it happen: a person (the principal on the update or signal) or the flow itself. */
export interface TimelineActor {
  /**
   * `principal`: a signed-in caller (agent, intake, admin, the customer through a survey link);
   * `rule`: a template rule the engine applied (classify, priority, branch); `timer`: a deadline or delay
   * of the template ran out; `clock`: an SLA clock (breach, warning, pause, resume); `system`: caseflow's own
   * work (notifications, business calls, projections of the engine's commands).
   */
  kind: 'principal' | 'rule' | 'timer' | 'clock' | 'system';
  name: string;
}

export const timelineKinds = [
  'case.opened',
  'case.classified',
  'case.status',
  'case.reopened',
  'case.ended',
  'case.cancelled',
  'case.migrated',
  'priority.set',
  'priority.raised',
  'task.opened',
  'task.assigned',
  'task.claimed',
  'task.released',
  'task.completed',
  'task.handed-off',
  'task.reassigned',
  'task.cancelled',
  'branch.taken',
  'wait.ended',
  'message.received',
  'contact.merged',
  'signal.received',
  'call.started',
  'call.finished',
  'notification.queued',
  'notification.sent',
  'notification.failed',
  'survey.sent',
  'survey.answered',
  'survey.timed-out',
  'consent.applied',
  'follow-up.scheduled',
  'clock.started',
  'clock.stopped',
  'clock.retargeted',
  'clock.paused',
  'clock.resumed',
  'clock.breached',
  'escalation.fired',
  'escalation.skipped',
  'quality.sampled',
  'timer.fired',
  'request.accepted',
  'run.continued',
  'run.ended',
  'decision',
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export interface TimelineEntry {
  /** ISO instant (workflow time). */
  at: string;
  kind: TimelineKind;
  who: TimelineActor;
  /** One readable line. */
  what: string;
  /** Why: the rule, outcome, reason, note or deadline behind it. */
  why?: string;
  step?: string;
  /** `decision`: the engine's decision log (case state); `history`: a Temporal history event. */
  source: 'decision' | 'history';
  /** For history entries: the event id, to find it in GET /cases/{id}/history. */
  eventId?: number;
}

export interface Timeline {
  caseId: string;
  template: TemplateRef;
  /** The Temporal run the history entries come from (a continued-as-new case has several). */
  runId?: string;
  entries: TimelineEntry[];
}
