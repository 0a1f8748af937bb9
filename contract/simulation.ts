/**
 * The files of `caseflow simulate`: the case (the POST /cases body, so a simulated case is one the API
 * would open) and the script of what people do and when (each line carrying the fields of the body its
 * action sends). workflows/engine/simulation.ts runs them; cli/simulate.ts reads them with these schemas.
 */
import { z } from 'zod';
import { caseInputSchema, openCaseBodySchema } from './case-input';
import {
  cancelCaseBodySchema,
  caseMessageBodySchema,
  caseSignalArgsSchema,
  surveyAnswersSchema,
} from './case-actions';
import { completeTaskBodySchema, handoffTaskBodySchema, reassignTaskFieldsSchema } from './task-actions';

/** The case file: a POST /cases body, with the case id, opening instant and intake flags to simulate. */
export const simulationCaseSchema = openCaseBodySchema.extend({
  id: z.string().min(1).optional().describe('The case id (default SIM-1).'),
  openedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('The instant the case opens (default 2026-01-05T08:00:00Z).'),
  flags: caseInputSchema.shape.flags,
});
/** A parsed case file. */
export type SimulationCase = z.infer<typeof simulationCaseSchema>;

/** What a script line does: a task or case action, or only letting time pass. */
export const SCRIPT_ACTIONS = [
  'claim',
  'release',
  'complete',
  'handoff',
  'reassign',
  'cancel',
  'message',
  'contact',
  'signal',
  'survey',
  'wait',
] as const;
/** What a script line does. */
export type ScriptAction = (typeof SCRIPT_ACTIONS)[number];

/**
 * One line of a script: what happens, after how long since the previous line (or at an instant), on which
 * task, by whom, with the fields its action's body has (all optional here: the simulation says which an
 * action needs).
 */
export const scriptLineSchema = z.object({
  do: z.enum(SCRIPT_ACTIONS),
  after: z.string().optional().describe('Virtual time to let pass first: a duration (`30m`, `2d`, `PT4H`).'),
  at: z.string().optional().describe('Or an ISO instant to move to first.'),
  task: z.string().optional().describe("A task id, or a step id meaning that step's newest active task."),
  as: z.string().optional().describe("The acting principal's name (default `simulator`)."),
  ...completeTaskBodySchema.partial().shape,
  ...reassignTaskFieldsSchema.partial().shape,
  ...handoffTaskBodySchema.partial().shape,
  ...cancelCaseBodySchema.partial().shape,
  ...caseMessageBodySchema.partial().shape,
  ...caseSignalArgsSchema.pick({ name: true, payload: true }).partial().shape,
  answers: surveyAnswersSchema.optional(),
  subject: caseInputSchema.shape.subject.optional().describe("A repeat contact's subject."),
});
/** One line of a script. */
export type ScriptLine = z.infer<typeof scriptLineSchema>;

/** How business calls answer, per call step id (default: 200 with an empty body). */
export const callAnswersSchema = z.record(
  z.string(),
  // The failure first: an object with `error` is a failed call, whatever else it has.
  z.union([
    z.object({ error: z.string() }),
    z.object({ status: z.number().int().optional(), body: z.unknown().optional() }),
  ]),
);
/** How business calls answer. */
export type CallAnswers = z.infer<typeof callAnswersSchema>;

/** A script: its lines, and how the business calls answer. */
export const simulationScriptSchema = z.object({
  events: z.array(scriptLineSchema),
  calls: callAnswersSchema.optional(),
});
/** A script. */
export type Script = z.infer<typeof simulationScriptSchema>;

/** The script file: a script, or just its lines. */
export const scriptFileSchema = z.union([z.array(scriptLineSchema), simulationScriptSchema]);
