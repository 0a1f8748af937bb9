import { deflateSync, inflateSync } from 'node:zlib';
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { UnreadablePayloadError } from './errors';

/**
 * The encoding of a compressed payload: its data is the whole serialized payload (metadata and data),
 * zlib-compressed. The name and format are the Temporal Go SDK's ZlibCodec's, so a Temporal user knows it.
 * The encryption codec seals this wrapper, so the marker itself is never visible in the stored history.
 */
export const COMPRESSED_ENCODING = 'binary/zlib';

/**
 * Below this many serialized bytes a payload is stored as it is: measured on caseflow's histories, zlib
 * saves 10 % of a 64–128 byte payload and 16 % of a 128–256 byte one, less than or about the 25 bytes the
 * wrapper adds; from 256 bytes it saves a third, from 1 KB two thirds and more (docs/performance.md).
 */
export const COMPRESS_FROM_BYTES = 256;

/**
 * The most a compressed payload may inflate to. Decoding stops there, so a crafted payload (a
 * "decompression bomb": 2 MB of zlib can inflate to 2 GB) cannot exhaust the memory of a worker, the API
 * or the codec server. Four times Temporal's default payload limit (2 MB); a payload larger than this is
 * never compressed, so everything caseflow writes it can read back.
 */
export const MAX_INFLATED_BYTES = 8 * 1024 * 1024;

export interface CompressionOptions {
  /** Payloads of fewer serialized bytes are not compressed (default COMPRESS_FROM_BYTES). */
  fromBytes?: number;
  /** The inflated size a compressed payload may not exceed (default MAX_INFLATED_BYTES). */
  maxInflatedBytes?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const PayloadProto = temporal.api.common.v1.Payload;

/**
 * The payload compressed, when that makes it smaller: at least `fromBytes` serialized, at most
 * `maxInflatedBytes`, and the wrapper smaller than the payload; otherwise the payload itself. zlib level 6
 * (its default): brotli (quality 6) stored the plan and the case views 2 points of their size smaller at
 * about twice the time (measured, docs/performance.md).
 */
export function compressPayload(payload: Payload, options: CompressionOptions = {}): Payload {
  const plain = PayloadProto.encode(payload).finish();
  const wrap = (): Payload => ({
    metadata: { encoding: encoder.encode(COMPRESSED_ENCODING) },
    data: deflateSync(plain),
  });
  // A payload that already says binary/zlib is always wrapped, or decoding would unwrap it.
  if (isCompressed(payload)) return wrap();
  const from = options.fromBytes ?? COMPRESS_FROM_BYTES;
  if (plain.length < from || plain.length > (options.maxInflatedBytes ?? MAX_INFLATED_BYTES)) return payload;
  const wrapped = wrap();
  return PayloadProto.encode(wrapped).finish().length < plain.length ? wrapped : payload;
}

/** Whether a payload is a compressed wrapper (COMPRESSED_ENCODING). */
export function isCompressed(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return !!encoding && decoder.decode(encoding) === COMPRESSED_ENCODING;
}

/**
 * The payload a compressed wrapper holds; any other payload (written before compression, or too small to
 * compress) as it is. A wrapper that does not inflate, or inflates past the limit, is refused.
 */
export function decompressPayload(payload: Payload, options: CompressionOptions = {}): Payload {
  if (!isCompressed(payload)) return payload;
  const limit = options.maxInflatedBytes ?? MAX_INFLATED_BYTES;
  let plain: Buffer;
  try {
    plain = inflateSync(payload.data ?? new Uint8Array(), { maxOutputLength: limit });
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UnreadablePayloadError(
      code === 'ERR_BUFFER_TOO_LARGE'
        ? `compressed payload inflates past ${limit} bytes (refused: a payload is never that large)`
        : `compressed payload is corrupt (${code ?? (err as Error).message})`,
    );
  }
  let inner: temporal.api.common.v1.Payload;
  try {
    inner = PayloadProto.decode(plain);
  } catch {
    throw new UnreadablePayloadError('compressed payload is corrupt (not a payload once inflated)');
  }
  return { metadata: inner.metadata ?? {}, data: inner.data ?? new Uint8Array() };
}
