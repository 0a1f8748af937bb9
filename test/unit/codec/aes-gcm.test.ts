/**
 * The payload codec: what it seals hides the value, opens with the same or a rotated-in key set, names its
 * key in the metadata, refuses tampering and unknown keys, and leaves unencrypted payloads alone.
 */
import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { AesGcmCodec, ENCODING, KEY_ID, keyIdOf, parseCodecKey } from '../../../codec/aes-gcm';
import { payloadCodecFrom } from '../../../codec/settings';

const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const customer = { subject: 'Refund for order 42', description: '发票金额不对', name: 'Li Wei' };
const payload = (): Payload => defaultPayloadConverter.toPayload(customer);

it('seals the whole payload and opens it again', async () => {
  const codec = new AesGcmCodec([randomBytes(32)]);
  const [sealed] = await codec.encode([payload()]);
  expect(text(sealed!.metadata!.encoding)).toBe(ENCODING);
  expect(text(sealed!.metadata![KEY_ID])).toBe(codec.keyId);
  expect(Object.keys(sealed!.metadata!).sort()).toEqual(['encoding', KEY_ID].sort());
  for (const secret of Object.values(customer))
    expect(Buffer.from(sealed!.data!).includes(secret)).toBe(false);
  const [opened] = await codec.decode([sealed!]);
  expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(customer);
});

it('uses a fresh IV each time', async () => {
  const codec = new AesGcmCodec([randomBytes(32)]);
  const [a, b] = await codec.encode([payload(), payload()]);
  expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
});

it('rotates: the new key seals, the old key still opens what it sealed', async () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const [before] = await new AesGcmCodec([oldKey]).encode([payload()]);
  const rotated = new AesGcmCodec([newKey, oldKey]);
  const [after] = await rotated.encode([payload()]);
  expect(text(after!.metadata![KEY_ID])).toBe(keyIdOf(newKey));
  const opened = await rotated.decode([before!, after!]);
  expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([customer, customer]);
  await expect(new AesGcmCodec([newKey]).decode([before!])).rejects.toThrow(
    new RegExp(`sealed with key ${keyIdOf(oldKey)}.*CASEFLOW_CODEC_OLD_KEYS`),
  );
});

it('refuses a tampered payload and a payload moved under another key id', async () => {
  const key = randomBytes(32);
  const other = randomBytes(32);
  const codec = new AesGcmCodec([key, other]);
  const [sealed] = await codec.encode([payload()]);
  const flipped = Buffer.from(sealed!.data!);
  flipped[20] = flipped[20]! ^ 1;
  await expect(codec.decode([{ ...sealed!, data: flipped }])).rejects.toThrow();
  const moved = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID]: Buffer.from(keyIdOf(other)) } };
  await expect(codec.decode([moved])).rejects.toThrow();
});

it('passes unencrypted payloads through (histories from before encryption stay readable)', async () => {
  const codec = new AesGcmCodec([randomBytes(32)]);
  const plain = payload();
  expect(await codec.decode([plain])).toEqual([plain]);
});

it('reads keys as hex or base64, and refuses other lengths', () => {
  const key = randomBytes(32);
  expect(parseCodecKey(key.toString('hex')).equals(key)).toBe(true);
  expect(parseCodecKey(key.toString('base64')).equals(key)).toBe(true);
  expect(() => parseCodecKey(randomBytes(16).toString('hex'))).toThrow(/256-bit/);
});

describe('payloadCodecFrom (settings)', () => {
  it('runs unencrypted in development with a warning', () => {
    const warnings: string[] = [];
    expect(payloadCodecFrom({}, (l) => warnings.push(l))).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/NOT encrypted/)]);
  });

  it('refuses to start without a key in production', () => {
    expect(() => payloadCodecFrom({ NODE_ENV: 'production' })).toThrow(/CASEFLOW_CODEC_KEY: required/);
  });

  it('takes the primary key and the old keys', async () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const [sealedByB] = await new AesGcmCodec([b]).encode([payload()]);
    const codec = payloadCodecFrom({
      CASEFLOW_CODEC_KEY: a.toString('hex'),
      CASEFLOW_CODEC_OLD_KEYS: ` ${b.toString('base64')} `,
    })!;
    const [opened] = await codec.decode([sealedByB!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(customer);
  });
});
