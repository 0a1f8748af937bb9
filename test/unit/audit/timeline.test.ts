/**
 * The readable timeline (audit/timeline*.ts) built from saved histories of the standard flow and the
 * decision log each case ended with — no server: the history is the input.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { historyFromJson, historyToJson } from '../../../audit/history-json';
import { buildTimeline, timelineCsv } from '../../../audit/timeline';
import type { Timeline, TimelineEntry } from '../../../audit/timeline-types';
import { readHistoryFile } from '../../../cli/replay';
import type { CaseView } from '../../../workflows/messages';

const dir = join(__dirname, '..', '..', 'histories');
const fileOf = (prefix: string) =>
  join(
    dir,
    readdirSync(dir).find((f) => f.startsWith(prefix))!,
  );

function timelineOf(prefix: string): Timeline {
  const history = readHistoryFile(fileOf(prefix));
  const events = history.events ?? [];
  const result = events[events.length - 1]?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  const view = defaultPayloadConverter.fromPayload<CaseView>(result!);
  return buildTimeline({ caseId: view.id, template: view.template, decisions: view.decisions, history });
}

const find = (t: Timeline, kind: TimelineEntry['kind']) => t.entries.filter((e) => e.kind === kind);

describe('timeline', () => {
  it('says who did each task action, and why', () => {
    const t = timelineOf('case-std-task-actions');
    expect(t.template).toMatchObject({ name: 'customer-issue', version: 1 });
    const [opened] = find(t, 'case.opened');
    expect(opened).toMatchObject({ who: { kind: 'principal', name: 'intake' }, source: 'history' });
    expect(opened?.why).toMatch(/^template customer-issue v1 \(sha256 [0-9a-f]{64}\)$/);
    expect(find(t, 'task.claimed')[0]?.who).toEqual({ kind: 'principal', name: 'frontline' });
    expect(find(t, 'task.released')[0]?.who.name).toBe('frontline');
    expect(find(t, 'task.handed-off')[0]).toMatchObject({
      who: { kind: 'principal', name: 'frontline' },
      what: expect.stringMatching(/handed off to technical$/),
      why: 'looks like a bug',
    });
    expect(find(t, 'task.reassigned')[0]?.who.name).toBe('admin');
    expect(find(t, 'task.completed')[0]?.who.name).toBe('technical');
    expect(find(t, 'survey.answered')[0]?.who).toEqual({ kind: 'principal', name: 'customer' });
    expect(find(t, 'notification.sent').map((e) => e.what)).toContain(
      'notification to customer sent by email',
    );
    // Every update and signal is there with its principal, from the history.
    const requests = find(t, 'request.accepted').map((e) => `${e.who.name} ${e.what.split(':')[0]}`);
    expect(requests).toEqual([
      'frontline claimTask',
      'frontline releaseTask',
      'frontline handoffTask',
      'admin reassignTask',
      'technical completeTask',
      'customer submitSurvey',
    ]);
    expect(t.entries[t.entries.length - 1]).toMatchObject({ kind: 'run.ended', what: 'workflow completed' });
  });

  it('names the rule behind classification, priority and branches', () => {
    const t = timelineOf('case-std-major-complaint');
    expect(find(t, 'case.classified')[0]).toMatchObject({
      who: { kind: 'rule' },
      what: 'classified as complaint → management',
    });
    expect(find(t, 'priority.set')[0]?.who.kind).toBe('rule');
    expect(find(t, 'priority.raised')[0]).toMatchObject({
      what: 'priority raised P3 → P2',
      why: expect.stringMatching(/VIP/),
    });
    expect(find(t, 'branch.taken').map((e) => e.what)).toContain('→ management-review');
  });

  it('shows the SLA clocks pausing while the case waits, and the deadline that ended the wait', () => {
    const reply = timelineOf('case-std-needs-info-reply');
    expect(find(reply, 'clock.paused')[0]).toMatchObject({
      who: { kind: 'clock', name: 'sla' },
      what: 'SLA clocks paused (status waiting)',
    });
    expect(find(reply, 'clock.resumed')).toHaveLength(1);
    expect(find(reply, 'clock.started').map((e) => e.what)).toContain('response clock started');
    expect(find(reply, 'clock.stopped')[0]).toMatchObject({
      what: 'first response: response clock stopped',
      who: { kind: 'principal', name: 'frontline' },
    });
    expect(find(reply, 'request.accepted').map((e) => e.what)).toContainEqual(
      expect.stringMatching(/^customerMessage: from customer/),
    );
    const timeout = timelineOf('case-std-no-reply');
    expect(find(timeout, 'timer.fired').length).toBeGreaterThan(0);
    expect(find(timeout, 'wait.ended')[0]).toMatchObject({ what: 'wait timed out', who: { kind: 'timer' } });
    expect(find(timeout, 'case.ended')[0]?.what).toBe('case closed');
  });

  it('is in time order, history before the decisions of the same instant', () => {
    for (const prefix of ['case-std-routed', 'case-std-follow-up-reopen', 'case-kinds-every-step']) {
      const t = timelineOf(prefix);
      const times = t.entries.map((e) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    const kinds = timelineOf('case-kinds-every-step');
    expect(find(kinds, 'call.finished').map((e) => e.what)).toEqual(
      expect.arrayContaining(['business call answered 200', 'business call failed']),
    );
  });

  it('exports CSV with the template on every line', () => {
    const csv = timelineCsv(timelineOf('case-std-cancelled'));
    const [header, ...lines] = csv.trimEnd().split('\r\n');
    expect(header).toBe('at,kind,who,what,why,step,source,eventId,template,version,sha256');
    expect(lines.every((l) => /,customer-issue,1,[0-9a-f]{64}$/.test(l))).toBe(true);
    // The opening line quotes its comma-holding reason.
    expect(lines.find((l) => l.includes('case.cancelled'))).toMatch(
      /principal:admin,case cancelled,customer withdrew the request/,
    );
  });

  it('reads and writes proto JSON byte for byte', () => {
    const json = JSON.parse(JSON.stringify(historyToJson(readHistoryFile(fileOf('case-std-routed')))));
    expect(historyToJson(historyFromJson(json))).toEqual(json);
    expect(() => historyFromJson({ nope: true })).toThrow(/not a history/);
  });
});
