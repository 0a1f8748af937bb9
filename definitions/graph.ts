/**
 * The flow as a graph: the step below (a step without `next` continues with it), the steps reachable from
 * the first, the steps with a way to an end. The edges themselves are each step kind's (`edges` in
 * definitions/steps/), so the validator and the compiler read the same flow.
 */
import type { StepDocument } from './steps';
import type { FlowEdge } from './steps/step';

/** The step below `index`, which a step without `next` continues with. */
export function implicitNext(
  steps: ReadonlyArray<StepDocument | undefined>,
  index: number,
): string | undefined {
  const below = steps[index + 1];
  return below?.id;
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
