/**
 * The small template the migration tests move cases between (issue 15): work → done, → review → done, or
 * → ask (a wait for the customer) → work. Each test derives its later versions by replacing lines (a
 * shorter resolution target, renamed steps), so the differences a move must handle stay visible there.
 */
export const movingTemplate = (name: string): string => `apiVersion: caseflow/v1
kind: CaseTemplate
name: ${name}
version: 1
title: Moving cases (${name})
departments:
  - id: frontline
    title: Frontline
classify:
  - default: true
    category: general
    department: frontline
priority:
  order: [P1, P2]
  impact:
    - default: true
      level: low
  urgency:
    - default: true
      level: low
  matrix:
    low: { low: P2 }
sla:
  pauseWhen: [waiting]
  targets:
    P1: { response: 1h, resolution: 8h, calendar: 24x7 }
    P2: { response: 4h, resolution: 2d, calendar: 24x7 }
steps:
  - id: classify
    kind: classify
  - id: prioritize
    kind: prioritize
  - id: work
    kind: task
    title: Work the case
    department: frontline
    outcomes:
      resolved: done
      escalate: review
      needs-info: ask
  - id: review
    kind: task
    title: Review the case
    department: frontline
    outcomes:
      resolved: done
  - id: ask
    kind: wait
    for: customer-reply
    timeout: 2d
    onTimeout: done
    next: work
  - id: done
    kind: end
    status: resolved
`;
