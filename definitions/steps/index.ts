/**
 * The registry of step kinds: one line per kind, in the order the JSON Schema and the messages list them.
 * The schema's union of steps, the checks, compile, the graph and the diagram all go through it. Typed
 * against the plan's kinds (plan.ts), so a kind of PlanStep missing here, or one here the plan does not
 * know, does not compile — as the engine's registry (workflows/engine/steps/index.ts) does for running.
 */
import * as z from 'zod';
import type { CheckContext } from '../check-context';
import type { PlanStep, StepKind } from '../plan';
import { callKind } from './call';
import { classifyKind } from './classify';
import { consultKind } from './consult';
import { decideKind } from './decide';
import { endKind } from './end';
import { followUpKind } from './follow-up';
import { notifyKind } from './notify';
import { prioritizeKind } from './prioritize';
import type { FlowEdge, NodeShape, PlanEdge, StepKindDefinition, StepPath } from './step';
import { surveyKind } from './survey';
import { taskKind } from './task';
import { waitKind } from './wait';

/** Every step kind of the language, by its `kind`. */
export const stepKinds = {
  classify: classifyKind,
  prioritize: prioritizeKind,
  task: taskKind,
  consult: consultKind,
  wait: waitKind,
  decide: decideKind,
  notify: notifyKind,
  call: callKind,
  'follow-up': followUpKind,
  survey: surveyKind,
  end: endKind,
} satisfies { [K in StepKind]: StepKindDefinition<K> };

/** The kinds in registry order. */
export const STEP_KINDS = Object.keys(stepKinds) as StepKind[];

type StepKindSchema = (typeof stepKinds)[StepKind]['schema'];

/** A step as the YAML writes it, once it passed its kind's schema. */
export type StepDocument = z.output<StepKindSchema>;

/** The `steps` items of a template: one of the kinds' schemas, picked by `kind`. */
export const stepSchema = z.discriminatedUnion(
  'kind',
  Object.values(stepKinds).map((definition) => definition.schema) as [StepKindSchema, ...StepKindSchema[]],
  { error: `expected kind: ${STEP_KINDS.join(', ')}` },
);

/** A kind's definition seen through any step: what the dispatch below calls. */
interface AnyStepKind {
  check(ctx: CheckContext, step: StepDocument, at: StepPath): void;
  edges(step: StepDocument, below: string | undefined): FlowEdge[];
  compile(step: StepDocument, below: string): PlanStep;
  planEdges(step: PlanStep): PlanEdge[];
  diagram: { shape: NodeShape; describe(step: PlanStep): string };
  flow: StepKindDefinition<StepKind>['flow'];
}

/**
 * The definition of a step's kind, seen through any step. Its methods take any step (methods are
 * bivariant), but each is only ever handed steps of the kind it was looked up by: a document step or a
 * plan step, both discriminated by `kind`.
 */
export const definitionOf = (kind: StepKind): AnyStepKind => stepKinds[kind];
