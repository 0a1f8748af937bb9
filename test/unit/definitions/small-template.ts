/**
 * The smallest template the compiler accepts around a few steps: one department, one priority with its
 * SLA target, every case classified `other`. `steps` are YAML list items, indented two spaces under
 * `steps:`; the first starts on line 16 (tests of file:line:col count on it).
 */
export function smallTemplate(name: string, version: number, steps: string): string {
  const title = name.charAt(0).toUpperCase() + name.slice(1);
  return `apiVersion: caseflow/v1
kind: CaseTemplate
name: ${name}
version: ${version}
title: ${title}
departments: [{ id: desk, title: Desk }]
classify: [{ default: true, category: other }]
priority:
  order: [P1]
  impact: [{ default: true, level: any }]
  urgency: [{ default: true, level: any }]
  matrix: { any: { any: P1 } }
sla:
  targets: { P1: { response: PT1H, resolution: 1d } }
steps:
${steps}`;
}
