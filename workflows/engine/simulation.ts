/**
 * The engine on virtual time, for `caseflow simulate`: a case, a script of what people do and when, and
 * every wake-up in between fired at its own instant. No Temporal and no I/O: the commands a worker would
 * carry out are answered here (survey links issued, business calls answered from the script).
 */
import { parseDuration } from '../../definitions/durations';
import type { Plan } from '../../definitions/plan';
import type { CallAnswers, Script, ScriptLine } from '../../contract';
import type { CaseInput, Principal } from '../messages';
import { applyEvent, nextWakeAt, startCase } from './engine';
import type { CaseCommand, CaseEvent, CaseState, EngineResult } from './types';

// The script's shape (its lines, how business calls answer) is the contract's: cli/simulate.ts reads
// script files with contract/simulation.ts.
export type { CallAnswers, Script, ScriptLine };

export type TraceLine =
  | { at: number; kind: 'decision'; step: string; what: string; why: string; by?: string }
  | { at: number; kind: 'command'; text: string }
  | { at: number; kind: 'refused'; text: string };

/** A script line the case refused, and why (the engine's rejection, or why it is no event here). */
export interface RefusedLine {
  /** Index of the line in `script.events`. */
  line: number;
  at: number;
  reason: string;
}

export interface SimulationResult {
  trace: TraceLine[];
  state: CaseState;
  refusals: number;
  /** The script lines refused, each with its reason (backtests report them as events not placed). */
  refusedLines: RefusedLine[];
  /** Steps in the order the case entered them. */
  path: string[];
  /** Virtual time when the simulation stopped (clocks are read at this instant). */
  now: number;
}

export interface SimulationOptions {
  /** Stop virtual time here (epoch ms): later timers do not fire. Default: run until nothing is pending. */
  until?: number;
}

/** Wake-ups fired after the script ends, at most: enough for every timeout chain of a sane template. */
const DRAIN_LIMIT = 100;

export function simulate(
  plan: Plan,
  opening: { caseId: string; input: CaseInput; openedAt: string },
  script: Script,
  options: SimulationOptions = {},
): SimulationResult {
  const trace: TraceLine[] = [];
  const path: string[] = [];
  let now = Date.parse(opening.openedAt);
  let refusals = 0;
  const refusedLines: RefusedLine[] = [];
  const queue: CaseEvent[] = [];
  const system: Principal = { name: 'simulator', roles: ['admin'] };

  const record = (
    before: CaseState | undefined,
    result: EngineResult,
    label: string,
  ): CaseState | undefined => {
    if (!result.ok) {
      refusals += 1;
      trace.push({
        at: now,
        kind: 'refused',
        text: `${label} refused (${result.rejection.type}): ${result.rejection.message}`,
      });
      return before;
    }
    for (const d of result.state.decisions.slice(before?.decisions.length ?? 0)) {
      trace.push({ at: now, kind: 'decision', step: d.step, what: d.what, why: d.why, by: d.by });
      // Side tasks of escalations (`escalation:<rung>`) are not steps of the flow.
      if (path[path.length - 1] !== d.step && plan.steps[d.step] !== undefined) path.push(d.step);
    }
    for (const command of result.commands) answer(command);
    return result.state;
  };

  function answer(command: CaseCommand): void {
    switch (command.kind) {
      case 'project':
      case 'upsert-search-attributes':
      case 'complete-case':
        return;
      case 'notify': {
        const r = command.request;
        const via = r.fallback === undefined ? r.channel : `${r.channel} (fallback ${r.fallback})`;
        trace.push({ at: now, kind: 'command', text: `notify ${r.recipient} by ${via}: ${r.message}` });
        return;
      }
      case 'call': {
        const reply = script.calls?.[command.step] ?? {};
        trace.push({
          at: now,
          kind: 'command',
          text: `call ${command.request.method} ${command.request.url}`,
        });
        queue.push(
          'error' in reply
            ? { kind: 'call.failed', key: command.key, error: reply.error }
            : {
                kind: 'call.succeeded',
                key: command.key,
                status: reply.status ?? 200,
                body: reply.body ?? {},
              },
        );
        return;
      }
      case 'issue-survey-link':
        trace.push({ at: now, kind: 'command', text: `survey link issued for ${command.request.stepId}` });
        queue.push({
          kind: 'survey.link-issued',
          key: command.key,
          token: 'simulated',
          url: `https://survey.invalid/${command.key}`,
        });
        return;
      default: {
        const unknownCommand: never = command;
        throw new Error(`unknown command ${JSON.stringify(unknownCommand)}`);
      }
    }
  }

  let state = record(undefined, startCase(plan, { ...opening, openedBy: system }, { now }), 'start');
  if (state === undefined) throw new Error('the case could not start');
  const apply = (event: CaseEvent, label: string, line?: number): void => {
    const result = applyEvent(plan, state!, event, { now });
    if (!result.ok && line !== undefined)
      refusedLines.push({ line, at: now, reason: `${result.rejection.type}: ${result.rejection.message}` });
    state = record(state, result, label) ?? state;
    for (let next = queue.shift(); next !== undefined; next = queue.shift())
      state = record(state, applyEvent(plan, state!, next, { now }), next.kind) ?? state;
  };
  const advanceTo = (target: number): void => {
    for (
      let wake = nextWakeAt(plan, state!);
      wake !== undefined && wake <= target;
      wake = nextWakeAt(plan, state!)
    ) {
      const revision = state!.revision;
      now = Math.max(now, wake);
      apply({ kind: 'wake' }, 'wake');
      if (state!.revision === revision) break;
    }
    now = Math.max(now, target);
  };
  apply({ kind: 'wake' }, 'wake');

  for (const [index, line] of script.events.entries()) {
    advanceTo(targetOf(line, now));
    if (line.do === 'wait') continue;
    // No principals file here: the actor is an agent of every department of the template.
    const departments = Object.keys(plan.departments);
    const event = toEvent(line, state, { name: line.as ?? 'simulator', roles: ['agent'], departments });
    if (typeof event === 'string') {
      refusals += 1;
      trace.push({ at: now, kind: 'refused', text: `${line.do}: ${event}` });
      refusedLines.push({ line: index, at: now, reason: event });
      continue;
    }
    apply(event, line.do, index);
  }
  const { until } = options;
  for (let i = 0; i < DRAIN_LIMIT && !state.finished; i += 1) {
    const wake = nextWakeAt(plan, state);
    if (wake === undefined || (until !== undefined && wake > until)) break;
    advanceTo(wake);
  }
  if (until !== undefined) advanceTo(until);
  return { trace, state, refusals, refusedLines, path, now };
}

