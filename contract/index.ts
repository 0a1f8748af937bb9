/**
 * The case contract: the shapes a case has wherever it travels, as zod schemas and the types inferred from
 * them. The workflow's messages (workflows/messages.ts), the API's request and response schemas and its
 * OpenAPI document, the projections, the reports and `caseflow simulate`'s files all derive from these, so
 * each shape is written once (issue 12). It imports nothing but zod.
 *
 * Workflow code imports it as types only (`import type`), or the zod-free lists of statuses.ts directly,
 * so zod stays out of the workflow bundle.
 */
export * from './statuses';
export * from './customer';
export * from './case-input';
export * from './principal';
export * from './task-view';
export * from './clock-view';
export * from './escalation-view';
export * from './decision';
export * from './case-view';
export * from './task-actions';
export * from './case-actions';
export * from './task-forms';
export * from './simulation';
export * from './migration';
export * from './backtest';
export * from './customer-erasure';
export * from './suggestion';
export * from './triage';
export * from './similar-cases';
