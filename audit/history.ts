/**
 * A case's Temporal history as an auditor reads it: fetched by workflow id (every run of an open or
 * closed case), its payloads run back through the client's payload codecs (so customer data encrypted at
 * rest reads as plain JSON payloads), ready to be written as proto JSON (history-json.ts).
 */
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { History, Payload } from '@temporalio/common/lib/proto-utils';

/**
 * The history of a workflow run (the newest unless `runId` names one). `raw` keeps the payloads as stored
 * (encoded by the codec, when there is one); otherwise they are decoded with the client's codecs.
 */
export async function fetchHistory(
  client: Client,
  workflowId: string,
  options: { raw?: boolean; runId?: string } = {},
): Promise<History> {
  const history = await client.workflow.getHandle(workflowId, options.runId).fetchHistory();
  const codecs = client.options.loadedDataConverter.payloadCodecs;
  if (!options.raw && codecs.length > 0) await decodePayloads(history, codecs);
  return history;
}

/** The run id a history belongs to, from its first event (the run it continued from, if any). */
export function runsOf(history: History): { runId?: string; previousRunId?: string } {
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  return {
    ...(started?.originalExecutionRunId ? { runId: started.originalExecutionRunId } : {}),
    ...(started?.continuedExecutionRunId ? { previousRunId: started.continuedExecutionRunId } : {}),
  };
}

/** Decodes, in place, every payload in a history (codecs are undone last-applied first, as Temporal does). */
export async function decodePayloads(history: History, codecs: readonly PayloadCodec[]): Promise<void> {
  const decode = async (payloads: Payload[]): Promise<Payload[]> => {
    let out = payloads;
    for (const codec of [...codecs].reverse()) out = await codec.decode(out);
    return out;
  };
  await visit(history, decode);
}

const isPayload = (value: unknown): value is Payload =>
  typeof value === 'object' &&
  value !== null &&
  'metadata' in value &&
  ((value as Payload).data instanceof Uint8Array || (value as Payload).data === undefined) &&
  typeof (value as Payload).metadata === 'object';

/**
 * Walks a proto message and replaces each payload by its decoded form. Search attributes are left alone:
 * Temporal never passes them through codecs (the server must read them).
 */
async function visit(node: unknown, decode: (p: Payload[]) => Promise<Payload[]>): Promise<void> {
  if (typeof node !== 'object' || node === null || node instanceof Uint8Array) return;
  if (Array.isArray(node)) {
    if (node.length > 0 && node.every(isPayload)) {
      const decoded = await decode(node);
      node.splice(0, node.length, ...decoded);
      return;
    }
    for (const item of node) await visit(item, decode);
    return;
  }
  const record = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'searchAttributes' || value === null || value === undefined) continue;
    if (isPayload(value)) {
      const [decoded] = await decode([value]);
      record[key] = decoded;
    } else if (typeof value === 'object' && !Array.isArray(value) && isPayloadMap(value)) {
      // Headers and memos: a map of field name → payload.
      const entries = Object.entries(value as Record<string, Payload>);
      const decoded = await decode(entries.map(([, p]) => p));
      entries.forEach(([name], i) => ((value as Record<string, Payload | undefined>)[name] = decoded[i]));
    } else {
      await visit(value, decode);
    }
  }
}

function isPayloadMap(value: object): boolean {
  const values = Object.values(value);
  return values.length > 0 && values.every(isPayload);
}
