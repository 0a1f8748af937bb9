/**
 * What people (and the customer's workflow) do to a case: the bodies they send (POST /cases/{id}/messages,
 * /cancel, the survey, a line of a `caseflow simulate` script) and the signal and update arguments the
 * case workflow receives.
 */
import { z } from 'zod';
import { caseInputSchema } from './case-input';
import { principalSchema } from './principal';
import { caseStatusSchema } from './case-view';

/** Who wrote a case message. */
export const MESSAGE_SENDERS = ['customer', 'agent'] as const;
/** Who wrote a case message. */
export type MessageSender = (typeof MESSAGE_SENDERS)[number];

/** A message of a case as GET /cases/{id}/messages lists it (they live in PostgreSQL, not in the case). */
export const caseMessageViewSchema = z.strictObject({
  seq: z.number().int().describe('1, 2, 3… in the order the case received them'),
  at: z.string(),
  from: z.enum(MESSAGE_SENDERS),
  by: z.string(),
  text: z.string(),
});
/** A message of a case as the API lists it. */
export type CaseMessageView = z.infer<typeof caseMessageViewSchema>;

/** A message to a case: a customer's resumes a case waiting for the customer. */
export const caseMessageBodySchema = z.object({
  from: z.enum(MESSAGE_SENDERS),
  text: z.string().trim().min(1).max(20_000),
});
/**
 * The customerMessage signal's argument. The text of a case whose customer has a key travels sealed for
 * them (privacy/, docs/privacy.md), so it is longer than the body's; `excerpt`, its first 80 characters
 * sealed on their own, is what the decision log shows (a slice of a sealed text would open to nothing).
 */
export const customerMessageArgsSchema = caseMessageBodySchema.extend({
  text: z.string(),
  excerpt: z.string().optional(),
  principal: principalSchema,
  at: z.string(),
});
/** The customerMessage signal's argument. */
export type CustomerMessageArgs = z.infer<typeof customerMessageArgsSchema>;

/** Cancelling a case, with a reason. */
export const cancelCaseBodySchema = z.object({ reason: z.string().trim().min(1).max(2_000) });
/** The cancelCase update's argument. */
export const cancelCaseArgsSchema = cancelCaseBodySchema.extend({ principal: principalSchema });
/** The cancelCase update's argument. */
export type CancelCaseArgs = z.infer<typeof cancelCaseArgsSchema>;

/** A named signal a `wait` step may wait for (`for: { signal: <name> }`); the payload lands in vars[stepId]. */
export const caseSignalArgsSchema = z.object({
  name: z.string(),
  payload: z.unknown().optional(),
  principal: principalSchema,
});
/** The caseSignal signal's argument. */
export type CaseSignalArgs = z.infer<typeof caseSignalArgsSchema>;

/**
 * The customer's survey answers: each question's integer score (min…max, 1–5 by default), and a comment
 * (`{ speed: 5, ability: 4, attitude: 5, comment?: "…" }`); the survey step checks them against its questions.
 */
export const surveyAnswersSchema = z.record(
  z.string().min(1).max(100),
  z.union([z.number().int(), z.string().max(5_000)]),
);
/** The body of POST /survey/{token}: the answers, at least one. */
export const surveyAnswersBodySchema = surveyAnswersSchema.refine((a) => Object.keys(a).length > 0, {
  message: 'expected at least one answer',
});
/** A survey link's binding: its step, its occurrence (`<case>/<step>/<visit>`, absent on older links), expiry. */
export const surveyLinkClaimsSchema = z.object({
  stepId: z.string(),
  surveyKey: z.string().optional(),
  expiresAt: z.string(),
});
/** A survey link's binding. */
export type SurveyLinkClaims = z.infer<typeof surveyLinkClaimsSchema>;
/** The submitSurvey update's argument. */
export const submitSurveyArgsSchema = z.object({
  answers: surveyAnswersSchema,
  principal: principalSchema,
  link: surveyLinkClaimsSchema
    .optional()
    .describe(
      'What the signed link names (the API checked its signature): answers only the survey it was sent for.',
    ),
});
/** The submitSurvey update's argument. */
export type SubmitSurveyArgs = z.infer<typeof submitSurveyArgsSchema>;

/** A repeat contact that joined this open case (continuity, SPEC §5); sent by the customer workflow. */
export const customerContactArgsSchema = z.object({
  input: caseInputSchema,
  principal: principalSchema,
  at: z.string(),
});
/** The customerContact signal's argument. */
export type CustomerContactArgs = z.infer<typeof customerContactArgsSchema>;

/** Sent by a case to the customer workflow that started it, when the case ends. */
export const caseClosedArgsSchema = z.object({ caseId: z.string(), status: caseStatusSchema });
/** The caseClosed signal's argument. */
export type CaseClosedArgs = z.infer<typeof caseClosedArgsSchema>;
