/**
 * The one interface every step kind of the template language implements: one file per kind, registered in
 * steps/index.ts, as the engine's workflows/engine/steps/ does for running them. A kind's file holds all
 * the language knows about it: its YAML shape, its checks, its compile to the plan's step, its edges in
 * the flow and its node in the diagram. Its plan shape is in plan.ts, the contract with the engine.
 */
import type * as z from 'zod';
import type { CheckContext } from '../check-context';
import type { DocumentPath } from '../load';
import type { PlanStep, StepKind } from '../plan';

/** The compiled step of one kind. */
export type PlanStepOf<K extends StepKind> = Extract<PlanStep, { kind: K }>;

/** An edge of the flow as the document writes it. */
export interface FlowEdge {
  from: string;
  to: string;
  /** What takes this edge: an outcome id, `when …`, `default`, `timeout`, `failure`; empty for plain next. */
  label: string;
  /** Where the target is written, relative to the step; undefined for an implicit next (the step below). */
  path?: DocumentPath;
}

/** An edge of a compiled step, labelled with what takes it. */
export interface PlanEdge {
  from: string;
  to: string;
  label: string;
}

/** The Mermaid node shapes the diagram gives step kinds (mermaid.ts draws them). */
export type NodeShape = 'box' | 'subroutine' | 'rhombus' | 'stadium' | 'flag' | 'double-circle';

/** A path inside the step being checked (`at('branches', 0, 'when')`). */
export type StepPath = (...rest: Array<string | number>) => DocumentPath;

/** The YAML shape of a kind: a strict object with `id` and `kind: <K>`. */
export type StepSchema<K extends StepKind> = z.ZodObject<{ id: z.ZodType<string>; kind: z.ZodLiteral<K> }>;

/**
 * One step kind of the language. Methods, not function properties, so the registry can hold every kind
 * under one type; steps/index.ts hands each method only steps of its own kind.
 */
export interface StepKindDefinition<K extends StepKind, S extends StepSchema<K> = StepSchema<K>> {
  readonly kind: K;
  /** The YAML shape; the registry's order is the order of the kinds in the JSON Schema and in messages. */
  readonly schema: S;
  /**
   * The rules of the kind beyond its shape: references, per-kind rules. The rules of the whole flow (a
   * target exists, reachability, a way to an end) are in check-steps.ts, driven by `edges` and `flow`.
   */
  check(ctx: CheckContext, step: z.output<S>, at: StepPath): void;
  /** Edges out of the step, in the order a reader meets them in the file; `below` is the step under it. */
  edges(step: z.output<S>, below: string | undefined): FlowEdge[];
  /** The plan's step, defaults filled in and the implicit next (`below`) made explicit. */
  compile(step: z.output<S>, below: string): PlanStepOf<K>;
  /** Edges out of the compiled step (the diagram, `caseflow diff`). */
  planEdges(step: PlanStepOf<K>): PlanEdge[];
  /** Its node in the Mermaid diagram: a shape for the kind and a line saying what this step does. */
  diagram: { shape: NodeShape; describe(step: PlanStepOf<K>): string };
  /** What the flow-wide checks need to know about the kind. */
  flow: {
    /** It goes on to `next` (or the step below), so it cannot be the last step. */
    needsNext: boolean;
    /** It may lead back to itself (a task redone on an outcome); for any other kind that is a mistake. */
    mayLeadToItself: boolean;
    /** It ends the flow: every step must have a way to one, and the flow may not start with one. */
    endsFlow: boolean;
  };
}

/** Identity, so a kind's file gets its document and plan types inferred from its schema and kind. */
export function defineStepKind<K extends StepKind, S extends StepSchema<K>>(
  definition: StepKindDefinition<K, S>,
): StepKindDefinition<K, S> {
  return definition;
}

/** The edge to `next`, or to the step below when the step has none. */
export function nextEdge(
  step: { id: string; next?: string },
  below: string | undefined,
  label = '',
): FlowEdge[] {
  if (step.next) return [{ from: step.id, to: step.next, label, path: ['next'] }];
  return below ? [{ from: step.id, to: below, label }] : [];
}

/** An edge out of a compiled step. */
export function planEdge(step: { id: string }, to: string, label = ''): PlanEdge {
  return { from: step.id, to, label };
}
