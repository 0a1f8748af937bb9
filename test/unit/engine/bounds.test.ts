/**
 * Bounded case state (workflows/engine/bounds.ts; docs/security.md): what the driver does after every
 * change — messages out of the state, numbered; decision log and escalation records capped, never dropping a
 * decision no written projection carried. The integration test (test/integration/bounded-state.test.ts)
 * sends the same load through the real system.
 */
import { STATE_LIMITS, decisionTotal, takeMessages, trimLists } from '../../../workflows/engine/bounds';
import type { EscalationRecord } from '../../../workflows/engine/types';
import { toCaseView } from '../../../workflows/engine/view';
import { Harness, intake, makePlan, T0 } from './fixture';

const text = (n: number) => `message ${n} `.padEnd(20_000, 'x');
const message = (n: number) => ({
  kind: 'customer.message' as const,
  from: 'customer' as const,
  text: text(n),
  principal: intake,
});

/** Drives a case with 500 messages of 20 KB the way the workflow does; `bounded: false` is the old driver. */
function chatty(bounded: boolean, count = 500) {
  const h = new Harness(makePlan());
  const written: ReturnType<typeof takeMessages> = [];
  for (let n = 1; n <= count; n += 1) {
    h.send(message(n), T0 + n * 1000);
    if (!bounded) continue;
    written.push(...takeMessages(h.state));
    // Every change is projected at once here: all decisions are written.
    trimLists(h.state, decisionTotal(h.state));
  }
  return { h, written };
}

describe('bounded case state', () => {
  it('keeps a case with 500 messages of 20 KB small (the old state grew by 20 KB a message)', () => {
    const { h, written } = chatty(true);
    const size = JSON.stringify(h.state).length;
    expect(size).toBeLessThan(64 * 1024);
    expect(JSON.stringify(toCaseView(h.plan, h.state)).length).toBeLessThan(64 * 1024);
    expect(h.state.messages).toEqual([]);
    expect(h.state.decisions).toHaveLength(STATE_LIMITS.decisions);
    expect(h.state.bounds).toMatchObject({
      messages: 500,
      lastCustomerMessageAt: new Date(T0 + 500_000).toISOString(),
    });
    expect(decisionTotal(h.state)).toBe(h.state.bounds!.droppedDecisions + STATE_LIMITS.decisions);
    expect(toCaseView(h.plan, h.state)).toMatchObject({
      messageCount: 500,
      decisionsDropped: h.state.bounds!.droppedDecisions,
    });
    // Every message went out once, numbered in order, whole.
    expect(written.map((m) => m.seq)).toEqual(Array.from({ length: 500 }, (_, k) => k + 1));
    expect(written[499]).toMatchObject({ caseId: 'C1', from: 'customer', by: 'web', text: text(500) });

    // The old driver carried every message: 40 of them already make 800 KB (and each event copies it all).
    const old = chatty(false, 40).h.state;
    expect(JSON.stringify(old).length).toBeGreaterThan(800_000);
  });

  it('drops only decisions a written projection carried', () => {
    const h = new Harness(makePlan());
    for (let n = 1; n <= 150; n += 1) h.send({ ...message(n), text: `message ${n}` }, T0 + n * 1000);
    takeMessages(h.state);
    const total = decisionTotal(h.state);
    // Nothing projected yet: nothing may go.
    trimLists(h.state, 0);
    expect(h.state.decisions).toHaveLength(total);
    // Projected up to 20 decisions: those 20 go, the rest wait for their projection.
    trimLists(h.state, 20);
    expect(h.state.bounds!.droppedDecisions).toBe(20);
    expect(decisionTotal(h.state)).toBe(total);
    trimLists(h.state, total);
    expect(h.state.decisions).toHaveLength(STATE_LIMITS.decisions);
    expect(h.state.decisions[h.state.decisions.length - 1]?.why).toContain('message 150');
  });

  it('takes the messages a state carried over from before bounded state, once', () => {
    const h = new Harness(makePlan());
    h.send(message(1)).send({ kind: 'customer.message', from: 'agent', text: 'on it', principal: intake });
    delete h.state.bounds;
    const taken = takeMessages(h.state);
    expect(taken.map((m) => [m.seq, m.from])).toEqual([
      [1, 'customer'],
      [2, 'agent'],
    ]);
    expect(takeMessages(h.state)).toEqual([]);
    expect(h.state.bounds).toMatchObject({
      messages: 2,
      lastCustomerMessageAt: taken[0]?.at,
      lastMessageAt: taken[1]?.at,
    });
  });

  it('caps the escalation records and counts the dropped', () => {
    const h = new Harness(makePlan());
    const record = (n: number): EscalationRecord => ({
      rung: `r${n}`,
      key: `k${n}`,
      scope: 'case',
      firedAt: new Date(T0).toISOString(),
      dueAt: new Date(T0).toISOString(),
      cause: { kind: 'clock.breached', clock: 'resolution' } as EscalationRecord['cause'],
      description: 'resolution clock breached',
      actions: [],
    });
    h.state.escalations = Array.from({ length: 80 }, (_, k) => record(k + 1));
    trimLists(h.state, decisionTotal(h.state));
    expect(h.state.escalations.map((e) => e.rung)).toEqual(
      Array.from({ length: STATE_LIMITS.escalations }, (_, k) => `r${k + 31}`),
    );
    expect(h.state.bounds?.droppedEscalations).toBe(30);
  });
});
