import type { Payload, PayloadCodec } from '@temporalio/common';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { ENCODING, UnreadablePayloadError } from '../../codec/aes-gcm';
import { noteAudit } from '../audit-trail';
import { authorise } from '../auth';
import { payloadsFromJson, payloadsJson, payloadsToJson } from '../codec-server/payloads-json';
import type { ApiContext } from '../context';
import { describe } from '../openapi/describe';
import { HttpProblem } from '../problem';
import { parse } from '../validate';

/** The paths of the codec endpoints, matched as express matches them (any case, optional trailing `/`). */
export const codecPaths = /^\/codec\/(?:encode|decode)\/?$/i;

/**
 * The codec endpoint to give the Temporal UI (`TEMPORAL_CODEC_ENDPOINT`, `--ui-codec-endpoint`) and the
 * CLI (`--codec-endpoint`) for an API reached at `apiUrl`: they append `/encode` and `/decode` themselves.
 */
export function codecEndpointOf(apiUrl: string): string {
  return new URL('codec', apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`).href;
}

const codecHeaders = z.object({
  'x-namespace': z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,255}$/, { message: 'expected a Temporal namespace name' })
    .optional()
    .describe(
      'The namespace the payloads belong to (the Temporal UI and CLI send it); must be this API’s. Empty ' +
        'is taken as absent: the CLI sends it empty when its namespace is the default one.',
    ),
});

const description =
  "Temporal's remote codec protocol, for the Temporal UI (TEMPORAL_CODEC_ENDPOINT) and CLI " +
  '(--codec-endpoint): the same AES-256-GCM codec the workers and the API use (CASEFLOW_CODEC_KEY and ' +
  'CASEFLOW_CODEC_OLD_KEYS). Without a key, payloads pass through unchanged, as they do in the workers. ' +
  'Every call is written to the audit log. See docs/api.md.';
const codecDoc = (direction: Direction, summary: string, answer: string) =>
  describe({
    summary,
    description,
    tags: ['codec'],
    roles: ['auditor'],
    headers: codecHeaders,
    body: { schema: payloadsJson },
    responses: { 200: { description: answer, schema: payloadsJson } },
    audit: { action: `codec.${direction}`, resource: () => 'codec' },
  });
const encodeDoc = codecDoc(
  'encode',
  'Encrypt payloads as caseflow stores them in Temporal',
  'The sealed payloads',
);
const decodeDoc = codecDoc(
  'decode',
  'Decrypt payloads read from Temporal (its history, the UI, the CLI)',
  'The payloads as the workflow sees them; unencrypted ones unchanged',
);

type Direction = 'encode' | 'decode';

/**
 * `POST /codec/encode` and `POST /codec/decode` (SPEC §9): auditors and admins only — decoding reveals
 * customer data in every case. A payload that cannot be opened (a key not configured, altered bytes, no
 * key at all) is a 400 naming it, never a 500.
 */
export function codecRouter(ctx: ApiContext): Router {
  const router = Router();
  router.post('/codec/encode', encodeDoc, (req, res) => convert(ctx, req, 'encode').then((b) => res.json(b)));
  router.post('/codec/decode', decodeDoc, (req, res) => convert(ctx, req, 'decode').then((b) => res.json(b)));
  return router;
}

async function convert(ctx: ApiContext, req: Request, direction: Direction) {
  authorise(req, 'codec.use');
  const namespace = ctx.client.options.namespace;
  noteAudit(req, { resource: `codec/${namespace}` });
  const asked = parse(codecHeaders, req, 'headers')['x-namespace'];
  if (asked && asked !== namespace) {
    throw new HttpProblem(400, 'Bad Request', `This codec serves namespace ${namespace}, not ${asked}.`, {
      errors: [{ field: 'headers.x-namespace', message: `expected ${namespace}` }],
    });
  }
  const payloads = payloadsFromJson(parse(payloadsJson, req, 'body'));
  // The client's own codecs: the endpoint opens and seals exactly as the API and the workers do.
  const codecs = ctx.client.options.loadedDataConverter.payloadCodecs;
  const result =
    direction === 'encode'
      ? { payloads: await encodeAll(codecs, payloads) }
      : await decodeAll(codecs, payloads);
  noteAudit(req, {
    detail: { payloads: payloads.length, ...(result.refused ? { refused: result.refused.index } : {}) },
  });
  if (result.refused) {
    const { index, reason } = result.refused;
    throw new HttpProblem(400, 'Bad Request', `Payload ${index} cannot be decoded: ${reason}.`, {
      errors: [{ field: `body.payloads.${index}`, message: reason }],
    });
  }
  return payloadsToJson(result.payloads);
}

async function encodeAll(codecs: readonly PayloadCodec[], payloads: Payload[]): Promise<Payload[]> {
  let out = payloads;
  for (const codec of codecs) out = await codec.encode(out);
  return out;
}

/** One payload at a time, so a refusal names the payload it is about. */
async function decodeAll(
  codecs: readonly PayloadCodec[],
  payloads: Payload[],
): Promise<{ payloads: Payload[]; refused?: { index: number; reason: string } }> {
  const out: Payload[] = [];
  for (const [index, payload] of payloads.entries()) {
    let opened = [payload];
    try {
      for (const codec of [...codecs].reverse()) opened = await codec.decode(opened);
    } catch (err) {
      if (!(err instanceof UnreadablePayloadError)) throw err;
      return { payloads: out, refused: { index, reason: err.message } };
    }
    if (!codecs.length && isSealed(opened[0]!)) {
      const reason = 'it is encrypted and this API has no CASEFLOW_CODEC_KEY to open it';
      return { payloads: out, refused: { index, reason } };
    }
    out.push(opened[0]!);
  }
  return { payloads: out };
}

function isSealed(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && Buffer.from(encoding).toString() === ENCODING;
}
