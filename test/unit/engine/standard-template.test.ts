/** The shipped customer-issue template, compiled by the language and run by the engine (SPEC §5 paths). */
import { join } from 'node:path';
import { loadTemplateFile } from '../../../definitions/compile';
import type { Plan } from '../../../definitions/plan';
import { nextWakeAt } from '../../../workflows/engine/engine';
import { anna, ben, Harness, makeInput, T0 } from './fixture';

function standardPlan(): Plan {
  const result = loadTemplateFile(join(__dirname, '../../../definitions/customer-issue/v1.yaml'));
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.plan;
}

const DAY = 24 * 60 * 60 * 1000;

describe('standard customer-issue template', () => {
  const plan = standardPlan();

  it('classifies a Chinese refund request as billing and routes it there', () => {
    const h = new Harness(plan, makeInput({ subject: '退款', description: '请退款，重复扣费了' }));
    expect(h.state.category).toBe('billing');
    expect(h.state.department).toBe('billing');
    expect(h.openTask()).toMatchObject({ step: 'triage', department: 'frontline' });
    h.complete('route', { reason: 'billing matter' }, anna);
    expect(h.openTask()).toMatchObject({ step: 'department-work', department: 'billing' });
  });

  it('runs resolution → survey with a low score → complaint review', () => {
    const h = new Harness(plan, makeInput({ subject: 'Question', description: 'How do I change my plan?' }));
    h.complete('resolved', { resolution: 'explained' }, anna);
    const notices = h.commandsOf('notify').map((c) => c.request.message);
    expect(notices.some((m) => m.includes('resolved'))).toBe(true);
    let guard = 0;
    while (h.state.step !== 'survey' && guard++ < 5) {
      const wake = nextWakeAt(plan, h.state);
      if (wake === undefined) break;
      h.send({ kind: 'wake' }, wake);
      if (h.state.tasks.some((t) => t.step === 'follow-up' && t.status === 'open'))
        h.complete('confirmed', undefined, ben);
    }
    expect(h.state.step).toBe('survey');
    const link = h.commandsOf('issue-survey-link')[0] ?? { key: `${h.state.caseId}/survey/1` };
    h.send({ kind: 'survey.link-issued', key: link.key, token: 't', url: 'https://s/t' });
    h.send({ kind: 'survey.submit', answers: { speed: 1, ability: 4, attitude: 5 }, principal: anna });
    expect(h.openTask()).toMatchObject({ step: 'complaint-review', department: 'quality' });
  });

  it('waiting for the customer times out into closure with a notice', () => {
    const h = new Harness(plan, makeInput());
    h.complete('needs-info', undefined, anna);
    expect(h.state.status).toBe('waiting');
    h.send({ kind: 'wake' }, T0 + 3 * DAY);
    expect(h.state.finished || h.state.tasks.some((t) => t.origin === 'quality')).toBe(true);
    expect(['closed', 'resolved']).toContain(h.state.status);
  });

  it('a repeat contact flags the case and raises its priority through the urgency rules', () => {
    const h = new Harness(plan, makeInput({ subject: 'Question', description: 'How do I change my plan?' }));
    expect(h.state.priority).toBe('P4');
    h.send({ kind: 'customer.contact', input: makeInput({ subject: 'again' }), principal: anna });
    expect(h.state.input.flags).toEqual(['repeat-contact']);
    expect(h.state.priority).toBe('P3');
    expect(h.state.decisions.find((d) => d.what.startsWith('priority raised P4'))).toMatchObject({
      what: 'priority raised P4 → P3',
      why: 'repeat contact: reassessed',
    });
  });

  it('a major complaint goes straight to management', () => {
    const h = new Harness(
      plan,
      makeInput({ subject: '投诉', description: '我要向媒体投诉', customer: { id: 'c', tier: 'gold' } }),
    );
    expect(h.state).toMatchObject({ category: 'complaint', department: 'management' });
    expect(h.openTask()).toMatchObject({ step: 'management-review', department: 'management' });
  });

  it('hands the triage task off with the front line as coordinator, and escalates technical work to L2', () => {
    const h = new Harness(plan, makeInput({ subject: 'fault', description: 'router fault' }));
    const triage = h.openTask();
    h.send({
      kind: 'task.handoff',
      taskId: triage.id,
      department: 'technical',
      reason: 'needs a technician',
      principal: anna,
    });
    expect(h.openTask()).toMatchObject({ department: 'technical', coordinator: 'frontline' });
    h.complete('route', { reason: 'technical' }, ben);
    h.complete('escalate', { reason: 'beyond L1' }, ben);
    expect(h.openTask()).toMatchObject({ step: 'technical-l2', department: 'technical', tier: 'L2' });
  });
});
