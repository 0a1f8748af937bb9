/**
 * A Temporal client (@temporalio/client) as caseflow connects one: the API's, the CLI's, and the worker's
 * own for the activities that act on other workflows (a bulk migration moves cases through their update,
 * activities/migration.ts). One place, so all of them take the same connection options, payload codec and
 * answer size.
 */
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { connectionOptionsOf, type TemporalSettings } from './temporal-connection';

/**
 * Largest answer the client takes from Temporal: a history page of a case that took a burst of messages
 * runs to tens of MB (Temporal's own limit for a whole history is 50 MB). The SDK means to allow 128 MB but
 * names the channel option without its `grpc.` prefix, so grpc-js kept its 4 MB default and the audit
 * routes failed on such a run (RESOURCE_EXHAUSTED, "Received message larger than max").
 */
const MAX_RECEIVE_BYTES = 128 * 1024 * 1024;

/**
 * A client; with `codec` (codec/), payloads it sends are encrypted and those it reads decrypted; with
 * `interceptors` (telemetry/, when tracing is on), its calls carry the request's trace to the workflow.
 */
export async function connectClient(
  settings: TemporalSettings,
  codec?: PayloadCodec,
  interceptors?: ClientInterceptors,
): Promise<Client> {
  const connection = await Connection.connect({
    ...connectionOptionsOf(settings),
    channelArgs: { 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES },
  });
  return new Client({
    connection,
    namespace: settings.namespace,
    ...(codec ? { dataConverter: { payloadCodecs: [codec] } } : {}),
    ...(interceptors ? { interceptors } : {}),
  });
}
