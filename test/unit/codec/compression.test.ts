/**
 * Compression before encryption: large payloads are stored smaller and open to exactly what was sealed,
 * small ones are left alone, payloads sealed before compression still open, and a compressed payload that
 * is corrupt or inflates too far is refused with a message saying so.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import fc from 'fast-check';
import { AesGcmCodec, keyIdOf, UnreadablePayloadError } from '../../../codec/aes-gcm';
import {
  COMPRESS_FROM_BYTES,
  COMPRESSED_ENCODING,
  compressPayload,
  decompressPayload,
  isCompressed,
} from '../../../codec/compression';

const PayloadProto = temporal.api.common.v1.Payload;
const serialized = (p: Payload) => PayloadProto.encode(p).finish();
/** What sealing put inside the ciphertext, unwrapped no further (the test knows the codec's layout). */
function sealedContent(key: Buffer, sealed: Payload): Payload {
  const data = Buffer.from(sealed.data!);
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
  decipher.setAAD(Buffer.from(keyIdOf(key)));
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
  const content = PayloadProto.decode(plain);
  return { metadata: content.metadata ?? {}, data: content.data ?? new Uint8Array() };
}

type JsonPayloads = { payloads: Array<{ metadata: Record<string, string>; data: string }> };
type Scheduled = { activityType?: { name?: string }; input?: JsonPayloads };

/** A case's start argument (the compiled plan, ~15 KB) and a projected case view, from a saved history. */
function savedPayloads(): { plan: Payload; view: Payload } {
  const file = join(__dirname, '../../histories/case-std-routed-1.history.json');
  const history = JSON.parse(readFileSync(file, 'utf8')) as {
    events: Array<Record<string, Scheduled>>;
  };
  const fromJson = (p: JsonPayloads['payloads'][number]): Payload => ({
    metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
    data: Buffer.from(p.data, 'base64'),
  });
  const started = history.events[0]!.workflowExecutionStartedEventAttributes!.input!.payloads[0]!;
  // The largest projected view (the views grow as the case goes on: 3–7 KB here).
  const views = history.events
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType?.name === 'projectCase')
    .map((a) => a!.input!.payloads[0]!)
    .sort((a, b) => b.data.length - a.data.length);
  return { plan: fromJson(started), view: fromJson(views[0]!) };
}

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');

it('stores a compiled plan and a case view at under a third of their size, and opens them exactly', async () => {
  const { plan, view } = savedPayloads();
  const compressing = new AesGcmCodec([randomBytes(32)]);
  const plain = new AesGcmCodec([randomBytes(32)], false);
  for (const payload of [plan, view]) {
    expect(serialized(payload).length).toBeGreaterThan(4000);
    const [small] = await compressing.encode([payload]);
    const [large] = await plain.encode([payload]);
    expect(small!.data!.length).toBeLessThan(large!.data!.length / 3);
    expect(await compressing.decode([small!])).toEqual([payload]);
  }
});

it('marks a compressed payload binary/zlib inside the ciphertext; the stored metadata is as before', async () => {
  const { view } = savedPayloads();
  const key = randomBytes(32);
  const [sealed] = await new AesGcmCodec([key]).encode([view]);
  expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', 'encryption-key-id']);
  expect(text(sealed!.metadata!.encoding)).toBe('binary/encrypted');
  const inside = sealedContent(key, sealed!);
  expect(isCompressed(inside)).toBe(true);
  expect(text(inside.metadata!.encoding)).toBe(COMPRESSED_ENCODING);
  expect(Object.keys(inside.metadata!)).toEqual(['encoding']);
  expect(decompressPayload(inside)).toEqual(view);
  // The small payloads are sealed as they come, no wrapper.
  const [tiny] = await new AesGcmCodec([key]).encode([defaultPayloadConverter.toPayload(1)]);
  expect(isCompressed(sealedContent(key, tiny!))).toBe(false);
  const wrapper = compressPayload(view);
  expect(decompressPayload(wrapper)).toEqual(view);
});

it('leaves payloads under the threshold, and those compression would not shrink, as they are', async () => {
  const tiny = defaultPayloadConverter.toPayload({ ok: true });
  expect(serialized(tiny).length).toBeLessThan(COMPRESS_FROM_BYTES);
  expect(compressPayload(tiny)).toBe(tiny);
  const noise = defaultPayloadConverter.toPayload(new Uint8Array(randomBytes(600)));
  expect(serialized(noise).length).toBeGreaterThan(COMPRESS_FROM_BYTES);
  expect(compressPayload(noise)).toBe(noise);
  const repetitive = defaultPayloadConverter.toPayload('x'.repeat(COMPRESS_FROM_BYTES));
  expect(isCompressed(compressPayload(repetitive))).toBe(true);
  expect(isCompressed(compressPayload(repetitive, { fromBytes: 10_000 }))).toBe(false);
  // Sealed, a tiny payload costs exactly what it did before compression.
  const key = randomBytes(32);
  const [now] = await new AesGcmCodec([key]).encode([tiny]);
  const [before] = await new AesGcmCodec([key], false).encode([tiny]);
  expect(now!.data!.length).toBe(before!.data!.length);
});

