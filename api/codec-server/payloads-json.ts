import type { Payload } from '@temporalio/common';
import { z } from 'zod';

/**
 * Bytes in protobuf's JSON mapping: base64, standard or URL-safe alphabet, padding optional — what proto3
 * JSON parsers accept. Answers always use the standard alphabet with padding, as protojson writes it.
 */
const bytes = z
  .string()
  .regex(/^[A-Za-z0-9+/_-]*={0,2}$/, { message: 'expected base64 bytes (protobuf JSON)' })
  .refine((v) => v.replace(/=+$/, '').length % 4 !== 1, { message: 'expected base64 bytes (protobuf JSON)' });

/** One `temporal.api.common.v1.Payload` in protobuf JSON form. */
export const payloadJson = z
  .looseObject({
    metadata: z
      .record(z.string(), bytes)
      .optional()
      .describe('Metadata values as base64, e.g. `encoding`: `anNvbi9wbGFpbg==` (json/plain)'),
    data: bytes.optional().describe('The payload bytes as base64'),
  })
  .meta({ id: 'Payload', description: 'A Temporal Payload in protobuf JSON form.' });

/**
 * `temporal.api.common.v1.Payloads` in protobuf JSON form, the body of Temporal's remote codec protocol.
 * proto3 JSON leaves out an empty list, so `{}` is zero payloads.
 */
export const payloadsJson = z
  .object({ payloads: z.array(payloadJson).optional() })
  .meta({ id: 'Payloads', description: 'Temporal Payloads in protobuf JSON form (remote codec protocol).' });

export type PayloadsJson = z.infer<typeof payloadsJson>;

const base64 = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('base64');

export function payloadsFromJson(body: PayloadsJson): Payload[] {
  return (body.payloads ?? []).map((p) => ({
    metadata: Object.fromEntries(
      Object.entries(p.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')]),
    ),
    data: Buffer.from(p.data ?? '', 'base64'),
  }));
}

export function payloadsToJson(payloads: readonly Payload[]): PayloadsJson {
  return {
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([key, value]) => [key, base64(value)]),
      ),
      data: base64(p.data),
    })),
  };
}
