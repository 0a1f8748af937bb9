/**
 * One engine call in progress: the plan, a private copy of the state that the step files change, the
 * commands collected so far, and the helpers every step uses (decision log, expressions, ids). Nothing
 * here reads a clock or does I/O: `now` comes from the driver through the EngineContext.
 */
import { evaluateCondition, evaluateExpression, type ExpressionContext } from '../../definitions/expressions';
import type { Plan } from '../../definitions/plan';
import type { CaseCommand, CaseState, EngineContext, Rejection } from './types';

export interface Run {
  plan: Plan;
  state: CaseState;
  ctx: EngineContext;
  commands: CaseCommand[];
  /** The principal of the event being applied, recorded on every decision it causes. */
  by?: string;
}

/** A refusal travels up as an exception inside one engine call and leaves as a value (Rejection). */
export class RejectionError extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

export const reject = (type: Rejection['type'], message: string, field?: string): never => {
  throw new RejectionError(field === undefined ? { type, message } : { type, message, field });
};

export const nowIso = (run: Run): string => new Date(run.ctx.now).toISOString();

export function decide(run: Run, what: string, why: string, step?: string): void {
  const entry = { at: nowIso(run), step: step ?? run.state.step ?? '', what, why };
  run.state.decisions.push(run.by === undefined ? entry : { ...entry, by: run.by });
}

export function emit(run: Run, command: CaseCommand): void {
  run.commands.push(command);
}

/** The variables CEL expressions see (SPEC §3: case, vars, survey, now). */
export function expressionContext(run: Run): ExpressionContext {
  const { state } = run;
  const input = state.input;
  return {
    case: {
      channel: input.channel,
      customer: input.customer,
      subject: input.subject,
      description: input.description,
      text: `${input.subject}\n${input.description}`,
      attributes: input.attributes,
      category: state.category,
      department: state.department,
      priority: state.priority,
      tags: state.tags,
      flags: input.flags ?? [],
      ...(state.suggestion ? { suggestion: state.suggestion } : {}),
    },
    vars: state.vars,
    survey: state.survey ?? {},
    now: nowIso(run),
  };
}

/**
 * Evaluates a `when`. A condition that fails at run time (e.g. an attribute the case does not have) counts
 * as false and is written to the decision log, so one odd case cannot stall the flow.
 */
export function holds(run: Run, expr: string | undefined, where: string): boolean {
  if (expr === undefined) return true;
  try {
    return evaluateCondition(expr, expressionContext(run));
  } catch (error) {
    decide(run, `condition failed, treated as false: ${expr}`, `${where}: ${errorMessage(error)}`);
    return false;
  }
}

/** Evaluates a value expression; undefined (and a decision-log line) when it fails. */
export function valueOf(run: Run, expr: string, where: string): unknown {
  try {
    return evaluateExpression(expr, expressionContext(run));
  } catch (error) {
    decide(run, `expression failed: ${expr}`, `${where}: ${errorMessage(error)}`);
    return undefined;
  }
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Counts a visit of a step and returns the idempotency key `<caseId>/<step>/<visit>`. */
export function visitKey(run: Run, stepId: string): string {
  const visit = (run.state.visits[stepId] ?? 0) + 1;
  run.state.visits[stepId] = visit;
  return `${run.state.caseId}/${stepId}/${visit}`;
}
