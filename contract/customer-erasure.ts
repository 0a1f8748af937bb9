/**
 * Erasing a customer (issue 16, SPEC §11 "Erasure", docs/privacy.md): the body of
 * POST /customers/{id}/erase and its answer. The answer names the customer by their opaque key, never by
 * the id that was erased, and lists what happened to each of their cases.
 */
import { z } from 'zod';

/** POST /customers/{id}/erase. */
export const eraseCustomerBodySchema = z.strictObject({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .describe(
      'Why the customer is erased (a request under GDPR art. 17, a closed account): kept in the audit log, ' +
        'so it should name the request, not the person.',
    ),
  cancelOpen: z
    .boolean()
    .optional()
    .describe(
      'Cancel the customer\'s open cases first (each with the reason "customer erased"). Without it, a ' +
        'customer with open cases is refused (409) and nothing changes.',
    ),
});
/** POST /customers/{id}/erase. */
export type EraseCustomerBody = z.infer<typeof eraseCustomerBodySchema>;

/** The answer: the erased customer's opaque key, when and by whom, and their cases. */
export const customerErasureSchema = z.strictObject({
  customer: z.string().describe("The opaque key the customer's cases keep (`ck_…`); their id is forgotten."),
  erasedAt: z.string(),
  erasedBy: z.string(),
  cases: z
    .array(
      z.strictObject({
        id: z.string(),
        status: z.string().describe("The case's status after erasure (it keeps its figures)."),
        cancelled: z
          .boolean()
          .describe('Whether erasure cancelled it (it was open and `cancelOpen` was set).'),
      }),
    )
    .describe('Every case of the customer, each now showing "[erased]" for personal fields.'),
});
/** The answer of POST /customers/{id}/erase. */
export type CustomerErasure = z.infer<typeof customerErasureSchema>;