function targetOf(line: ScriptLine, now: number): number {
  if (line.at !== undefined) {
    const at = Date.parse(line.at);
    if (Number.isNaN(at)) throw new Error(`'${line.at}' is not an ISO instant`);
    return at;
  }
  if (line.after === undefined) return now;
  const ms = parseDuration(line.after);
  if (ms === undefined) throw new Error(`'${line.after}' is not a duration`);
  return now + ms;
}

/** A script line as an engine event, or why it cannot be one. */
function toEvent(line: ScriptLine, state: CaseState, principal: Principal): CaseEvent | string {
  const taskId = (): string | undefined => {
    if (line.task === undefined)
      return state.tasks.filter((t) => t.status === 'open' || t.status === 'claimed').at(-1)?.id;
    if (state.tasks.some((t) => t.id === line.task)) return line.task;
    return (
      state.tasks
        .filter((t) => t.step === line.task && (t.status === 'open' || t.status === 'claimed'))
        .at(-1)?.id ?? line.task
    );
  };
  const task = taskId();
  const needTask = task === undefined ? 'no active task' : undefined;
  switch (line.do) {
    case 'claim':
      return needTask ?? { kind: 'task.claim', taskId: task!, principal };
    case 'release':
      return needTask ?? { kind: 'task.release', taskId: task!, principal };
    case 'complete':
      if (line.outcome === undefined) return 'complete needs an outcome';
      return (
        needTask ?? {
          kind: 'task.complete',
          taskId: task!,
          outcome: line.outcome,
          form: line.form,
          note: line.note,
          principal,
        }
      );
    case 'handoff':
      if (line.department === undefined) return 'handoff needs a department';
      return (
        needTask ?? {
          kind: 'task.handoff',
          taskId: task!,
          department: line.department,
          reason: line.reason ?? '',
          principal,
        }
      );
    case 'reassign':
      return (
        needTask ?? {
          kind: 'task.reassign',
          taskId: task!,
          assignee: line.assignee,
          department: line.department,
          principal,
          // A named assignee counts as an agent of every department, like the actor.
          assigneeDepartments: principal.departments,
        }
      );
    case 'cancel':
      return { kind: 'case.cancel', reason: line.reason ?? 'cancelled', principal };
    case 'message':
      return { kind: 'customer.message', from: line.from ?? 'customer', text: line.text ?? '', principal };
    case 'contact':
      return {
        kind: 'customer.contact',
        input: { ...state.input, subject: line.subject ?? line.text ?? 'repeat contact' },
        principal,
      };
    case 'signal':
      if (line.name === undefined) return 'signal needs a name';
      return { kind: 'signal', name: line.name, payload: line.payload, principal };
    case 'survey':
      return { kind: 'survey.submit', answers: line.answers ?? {}, principal };
    case 'wait':
      return 'nothing to do';
    default: {
      const unknownLine: never = line.do;
      return `unknown action ${String(unknownLine)}`;
    }
  }
}
