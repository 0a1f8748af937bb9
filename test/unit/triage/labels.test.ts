/** A recorded case's labels: where a person sent it, read from the engine's decision phrases. */
import type { TriageCase } from '../../../db/triage-cases';
import { caseLabels, sentTo } from '../../../triage/labels';

const departments = new Set(['frontline', 'technical', 'billing', 'management', 'quality']);
const d = (what: string) => ({ at: '2026-03-02T09:00:00Z', step: 'triage', what, why: '' });

const recorded = (over: Partial<TriageCase>): TriageCase => ({
  id: 'c-1',
  template: { name: 'customer-issue', version: 1, sha256: 'x' },
  subject: 'Cannot log in',
  description: '',
  status: 'resolved',
  category: 'technical',
  channel: 'web',
  customerTier: undefined,
  attributes: {},
  flags: [],
  decisions: [],
  firstTaskDepartment: 'frontline',
  ...over,
});

describe('triage labels', () => {
  it('reads routing, hand-offs and reassignments, with tiers and assignees, up to the first resolution', () => {
    const log = [
      d('classified as technical → technical'),
      d('task t-1 opened for frontline'),
      d('task t-1 handed off to billing'),
      d('task t-1 reassigned to technical/L2'),
      d('task t-1 reassigned to management / anna'),
      d('task t-1 reassigned to anna'),
      d('task t-1 completed: resolved'),
      d('task t-2 opened for quality'),
    ];
    expect(sentTo(log, departments)).toEqual(['frontline', 'billing', 'technical', 'management']);
  });

  it('labels a case with the first department past triage, else with triage itself', () => {
    const handedOff = recorded({
      decisions: [
        d('task t-1 opened for frontline'),
        d('task t-1 handed off to billing'),
        d('task t-2 opened for technical'),
      ],
    });
    expect(caseLabels(handedOff, departments)).toEqual({ department: 'billing', category: 'technical' });
    const atTriage = recorded({
      decisions: [d('task t-1 opened for frontline'), d('task t-1 completed: resolved')],
    });
    expect(caseLabels(atTriage, departments)?.department).toBe('frontline');
  });

  it('ignores a quality review after the case ended', () => {
    const reviewed = recorded({
      decisions: [d('task t-1 opened for frontline'), d('case resolved'), d('task t-9 opened for quality')],
    });
    expect(caseLabels(reviewed, departments)?.department).toBe('frontline');
  });

  it('learns nothing from a running case nobody routed, nor from an unclassified one', () => {
    expect(
      caseLabels(recorded({ status: 'open', decisions: [d('task t-1 opened for frontline')] }), departments),
    ).toBeUndefined();
    const routed = recorded({
      status: 'open',
      decisions: [d('task t-1 opened for frontline'), d('task t-1 handed off to technical')],
    });
    expect(caseLabels(routed, departments)?.department).toBe('technical');
    expect(caseLabels(recorded({ category: undefined }), departments)).toBeUndefined();
    expect(caseLabels(recorded({ firstTaskDepartment: undefined }), departments)).toBeUndefined();
  });
});
