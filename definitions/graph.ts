/**
 * The flow as a graph: which step leads to which, and under what label (an outcome, a branch, a timeout).
 * One definition of the edges serves the validator (unreachable steps, no way to an end), the compiler
 * (implicit `next`) and `caseflow graph`.
 */
import type { DocumentPath } from './load';
import type { StepDocument } from './schema-steps';

export interface FlowEdge {
  from: string;
  to: string;
  /** What takes this edge: an outcome id, `when …`, `default`, `timeout`, `failure`; empty for plain next. */
  label: string;
  /** Where the target is written, relative to the step; undefined for an implicit next (the step below). */
  path?: DocumentPath;
}

/** The step below `index`, which a step without `next` continues with. */
export function implicitNext(
  steps: ReadonlyArray<StepDocument | undefined>,
  index: number,
): string | undefined {
  const below = steps[index + 1];
  return below?.id;
}

function nextEdge(step: StepDocument & { next?: string }, below: string | undefined, label = ''): FlowEdge[] {
  if (step.next) return [{ from: step.id, to: step.next, label, path: ['next'] }];
  return below ? [{ from: step.id, to: below, label }] : [];
}

function branchLabel(branch: { when?: string; default?: true; label?: string }): string {
  return branch.label ?? (branch.when ? `when ${branch.when}` : 'default');
}

/** Edges out of a step, in the order a reader meets them in the file. */
export function stepEdges(step: StepDocument, below: string | undefined): FlowEdge[] {
  switch (step.kind) {
    case 'classify':
    case 'prioritize':
    case 'consult':
    case 'notify':
      return nextEdge(step, below);
    case 'call': {
      const edges = nextEdge(step, below);
      if (step.onFailure)
        edges.push({ from: step.id, to: step.onFailure, label: 'failure', path: ['onFailure'] });
      return edges;
    }
    case 'wait': {
      const edges = nextEdge(step, below, step.for === 'customer-reply' ? 'reply' : '');
      if (step.onTimeout)
        edges.push({ from: step.id, to: step.onTimeout, label: 'timeout', path: ['onTimeout'] });
      return edges;
    }
    case 'task':
    case 'follow-up':
      return Object.entries(step.outcomes).map(([outcome, target]) => ({
        from: step.id,
        to: typeof target === 'string' ? target : target.next,
        label: outcome,
        path: typeof target === 'string' ? ['outcomes', outcome] : ['outcomes', outcome, 'next'],
      }));
    case 'decide':
      return step.branches.map((branch, i) => ({
        from: step.id,
        to: branch.next,
        label: branchLabel(branch),
        path: ['branches', i, 'next'],
      }));
    case 'survey':
      return [
        ...step.branches.map((branch, i) => ({
          from: step.id,
          to: branch.next,
          label: branchLabel(branch),
          path: ['branches', i, 'next'],
        })),
        { from: step.id, to: step.onTimeout, label: 'timeout', path: ['onTimeout'] },
      ];
    case 'end':
      return [];
    default: {
      const unknownStep: never = step;
      return unknownStep;
    }
  }
}

/** Steps reachable from the first one. */
export function reachable(start: string, edges: ReadonlyMap<string, FlowEdge[]>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const edge of edges.get(current) ?? []) {
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
    }
  }
  return seen;
}

/** Steps from which some path leads to one of `ends` (walking the edges backwards). */
export function leadsToEnd(ends: Iterable<string>, edges: ReadonlyMap<string, FlowEdge[]>): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const list of edges.values()) {
    for (const edge of list) incoming.set(edge.to, [...(incoming.get(edge.to) ?? []), edge.from]);
  }
  const seen = new Set<string>(ends);
  const queue = [...seen];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const from of incoming.get(current) ?? []) {
      if (!seen.has(from)) {
        seen.add(from);
        queue.push(from);
      }
    }
  }
  return seen;
}
