/**
 * What a case is opened with: the channel of the contact, the customer, the subject and description, and
 * the attributes the template's `input` section asks for. POST /cases takes it as its body, `caseflow
 * simulate` as its case file, and the case workflow receives it (after intake's checks) as CaseInput.
 */
import { z } from 'zod';
import { customerSchema } from './customer';

/** The channels a contact can come through. */
export const CHANNELS = [
  'phone',
  'web',
  'email',
  'chat',
  'app',
  'social',
  'self-service',
  'walk-in',
] as const;
/** A contact channel. */
export type ChannelName = (typeof CHANNELS)[number];
/** A contact channel, as zod checks it. */
export const channelSchema = z.enum(CHANNELS);

/**
 * The customer's contact consent, per notification channel and for the satisfaction survey
 * (docs/privacy.md, Consent). Absent: intake collected none, and the customer is told about their own case
 * as before. Present: a channel (or the survey) is used only when its entry is `true`; a missing entry is
 * no consent.
 */
export const contactConsentSchema = z
  .strictObject({
    sms: z.boolean().optional(),
    email: z.boolean().optional(),
    voice: z.boolean().optional(),
    webhook: z.boolean().optional(),
    survey: z.boolean().optional().describe('Whether the satisfaction survey may be sent.'),
  })
  .meta({
    id: 'ContactConsent',
    description:
      "The customer's contact consent per channel and for the survey. Absent: no consent was collected and " +
      'service messages about the case are sent as the template says. Present: a channel or the survey is used ' +
      'only when its entry is true; a message whose channel has none goes by its fallback when that has, or not at all.',
  });
/** The customer's contact consent. */
export type ContactConsent = z.infer<typeof contactConsentSchema>;

/** What intake gave, after validation against the template's `input`: the case workflow's input. */
export const caseInputSchema = z.object({
  channel: channelSchema,
  customer: customerSchema,
  subject: z.string().trim().min(1).max(500),
  description: z.string().max(20_000),
  attributes: z.record(z.string(), z.unknown()),
  flags: z
    .array(z.string())
    .optional()
    .describe('Set by intake when the customer is on the blocklist in `flag` mode.'),
  consent: contactConsentSchema.optional(),
});
/** The case workflow's input. */
export type CaseInput = z.infer<typeof caseInputSchema>;

/**
 * The body of POST /cases (and the case file of `caseflow simulate`): the case input without intake's
 * flags, description and attributes optional, and which template (and version) to open it on.
 */
export const openCaseBodySchema = z.object({
  template: z.string().trim().min(1).max(100).optional(),
  version: z.number().int().min(1).optional(),
  ...caseInputSchema.omit({ flags: true }).shape,
  description: caseInputSchema.shape.description.default(''),
  attributes: caseInputSchema.shape.attributes.default({}),
});
/** A parsed POST /cases body. */
export type OpenCaseBody = z.infer<typeof openCaseBodySchema>;
