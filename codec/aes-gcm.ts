import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { compressPayload, decompressPayload, type CompressionOptions } from './compression';
import { UnreadablePayloadError } from './errors';

export { UnreadablePayloadError };

/** Metadata of an encrypted payload; the names follow Temporal's encryption samples. */
export const ENCODING = 'binary/encrypted';
export const KEY_ID = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A 256-bit key as CASEFLOW_CODEC_KEY gives it: 64 hex digits or 44 base64 characters. */
export function parseCodecKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('expected a 256-bit key: 64 hex digits or 44 base64 characters');
  return key;
}

/** A short public name of a key (a hash prefix): says which key sealed a payload without revealing it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('caseflow payload key id\n').update(key).digest('hex').slice(0, 16);
}

/**
 * AES-256-GCM over the whole serialized Payload (metadata and data), so the encoding of the value is hidden
 * too. The first key seals; every key opens, found by the key id in the payload's metadata — so keys
 * rotate by putting the new key first and keeping the old ones until no open case holds their payloads.
 * Payloads that are not encrypted (written before encryption was turned on) pass through unchanged.
 *
 * Before sealing, a payload of 256 bytes or more is compressed (compression.ts: zlib, wrapped as
 * `binary/zlib`, Temporal's own convention) when that makes it smaller: encryption output does not
 * compress, so compression has to come first. The wrapper is what gets sealed, so the marker is inside the
 * ciphertext; opening unwraps it, and a payload sealed before compression (no wrapper) opens as before.
 * Why compressing before encrypting is acceptable here: docs/security.md ("Payload compression").
 * Runs in the client and in the worker, outside the workflow sandbox.
 */
export class AesGcmCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;
  private readonly sealingId: string;

  /** `compression: false` seals payloads as they are (as before compression), for tests and measures. */
  constructor(
    keys: readonly Buffer[],
    private readonly compression: CompressionOptions | false = {},
  ) {
    if (!keys.length) throw new Error('AesGcmCodec needs at least one key');
    this.keys = new Map(keys.map((k) => [keyIdOf(k), k]));
    this.sealingId = keyIdOf(keys[0]!);
  }

  get keyId(): string {
    return this.sealingId;
  }

  // async: a payload that cannot be opened is a rejected promise, as the SDK expects, never a throw.
  // eslint-disable-next-line @typescript-eslint/require-await
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.seal(p));
  }

  // eslint-disable-next-line @typescript-eslint/require-await
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.open(p));
  }

  private seal(payload: Payload): Payload {
    const key = this.keys.get(this.sealingId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The key id is authenticated data: moving a payload's ciphertext under another key id fails.
    cipher.setAAD(Buffer.from(this.sealingId));
    const content = this.compression ? compressPayload(payload, this.compression) : payload;
    const plain = temporal.api.common.v1.Payload.encode(content).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { encoding: encoder.encode(ENCODING), [KEY_ID]: encoder.encode(this.sealingId) },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const encoding = payload.metadata?.encoding;
    if (!encoding || decoder.decode(encoding) !== ENCODING) return payload;
    const idBytes = payload.metadata?.[KEY_ID];
    const keyId = idBytes ? decoder.decode(idBytes) : '';
    const key = this.keys.get(keyId);
    if (!key) {
      throw new UnreadablePayloadError(
        `payload sealed with key ${keyId || '(none)'}, which is not configured ` +
          '(add the old key to CASEFLOW_CODEC_OLD_KEYS)',
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new UnreadablePayloadError('encrypted payload is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      // GCM's tag check failed: the bytes were altered, or sealed under another key with the same id.
      throw new UnreadablePayloadError(
        `payload sealed with key ${keyId} fails its integrity check (altered)`,
      );
    }
    const decoded = temporal.api.common.v1.Payload.decode(plain);
    // Always unwrapped, even with `compression: false`: what was sealed compressed must open.
    return decompressPayload(
      { metadata: decoded.metadata ?? {}, data: decoded.data ?? new Uint8Array() },
      this.compression || {},
    );
  }
}
