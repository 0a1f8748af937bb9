/**
 * The decision log read back as the script that produced it: decisions made by the real engine (a scripted
 * case simulated on the shipped template), turned into events, must equal that script. This pins the
 * reading of the engine's decision texts (backtest/recorded-events.ts), which would otherwise break silently
 * when a text changes.
 */
import type { ScriptLine } from '../../../contract';
import { recordedEvents } from '../../../backtest/recorded-events';
import { backtestCase } from '../../../backtest/run';
import { at, input, loadPlan, recordCase } from './standard-cases';

const plan = loadPlan();

const scripts: Record<string, { input: Parameters<typeof input>[0]; events: ScriptLine[] }> = {
  'needs info, a reply, a handoff, a reassignment and a resolution with a note': {
    input: {
      customer: { id: 'c-1', name: 'Li', tier: 'gold' },
      description: 'The app shows a fault when I log in',
    },
    events: [
      { do: 'claim', task: 'triage', at: at(5), as: 'anna' },
      {
        do: 'message',
        from: 'agent',
        text: `Which version of the app? ${'x'.repeat(100)}`,
        at: at(6),
        as: 'anna',
      },
      { do: 'complete', task: 'triage', outcome: 'needs-info', at: at(7), as: 'anna' },
      { do: 'message', from: 'customer', text: 'Version 3.2, on Android', at: at(60), as: 'web' },
      { do: 'claim', task: 'triage', at: at(61), as: 'anna' },
      { do: 'release', task: 'triage', at: at(61), as: 'anna' },
      {
        do: 'handoff',
        task: 'triage',
        department: 'technical',
        reason: 'an app fault',
        at: at(62),
        as: 'anna',
      },
      { do: 'reassign', task: 'triage', assignee: 'tom', at: at(70), as: 'lead' },
      {
        do: 'complete',
        task: 'triage',
        outcome: 'route',
        form: { reason: 'technical fault' },
        note: 'looks like the login service',
        at: at(80),
        as: 'tom',
      },
      { do: 'contact', subject: 'Still broken?', at: at(90), as: 'phone' },
      { do: 'signal', name: 'nudge', at: at(95), as: 'ops' },
      {
        do: 'complete',
        task: 'department-work',
        outcome: 'resolved',
        form: { resolution: 'restarted the login service' },
        at: at(120),
        as: 'tom',
      },
      { do: 'complete', task: 'follow-up', outcome: 'confirmed', at: at(120 + 2 * 24 * 60 + 10), as: 'tom' },
      {
        do: 'survey',
        answers: { speed: 5, ability: 4, attitude: 5 },
        at: at(120 + 2 * 24 * 60 + 30),
        as: 'c-1',
      },
    ],
  },
  'resolved at triage': {
    input: {},
    events: [
      { do: 'claim', task: 'triage', at: at(3), as: 'anna' },
      {
        do: 'complete',
        task: 'triage',
        outcome: 'resolved',
        form: { resolution: 'refunded' },
        at: at(4),
        as: 'anna',
      },
      { do: 'survey', answers: { speed: 4, ability: 4, attitude: 4 }, at: at(30), as: 'c-1' },
    ],
  },
  'cancelled by a person': {
    input: {},
    events: [{ do: 'cancel', reason: 'duplicate of another case', at: at(10), as: 'anna' }],
  },
};

describe.each(Object.entries(scripts))('a case %s', (_name, script) => {
  const { recorded, refusals } = recordCase(plan, 'BT-1', input(script.input), script.events);

  it('is the script that produced it, read back from its decisions, tasks and messages', () => {
    expect(refusals).toEqual([]);
    const read = recordedEvents(recorded, plan);
    expect(read.unplaced).toEqual([]);
    expect(read.events).toEqual(script.events);
  });

  it('backtests on its own template with no difference and nothing unplaced', () => {
    expect(backtestCase(plan, recorded)).toMatchObject({ differences: [], unplaced: [] });
  });
});

it('leaves out what the engine decided by itself: escalations, clocks, classification', () => {
  // Nobody claims: the unclaimed-task and clock rungs fire on their own and are no events.
  const { recorded } = recordCase(plan, 'BT-2', input(), [{ do: 'wait', at: at(3 * 24 * 60) }]);
  expect(recorded.decisions.some((d) => d.what.startsWith('escalation '))).toBe(true);
  expect(recordedEvents(recorded, plan).events).toEqual([]);
});
