/** The customer a case is for, as intake gives it and every view of the case shows it. */
import { z } from 'zod';

/** The customer tiers intake knows; escalation rungs and templates may filter on them. */
export const CUSTOMER_TIERS = ['standard', 'gold', 'vip'] as const;
/** A customer tier. */
export type CustomerTier = (typeof CUSTOMER_TIERS)[number];

/** The languages the customer's own pages speak (the survey page, issue 14). */
export const CUSTOMER_LANGUAGES = ['zh', 'en'] as const;
/** A customer's language. */
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];

/**
 * The customer: `id` is what the customer's continuity workflow and the blocklist key on (SPEC §5). Fields
 * intake sends beyond these are dropped when parsed; customerViewSchema is the closed form views carry.
 */
export const customerSchema = z.object(
  {
    id: z.string().trim().min(1).max(200),
    name: z.string().max(200).optional(),
    tier: z.enum(CUSTOMER_TIERS).optional(),
    phone: z.string().max(50).optional(),
    email: z.string().max(320).optional(),
    language: z
      .enum(CUSTOMER_LANGUAGES)
      .optional()
      .describe("The customer's language, for what the customer sees (the survey page); absent: guessed."),
  },
  {
    error:
      'expected the customer: an object with customer.id (and name, tier, phone, email, language if known)',
  },
);
/** The customer of a case. */
export type Customer = z.infer<typeof customerSchema>;

/** The customer as views show it: the same fields, and no others. */
export const customerViewSchema = customerSchema.strict();
