/**
 * The readable timeline of a case: the engine's decision log (what was decided and why) merged with the
 * history's requests, notifications, calls and timers (who asked, what was sent), in time order.
 */
import type { PayloadConverter } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { CaseView } from '../workflows/messages';
import { toCsv } from './csv';
import { decisionEntries } from './timeline-decisions';
import { historyEntries, pauseStatusesOf } from './timeline-history';
import type { Timeline, TimelineEntry } from './timeline-types';

export interface TimelineSource {
  caseId: string;
  template: CaseView['template'];
  decisions: CaseView['decisions'];
  /** The run's history, payloads decoded. */
  history: History;
  runId?: string;
  converter?: PayloadConverter;
  /** The plan's SLA pause statuses, for a run that names its plan by reference (its start carries none). */
  pauseWhen?: string[];
}

/**
 * Time order; at the same instant a request comes before the decisions it caused (the update is accepted
 * in the workflow task whose time the engine stamps on its decisions), and each source keeps its own order.
 */
export function buildTimeline(source: TimelineSource): Timeline {
  // Each fact once: the history's opening line (who, channel, customer, template) replaces the engine's
  // shorter `case opened`, and the engine's `survey link sent` replaces the history's link issuing.
  const fromHistory = historyEntries(source.history, source.converter).filter(
    (entry) => entry.kind !== 'survey.sent',
  );
  const opened = fromHistory.some((entry) => entry.kind === 'case.opened');
  const pauseWhen = pauseStatusesOf(source.history, source.converter) ?? source.pauseWhen ?? [];
  const fromDecisions = decisionEntries(source.decisions, pauseWhen).filter(
    (entry) => !opened || entry.kind !== 'case.opened',
  );
  const rank = (entry: TimelineEntry): number => (entry.source === 'history' ? 0 : 1);
  const tagged = [...fromHistory, ...fromDecisions].map((entry, index) => ({ entry, index }));
  tagged.sort(
    (a, b) =>
      Date.parse(a.entry.at) - Date.parse(b.entry.at) || rank(a.entry) - rank(b.entry) || a.index - b.index,
  );
  return {
    caseId: source.caseId,
    template: source.template,
    ...(source.runId ? { runId: source.runId } : {}),
    entries: tagged.map((t) => t.entry),
  };
}

const csvColumns = ['at', 'kind', 'who', 'what', 'why', 'step', 'source', 'eventId'] as const;

/** The template is repeated on every line, so a line stands on its own in a spreadsheet. */
export function timelineCsv(timeline: Timeline): string {
  const header = [...csvColumns, 'template', 'version', 'sha256'];
  const rows = timeline.entries.map((e) => [
    e.at,
    e.kind,
    `${e.who.kind}:${e.who.name}`,
    e.what,
    e.why,
    e.step,
    e.source,
    e.eventId,
    timeline.template.name,
    timeline.template.version,
    timeline.template.sha256,
  ]);
  return toCsv(header, rows);
}
