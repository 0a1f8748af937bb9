/**
 * A compiled plan as a Mermaid flowchart: one node per step (its shape says its kind), outcomes and
 * branches on the edges. Used by `caseflow graph` and the API's graph route, so both draw the same picture.
 * Each step kind gives its node's shape and description and its edges (definitions/steps/).
 */
import type { Plan, PlanStep } from './plan';
import { definitionOf } from './steps';
import type { NodeShape, PlanEdge } from './steps/step';

export type { PlanEdge };

/** Edges out of a compiled step, labelled with what takes them (each kind says its own). */
export function planEdges(step: PlanStep): PlanEdge[] {
  return definitionOf(step.kind).planEdges(step);
}

/** Mermaid ids must not be keywords such as `end`, and may not contain `-` in every renderer. */
function nodeId(stepId: string): string {
  return `s_${stepId.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Text inside `"…"`: Mermaid reads entity codes, so quotes and angle brackets become entities. */
function text(value: string, max = 60): string {
  const short = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return short.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\s+/g, ' ');
}

/** Mermaid's brackets around a node's label, by the shape a step kind asks for. */
const SHAPES: Record<NodeShape, readonly [string, string]> = {
  box: ['[', ']'],
  subroutine: ['[[', ']]'],
  rhombus: ['{', '}'],
  stadium: ['([', '])'],
  flag: ['>', ']'],
  'double-circle': ['(((', ')))'],
};

function node(step: PlanStep): string {
  const { diagram } = definitionOf(step.kind);
  const label = `"${text(step.title ? `${step.id}: ${step.title}` : step.id)}<br/><i>${text(diagram.describe(step))}</i>"`;
  const [open, close] = SHAPES[diagram.shape];
  return `${nodeId(step.id)}${open}${label}${close}`;
}

/** The flowchart text, top to bottom in the order of the template's steps. */
export function planToMermaid(plan: Plan): string {
  const lines = ['flowchart TD', `  %% ${plan.name} v${plan.version}: ${text(plan.title)}`];
  const steps = Object.values(plan.steps);
  for (const step of steps) lines.push(`  ${node(step)}`);
  for (const step of steps) {
    for (const edge of planEdges(step)) {
      const arrow = edge.label ? `-->|"${text(edge.label, 40)}"|` : '-->';
      lines.push(`  ${nodeId(edge.from)} ${arrow} ${nodeId(edge.to)}`);
    }
  }
  lines.push('  classDef endStep fill:#e8f5e9,stroke:#2e7d32');
  const ends = steps.filter((s) => definitionOf(s.kind).flow.endsFlow).map((s) => nodeId(s.id));
  if (ends.length > 0) lines.push(`  class ${ends.join(',')} endStep`);
  return `${lines.join('\n')}\n`;
}
