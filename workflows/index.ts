/** The workflows the worker registers (workflowsPath points here; everything below is bundled). */
export { caseWorkflow } from './case.workflow';
export { customerWorkflow } from './customer.workflow';
export { migrationWorkflow } from './migration.workflow';
export { retentionWorkflow } from './retention.workflow';
export { triageTrainingWorkflow } from './triage-training.workflow';
