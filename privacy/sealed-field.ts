/**
 * A personal field sealed with its customer's data key (crypto-shredding, docs/privacy.md): the workflow,
 * Temporal's history, the projections and the outbox carry only this token, and destroying the customer's
 * key makes every copy of it unreadable at once, backups included.
 *
 * A token is `pd1:<customer key>:<base64url(iv ‖ ciphertext ‖ tag)>`, AES-256-GCM with the token's prefix as
 * authenticated data, so a token moved to another customer's key fails its check instead of opening.
 * Tokens are plain strings: the workflow passes them on as it passes any text, and readers find them in any
 * JSON with SEALED_PATTERN.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** What a field shows once its customer's key is destroyed. */
export const ERASED = '[erased]';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** `ck_` and 128 random bits in base64url: a customer's opaque key, as workflow ids and search attributes carry it. */
export const CUSTOMER_KEY_PATTERN = /^ck_[A-Za-z0-9_-]{22}$/;
/** Every sealed token in a text, with its customer key (group 1) and its sealed bytes (group 2). */
export const SEALED_PATTERN = /pd1:(ck_[A-Za-z0-9_-]{22}):([A-Za-z0-9_-]+)/g;

/** A new customer key: opaque, random, unrelated to the customer's id. */
export function newCustomerKey(): string {
  return `ck_${randomBytes(16).toString('base64url')}`;
}

/** A new 256-bit data key for one customer's personal fields. */
export function newDataKey(): Buffer {
  return randomBytes(32);
}

/** Whether a value is one sealed token and nothing else. */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && new RegExp(`^${SEALED_PATTERN.source}$`).test(value);
}

/** `text` sealed for the customer `customerKey` with their data key. */
export function seal(customerKey: string, dataKey: Buffer, text: string): string {
  const prefix = `pd1:${customerKey}`;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(Buffer.from(prefix));
  const sealed = Buffer.concat([iv, cipher.update(text, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${prefix}:${sealed.toString('base64url')}`;
}

/**
 * The text of a token sealed for `customerKey`, or undefined when it does not open with `dataKey` (altered,
 * or sealed for someone else): a reader shows such a field as erased rather than failing the whole answer.
 */
export function open(customerKey: string, dataKey: Buffer, sealedBytes: string): string | undefined {
  const data = Buffer.from(sealedBytes, 'base64url');
  if (data.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`pd1:${customerKey}`));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}
