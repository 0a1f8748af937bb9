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