it('opens payloads sealed before compression, with the current and with an old key', async () => {
  const { plan } = savedPayloads();
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const [before] = await new AesGcmCodec([oldKey], false).encode([plan]);
  const rotated = new AesGcmCodec([newKey, oldKey]);
  const [after] = await rotated.encode([plan]);
  expect(await rotated.decode([before!, after!])).toEqual([plan, plan]);
  // Unencrypted payloads (the saved histories' kind) still pass through.
  expect(await rotated.decode([plan])).toEqual([plan]);
});

it('keeps a payload that itself says binary/zlib intact through a round trip', async () => {
  const odd: Payload = { metadata: { encoding: Buffer.from(COMPRESSED_ENCODING) }, data: Buffer.from('x') };
  const codec = new AesGcmCodec([randomBytes(32)]);
  expect(await codec.decode(await codec.encode([odd]))).toEqual([
    {
      metadata: { encoding: new Uint8Array(Buffer.from(COMPRESSED_ENCODING)) },
      data: new Uint8Array(Buffer.from('x')),
    },
  ]);
});

/** Seals `content` as the codec would, so a test can put a bad compressed payload behind a valid tag. */
function sealAs(key: Buffer, content: Payload): Payload {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyIdOf(key)));
  const body = Buffer.concat([cipher.update(serialized(content)), cipher.final()]);
  return {
    metadata: { encoding: Buffer.from('binary/encrypted'), 'encryption-key-id': Buffer.from(keyIdOf(key)) },
    data: Buffer.concat([iv, body, cipher.getAuthTag()]),
  };
}

it('refuses a corrupt compressed payload with a clear error', async () => {
  const key = randomBytes(32);
  const codec = new AesGcmCodec([key]);
  const wrapper = compressPayload(savedPayloads().view);
  const broken = Buffer.from(wrapper.data!);
  broken.fill(0xff, 10, 40);
  const corrupt = sealAs(key, { ...wrapper, data: broken });
  await expect(codec.decode([corrupt])).rejects.toThrow(UnreadablePayloadError);
  await expect(codec.decode([corrupt])).rejects.toThrow(/compressed payload is corrupt/);
  const notPayload = sealAs(key, { ...wrapper, data: deflateSync(Buffer.from([0xff, 0xff, 0xff])) });
  await expect(codec.decode([notPayload])).rejects.toThrow(/compressed payload is corrupt/);
  // Altered on the way (the ciphertext itself): GCM's tag catches it before inflating.
  const [sealed] = await codec.encode([savedPayloads().view]);
  const flipped = Buffer.from(sealed!.data!);
  flipped[30] = flipped[30]! ^ 1;
  await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toThrow(/integrity check/);
});

it('refuses a compressed payload that inflates past the limit (a decompression bomb)', async () => {
  const key = randomBytes(32);
  const bomb = sealAs(key, {
    metadata: { encoding: Buffer.from(COMPRESSED_ENCODING) },
    data: deflateSync(Buffer.alloc(64 * 1024 * 1024)),
  });
  expect(bomb.data!.length).toBeLessThan(200 * 1024);
  await expect(new AesGcmCodec([key]).decode([bomb])).rejects.toThrow(/inflates past 8388608 bytes/);
  const small = new AesGcmCodec([key], { maxInflatedBytes: 1000 });
  const [view] = await new AesGcmCodec([key]).encode([savedPayloads().view]);
  await expect(small.decode([view!])).rejects.toThrow(/inflates past 1000 bytes/);
  // Never writes what it could not read back: over the limit, a payload is sealed uncompressed.
  const [sealed] = await small.encode([savedPayloads().view]);
  expect(await small.decode([sealed!])).toEqual([savedPayloads().view]);
});

it('opens every payload to exactly what was sealed (property)', async () => {
  const codec = new AesGcmCodec([randomBytes(32)], { fromBytes: 1 });
  const value = fc.oneof(
    fc.jsonValue(),
    fc.string({ maxLength: 3000 }).map((s) => ({ text: s, again: s })),
  );
  const payloadArb = fc.oneof(
    value.map((v) => defaultPayloadConverter.toPayload(v)),
    fc.record({
      metadata: fc.dictionary(fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 40 }), { maxKeys: 3 }),
      data: fc.uint8Array({ maxLength: 2000 }),
    }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(payloadArb, { maxLength: 4 }), async (payloads) => {
      const opened = await codec.decode(await codec.encode(payloads));
      expect(opened.map(serialized)).toEqual(payloads.map(serialized));
    }),
    { numRuns: 200 },
  );
});
