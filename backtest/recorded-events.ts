/**
 * The people's actions of a recorded case, rebuilt from its decision log as a simulation script
 * (contract/simulation.ts), each line at the instant it happened. Only what people (and customers) did
 * becomes a line: claims, releases, completions, handoffs, reassignments by a person, messages, repeat
 * contacts, cancellations by a person, survey answers and signals. What the engine decided by itself
 * (classification, priority, clocks, escalations, steps) is left out: the candidate decides it again.
 *
 * The decision texts are the engine's (workflows/engine/tasks.ts, engine.ts, steps/survey.ts, steps/wait.ts);
 * test/unit/backtest/recorded-events.test.ts pins this reading against decisions the real engine took.
 * Tasks are named by STEP id in the script: the candidate numbers its tasks its own way.
 */
import type { Plan } from '../definitions/plan';
import { MESSAGE_SENDERS } from '../contract';
import type { Decision, MessageSender, ScriptLine, UnplacedEvent } from '../contract';
import type { RecordedCase, RecordedMessage } from './recorded-case';

/** The script of a recorded case, and the actions that could not be rebuilt (reported, not guessed). */
export interface RecordedEvents {
  events: ScriptLine[];
  unplaced: UnplacedEvent[];
}

/** The engine's name of the principal that cancels a case on Temporal's cancellation (case.workflow.ts). */
const TEMPORAL_PRINCIPAL = 'temporal';

type Reader = (
  match: RegExpExecArray,
  d: Decision,
  ctx: ReadContext,
) => ScriptLine | UnplacedEvent | undefined;

interface ReadContext {
  recorded: RecordedCase;
  candidate?: Plan;
  /** The next message not yet matched to a decision. */
  nextMessage: () => RecordedMessage | undefined;
}

const taskStep = (ctx: ReadContext, taskId: string, d: Decision): string =>
  ctx.recorded.tasks.find((t) => t.id === taskId)?.step ?? d.step;

/** Each decision a person's action leaves, first match wins; the engine's own decisions match none. */
const readers: [RegExp, Reader][] = [
  [/^task (\S+) claimed$/, (m, d, ctx) => ({ do: 'claim', task: taskStep(ctx, m[1]!, d) })],
  [/^task (\S+) released$/, (m, d, ctx) => ({ do: 'release', task: taskStep(ctx, m[1]!, d) })],
  [
    /^task (\S+) completed: (.+)$/,
    (m, d, ctx) => {
      const outcome = m[2]!;
      const form = ctx.recorded.tasks.find((t) => t.id === m[1])?.form;
      return {
        do: 'complete',
        task: taskStep(ctx, m[1]!, d),
        outcome,
        ...(form === undefined ? {} : { form }),
        // markCompleted logs the note as the why, or `outcome <o>` when there was none.
        ...(d.why === `outcome ${outcome}` ? {} : { note: d.why }),
      };
    },
  ],
  [
    /^task (\S+) handed off to (\S+)$/,
    (m, d, ctx) => ({ do: 'handoff', task: taskStep(ctx, m[1]!, d), department: m[2]!, reason: d.why }),
  ],
  [
    /^task (\S+) reassigned to (.+)$/,
    (m, d, ctx) => {
      // An escalation's reassignment says `escalation <rung>`: the candidate's own rungs decide those.
      if (d.why !== 'reassign') return undefined;
      // `<department> / <assignee>`, or one of them: a department the candidate knows is a department.
      const parts = m[2]!.split(' / ');
      const isDepartment = (name: string): boolean => ctx.candidate?.departments[name] !== undefined;
      const [department, assignee] =
        parts.length === 2 ? parts : isDepartment(parts[0]!) ? [parts[0], undefined] : [undefined, parts[0]];
      return {
        do: 'reassign',
        task: taskStep(ctx, m[1]!, d),
        ...(department === undefined ? {} : { department }),
        ...(assignee === undefined ? {} : { assignee }),
      };
    },
  ],
  [
    new RegExp(`^message from (${MESSAGE_SENDERS.join('|')})$`),
    (m, d, ctx) => {
      const message = ctx.nextMessage();
      // The decision keeps the first 80 characters; the message row has the whole text.
      return { do: 'message', from: m[1] as MessageSender, text: message?.text ?? d.why };
    },
  ],
  [
    /^repeat contact joined the case$/,
    (_m, d, ctx) => {
      const message = ctx.nextMessage();
      return { do: 'contact', subject: message?.text ?? d.why.replace(/^[^:]*: /, '') };
    },
  ],
  [
    /^case cancelled$/,
    (_m, d) =>
      d.by === undefined || d.by === TEMPORAL_PRINCIPAL ? undefined : { do: 'cancel', reason: d.why },
  ],
  [/^survey answered$/, (_m, d) => ({ do: 'survey', answers: JSON.parse(d.why) as Record<string, never> })],
  [/^signal (\S+) noted$/, (m) => ({ do: 'signal', name: m[1]! })],
  [
    /^signal received$/,
    (_m, d, ctx) => {
      // The wait step took it; its name is the step's (`wait <step> for signal`), its payload in vars.<step>.
      const stepId = /^wait (\S+) for signal$/.exec(d.why)?.[1] ?? d.step;
      const step = ctx.candidate?.steps[stepId];
      if (step?.kind !== 'wait' || step.for.kind !== 'signal')
        return {
          at: d.at,
          event: `signal to ${stepId}`,
          reason: `its name is not recorded and the candidate has no wait step ${stepId} for a signal`,
        };
      const payload = ctx.recorded.view.vars[stepId];
      return { do: 'signal', name: step.for.signal, ...(payload === undefined ? {} : { payload }) };
    },
  ],
];

/**
 * The script of a recorded case: one line per action, at its instant, by whom it was done. `candidate`
 * resolves what the log leaves ambiguous (a reassignment's department, a signal's name).
 */
export function recordedEvents(recorded: RecordedCase, candidate?: Plan): RecordedEvents {
  const messages = [...recorded.messages].sort((a, b) => a.seq - b.seq);
  let nextMessage = 0;
  const ctx: ReadContext = { recorded, candidate, nextMessage: () => messages[nextMessage++] };
  const events: ScriptLine[] = [];
  const unplaced: UnplacedEvent[] = [];
  for (const d of recorded.decisions) {
    for (const [pattern, read] of readers) {
      const match = pattern.exec(d.what);
      if (match === null) continue;
      const line = read(match, d, ctx);
      if (line !== undefined && !('do' in line)) unplaced.push(line);
      else if (line !== undefined)
        events.push({ ...line, at: d.at, ...(d.by === undefined ? {} : { as: d.by }) });
      break;
    }
  }
  return { events, unplaced };
}

/** A script line in words, as the report names an event: "complete triage: route", "claim investigate". */
export function describeLine(line: ScriptLine): string {
  switch (line.do) {
    case 'complete':
      return `complete ${line.task ?? ''}: ${line.outcome ?? ''}`;
    case 'handoff':
      return `hand off ${line.task ?? ''} to ${line.department ?? ''}`;
    case 'reassign':
      return `reassign ${line.task ?? ''} to ${[line.department, line.assignee].filter(Boolean).join(' / ')}`;
    case 'claim':
    case 'release':
      return `${line.do} ${line.task ?? ''}`;
    case 'message':
      return `message from ${line.from ?? 'customer'}`;
    case 'signal':
      return `signal ${line.name ?? ''}`;
    case 'contact':
      return 'repeat contact';
    case 'cancel':
    case 'survey':
    case 'wait':
      return line.do;
    default: {
      const unknownAction: never = line.do;
      return String(unknownAction);
    }
  }
}
