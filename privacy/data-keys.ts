/**
 * Customers' data keys at rest: wrapped (AES-256-GCM) with the payload key, CASEFLOW_CODEC_KEY, so a copy of
 * PostgreSQL alone opens no sealed field — it takes the database and the key. Rotation works as for
 * payloads: the first key wraps, every configured key (CASEFLOW_CODEC_OLD_KEYS) unwraps, found by its id.
 * Without a codec key (development only; production refuses to start without one) keys are kept as they
 * are, under the id `none`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { keyIdOf } from '../codec/aes-gcm';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from('caseflow customer data key');
/** The kek_id of a data key stored unwrapped (no codec key configured). */
export const NO_KEK = 'none';

/** Wraps and unwraps data keys with the configured payload keys (the first one wraps). */
export class DataKeyWrapper {
  private readonly keks: Map<string, Buffer>;
  private readonly wrappingId: string;

  constructor(keks: readonly Buffer[]) {
    this.keks = new Map(keks.map((k) => [keyIdOf(k), k]));
    this.wrappingId = keks[0] ? keyIdOf(keks[0]) : NO_KEK;
  }

  wrap(dataKey: Buffer): { wrapped: Buffer; kekId: string } {
    const kek = this.keks.get(this.wrappingId);
    if (!kek) return { wrapped: dataKey, kekId: NO_KEK };
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', kek, iv);
    cipher.setAAD(AAD);
    const wrapped = Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]);
    return { wrapped, kekId: this.wrappingId };
  }

  /** The data key, or an error naming the payload key it needs (a rotation that dropped it too early). */
  unwrap(wrapped: Buffer, kekId: string): Buffer {
    if (kekId === NO_KEK) return wrapped;
    const kek = this.keks.get(kekId);
    if (!kek) {
      throw new Error(
        `a customer data key is wrapped with payload key ${kekId}, which is not configured ` +
          '(keep it in CASEFLOW_CODEC_OLD_KEYS)',
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', kek, wrapped.subarray(0, IV_BYTES));
    decipher.setAAD(AAD);
    decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)),
      decipher.final(),
    ]);
  }
}
