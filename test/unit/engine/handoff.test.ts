/** Handoff between departments: to the step's allowed list, and back to the coordinating department. */
import { anna, Harness, makePlan } from './fixture';

const handoff = (h: Harness, taskId: string, department: string) =>
  ({ kind: 'task.handoff', taskId, department, reason: `to ${department}`, principal: anna }) as const;

describe('handoff', () => {
  it('goes to an allowed department and back to the coordinator, who stays visible', () => {
    const h = new Harness(makePlan());
    const task = h.openTask('triage');
    h.send(handoff(h, task.id, 'technical'));
    expect(h.openTask('triage')).toMatchObject({ department: 'technical', coordinator: 'frontline' });
    h.send(handoff(h, task.id, 'frontline'));
    expect(h.openTask('triage')).toMatchObject({ department: 'frontline', coordinator: 'frontline' });
  });

  it('refuses a department that is neither allowed nor the coordinator, and the one already holding it', () => {
    const h = new Harness(makePlan());
    const task = h.openTask('triage');
    expect(h.refuse(handoff(h, task.id, 'quality'))).toMatchObject({ type: 'Invalid' });
    h.send(handoff(h, task.id, 'technical'));
    expect(h.refuse(handoff(h, task.id, 'technical'))).toMatchObject({
      type: 'Invalid',
      message: expect.stringMatching(/already with technical/),
    });
  });
});
