/** Who acts on a case: recorded on every signal and update, so the history says who did what (SPEC §7). */
import { z } from 'zod';

/** The acting principal, as the API (or the CLI) names it to the workflow. */
export const principalSchema = z.object({
  name: z.string(),
  roles: z.array(z.string()),
  departments: z
    .array(z.string())
    .optional()
    .describe('The departments the principal is an agent of (auth file), sent with task actions.'),
  leads: z
    .array(z.string())
    .optional()
    .describe('The departments the principal leads (auth file `leads`), sent with task actions.'),
});
/** Who acted. */
export type Principal = z.infer<typeof principalSchema>;
