/** One line of a case's decision log: what the engine did, why (which rule, outcome or timer), who acted. */
import { z } from 'zod';

/** A decision the engine took. */
export const decisionSchema = z.strictObject({
  at: z.string(),
  step: z.string(),
  what: z.string(),
  why: z.string(),
  by: z.string().optional(),
});
/** A decision the engine took, and why. */
export type Decision = z.infer<typeof decisionSchema>;
