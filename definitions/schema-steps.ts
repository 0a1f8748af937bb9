/**
 * The step kinds of the flow, one schema each, discriminated by `kind`. A step without `next` continues
 * with the step below it, so a straight flow reads top to bottom.
 */
import * as z from 'zod';
import {
  branch,
  actionSchema,
  channel,
  departmentRef,
  duration,
  expression,
  form,
  id,
  outcomes,
  recipient,
  when,
} from './schema-common';

const base = {
  id: id('step'),
  title: z.string().optional(),
};
const next = id('step').optional().meta({ description: 'The next step; defaults to the step below.' });

/** Step-level escalation rungs: after a delay on the task, or while it stays unclaimed. */
const stepEscalation = z.strictObject({
  id: id('escalation').optional(),
  after: duration,
  unclaimed: z.boolean().optional().meta({ description: 'Only while the task is not claimed.' }),
  tiers: z.array(id('tier')).optional(),
  when: when.optional(),
  actions: z.array(actionSchema).min(1, { error: 'expected at least one action' }),
});

const taskFields = {
  title: z.string({ error: 'expected the task title' }),
  instructions: z.string().optional(),
  department: departmentRef,
  outcomes,
  form: form.optional().meta({ description: 'Form fields asked for on every outcome.' }),
};

export const classifyStep = z.strictObject({ ...base, kind: z.literal('classify'), next });
export const prioritizeStep = z.strictObject({ ...base, kind: z.literal('prioritize'), next });

export const taskStep = z.strictObject({
  ...base,
  kind: z.literal('task'),
  ...taskFields,
  tier: id('tier').optional(),
  handoff: z
    .array(id('department'))
    .optional()
    .meta({ description: 'Departments this task may be handed to.' }),
  escalations: z.array(stepEscalation).optional(),
});

export const consultStep = z.strictObject({
  ...base,
  kind: z.literal('consult'),
  join: z.enum(['all', 'any'], { error: 'expected join: all or any' }).optional(),
  tasks: z
    .array(
      z.strictObject({
        id: id('task'),
        department: id('department'),
        title: z.string(),
        instructions: z.string().optional(),
        outcomes: z.array(id('outcome')).min(1),
      }),
    )
    .min(1),
  next,
});

const waitFor = z.union(
  [
    z.literal('customer-reply'),
    z.strictObject({ signal: id('signal') }),
    z.strictObject({ duration, calendar: id('calendar').optional() }),
    z.strictObject({ until: expression('a timestamp, e.g. timestamp(case.attributes.appointmentAt)') }),
  ],
  { error: 'expected customer-reply, {signal}, {duration, calendar?} or {until}' },
);

export const waitStep = z.strictObject({
  ...base,
  kind: z.literal('wait'),
  for: waitFor,
  timeout: duration.optional(),
  onTimeout: id('step').optional(),
  status: z.enum(['open', 'waiting'], { error: 'expected status: open or waiting' }).optional(),
  next,
});

export const decideStep = z.strictObject({
  ...base,
  kind: z.literal('decide'),
  branches: z.array(branch).min(1, { error: 'expected at least the default branch' }),
});

export const notifyStep = z.strictObject({
  ...base,
  kind: z.literal('notify'),
  to: recipient,
  channel,
  fallback: channel.optional(),
  message: z.string({ error: 'expected the message text' }),
  next,
});

/** `CASEFLOW_SECRET_<NAME>` must be an ordinary environment variable name. */
export const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
const SECRET_NAME_HINT = 'expected a secret name: capital letters, digits and _, e.g. CRM_TOKEN';

/** `{ secret: NAME }`: the worker puts the value of CASEFLOW_SECRET_<NAME> here at call time. */
export const secretRef = z
  .strictObject({
    secret: z.string({ error: SECRET_NAME_HINT }).regex(SECRET_NAME_PATTERN, { error: SECRET_NAME_HINT }),
  })
  .meta({
    description:
      'A secret by reference: the worker reads CASEFLOW_SECRET_<NAME> when it calls; the value never enters the template, plan or history.',
  });

const callValue = z.union([z.string(), secretRef], {
  error: 'expected text or { secret: NAME } (the worker reads CASEFLOW_SECRET_<NAME>)',
});

export const callStep = z.strictObject({
  ...base,
  kind: z.literal('call'),
  method: z
    .enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], { error: 'expected GET, POST, PUT, PATCH or DELETE' })
    .optional(),
  url: z.string().regex(/^https?:\/\//, { error: 'expected an http(s) URL' }),
  headers: z
    .record(z.string(), callValue)
    .optional()
    .meta({ description: 'Header values: text, or { secret: NAME } for credentials.' }),
  query: z
    .record(z.string(), callValue)
    .optional()
    .meta({ description: 'Query parameters added to the url: text, or { secret: NAME } for credentials.' }),
  body: z.unknown().optional(),
  timeout: duration.optional(),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(100),
      initialInterval: duration.optional(),
      backoffCoefficient: z.number().min(1).max(10).optional(),
      maximumInterval: duration.optional(),
    })
    .optional(),
  resultVar: id('variable').meta({ description: 'The response body is stored in vars.<resultVar>.' }),
  next,
  onFailure: id('step').optional(),
});

export const followUpStep = z.strictObject({
  ...base,
  kind: z.literal('follow-up'),
  after: duration,
  calendar: id('calendar').optional(),
  ...taskFields,
});

export const surveyStep = z.strictObject({
  ...base,
  kind: z.literal('survey'),
  questions: z
    .array(
      z.strictObject({
        id: id('question'),
        text: z.string(),
        min: z.number().int().optional(),
        max: z.number().int().optional(),
      }),
    )
    .min(1),
  timeout: duration,
  branches: z.array(branch).min(1, { error: 'expected at least the default branch' }),
  onTimeout: id('step'),
});

export const endStep = z.strictObject({
  ...base,
  kind: z.literal('end'),
  status: z.enum(['resolved', 'closed', 'rejected', 'cancelled'], {
    error: 'expected status: resolved, closed, rejected or cancelled',
  }),
});

export const STEP_KINDS = [
  'classify',
  'prioritize',
  'task',
  'consult',
  'wait',
  'decide',
  'notify',
  'call',
  'follow-up',
  'survey',
  'end',
] as const;

export const stepSchema = z.discriminatedUnion(
  'kind',
  [
    classifyStep,
    prioritizeStep,
    taskStep,
    consultStep,
    waitStep,
    decideStep,
    notifyStep,
    callStep,
    followUpStep,
    surveyStep,
    endStep,
  ],
  { error: `expected kind: ${STEP_KINDS.join(', ')}` },
);

export type StepDocument = z.infer<typeof stepSchema>;
export type TaskStepDocument = z.infer<typeof taskStep>;
export type StepEscalationDocument = z.infer<typeof stepEscalation>;
