/**
 * History ⇄ proto JSON (the format of `temporal workflow show --output json`, the Web UI's download and
 * saved history files).
 *
 * Why not historyToJSON/historyFromJSON of @temporalio/common: in this install the SDK's proto types are
 * built with protobufjs 7 while its JSON codec comes from protobufjs 8, and the codec refuses the other
 * major's types ("type must be a Type"). So the history takes a detour through its binary form, which both
 * majors read alike: protobufjs 7 message → bytes → the same type loaded into protobufjs 8 → proto JSON,
 * and back. Byte-exact both ways (test/unit/audit/timeline.test.ts: 'reads and writes proto JSON byte for
 * byte').
 */
import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';

interface ProtoType {
  decode(bytes: Uint8Array): object;
  encode(message: object): { finish(): Uint8Array };
}
interface ProtoJson {
  toJson(type: ProtoType, message: object): unknown;
  fromJson(type: ProtoType, json: unknown, options: { ignoreUnknownFields: boolean }): object | null;
}

const HistoryMessage = temporal.api.history.v1.History;
let codec: { type: ProtoType; json: ProtoJson } | undefined;

/** The History type in the protobufjs that the SDK's JSON codec belongs to (loaded once, ~0.1 s). */
function jsonCodec(): { type: ProtoType; json: ProtoJson } {
  if (codec) return codec;
  // Resolve from @temporalio/common, as its own proto-utils does, so the pair matches however npm lays
  // the packages out.
  const fromCommon = createRequire(require.resolve('@temporalio/common'));
  const protobuf = fromCommon('protobufjs') as {
    Root: { fromJSON(json: unknown): { lookupType(name: string): ProtoType } };
  };
  const json = fromCommon('protobufjs/ext/protojson') as ProtoJson;
  const sdkRoot = fromCommon('@temporalio/proto/protos/json-module.js') as { toJSON(): unknown };
  const type = protobuf.Root.fromJSON(sdkRoot.toJSON()).lookupType('temporal.api.history.v1.History');
  codec = { type, json };
  return codec;
}

/** Proto JSON of a history: `{ events: [{ eventId, eventTime, eventType, …Attributes }] }`. */
export interface HistoryJson {
  events: Array<Record<string, unknown> & { eventId: string; eventTime?: string; eventType: string }>;
}

export function historyToJson(history: History): HistoryJson {
  const { type, json } = jsonCodec();
  const bytes = HistoryMessage.encode(HistoryMessage.fromObject(history)).finish();
  return json.toJson(type, type.decode(bytes)) as HistoryJson;
}

/** Reads a proto JSON history (a saved file, an API answer); throws TypeError when it is not one. */
export function historyFromJson(value: unknown): History {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { events?: unknown }).events))
    throw new TypeError('not a history: expected an object with an array of events');
  const { type, json } = jsonCodec();
  const message = json.fromJson(type, value, { ignoreUnknownFields: true });
  if (message === null) throw new TypeError('not a history');
  return HistoryMessage.decode(type.encode(message).finish());
}
