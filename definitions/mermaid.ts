/**
 * A compiled plan as a Mermaid flowchart: one node per step (its shape says its kind), outcomes and
 * branches on the edges. Used by `caseflow graph` and the API's graph route, so both draw the same picture.
 */
import type { Plan, PlanStep } from './plan';

export interface PlanEdge {
  from: string;
  to: string;
  label: string;
}

/** Edges out of a compiled step, labelled with what takes them. */
export function planEdges(step: PlanStep): PlanEdge[] {
  const edge = (to: string, label = ''): PlanEdge => ({ from: step.id, to, label });
  const branches = (list: ReadonlyArray<{ when?: string; next: string; label?: string }>) =>
    list.map((b) => edge(b.next, b.label ?? b.when ?? 'default'));
  switch (step.kind) {
    case 'classify':
    case 'prioritize':
    case 'consult':
    case 'notify':
      return [edge(step.next)];
    case 'call':
      return step.onFailure ? [edge(step.next), edge(step.onFailure, 'failure')] : [edge(step.next)];
    case 'wait': {
      const label =
        step.for.kind === 'customer-reply' ? 'reply' : step.for.kind === 'signal' ? step.for.signal : '';
      return step.onTimeout
        ? [edge(step.next, label), edge(step.onTimeout, 'timeout')]
        : [edge(step.next, label)];
    }
    case 'task':
    case 'follow-up':
      return Object.values(step.outcomes).map((o) => edge(o.next, o.id));
    case 'decide':
      return branches(step.branches);
    case 'survey':
      return [...branches(step.branches), edge(step.onTimeout, 'timeout')];
    case 'end':
      return [];
    default: {
      const unknownStep: never = step;
      return unknownStep;
    }
  }
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

function describe(step: PlanStep): string {
  const department = (ref: { kind: 'fixed'; department: string } | { kind: 'expr'; expr: string }) =>
    ref.kind === 'fixed' ? ref.department : ref.expr;
  switch (step.kind) {
    case 'task':
      return `task · ${department(step.department)}${step.tier ? ` ${step.tier}` : ''}`;
    case 'follow-up':
      return `follow-up · ${department(step.department)}`;
    case 'wait':
      return step.status === 'waiting' ? 'wait · clocks paused' : 'wait';
    case 'notify':
      return `notify · ${step.to.kind === 'department' ? step.to.department : step.to.kind} by ${step.channel}`;
    case 'end':
      return `end · ${step.status}`;
    case 'consult':
      return `consult · ${step.tasks.map((t) => t.department).join(', ')} (${step.join})`;
    case 'call':
      return `call · ${step.request.method}`;
    case 'classify':
    case 'prioritize':
    case 'decide':
    case 'survey':
      return step.kind;
  }
}

function node(step: PlanStep): string {
  const label = `"${text(step.title ? `${step.id}: ${step.title}` : step.id)}<br/><i>${text(describe(step))}</i>"`;
  const id = nodeId(step.id);
  switch (step.kind) {
    case 'decide':
      return `${id}{${label}}`;
    case 'wait':
      return `${id}([${label}])`;
    case 'end':
      return `${id}(((${label})))`;
    case 'notify':
      return `${id}>${label}]`;
    case 'classify':
    case 'prioritize':
    case 'call':
      return `${id}[[${label}]]`;
    case 'task':
    case 'follow-up':
    case 'consult':
    case 'survey':
      return `${id}[${label}]`;
  }
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
  const ends = steps.filter((s) => s.kind === 'end').map((s) => nodeId(s.id));
  if (ends.length > 0) lines.push(`  class ${ends.join(',')} endStep`);
  return `${lines.join('\n')}\n`;
}
