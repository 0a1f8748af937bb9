/**
 * A tiny OTLP/HTTP trace receiver for tests: what a collector is to caseflow's exporter (POST /v1/traces,
 * protobuf, the specification's default protocol), keeping the spans it receives. The protobuf is read
 * with a small wire-format reader of the few fields a test asserts on, rather than a protobuf library and
 * the OTLP .proto files.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One received span: ids in hex, as trace viewers show them. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** SpanKind as OTLP numbers it: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** service.name of the process that sent it. */
  service: string;
  attributes: Record<string, string>;
}

export interface OtlpReceiver {
  /** For OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds /v1/traces). */
  endpoint: string;
  spans: ReceivedSpan[];
  close: () => Promise<void>;
}

/** A protobuf field: its number and either a varint/fixed number or the bytes of a length-delimited field. */
type Field = { field: number; bytes?: Buffer; value?: bigint };

/** Reads one message's fields (wire types 0, 1, 2 and 5; the only ones OTLP uses). */
function fields(buf: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, value: varint() });
    else if (wire === 1) {
      out.push({ field, value: buf.readBigUInt64LE(at) });
      at += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      out.push({ field, bytes: buf.subarray(at, at + length) });
      at += length;
    } else if (wire === 5) {
      out.push({ field, value: BigInt(buf.readUInt32LE(at)) });
      at += 4;
    } else throw new Error(`protobuf wire type ${wire} not expected in OTLP`);
  }
  return out;
}

const all = (msg: Buffer, n: number) =>
  fields(msg)
    .filter((f) => f.field === n && f.bytes)
    .map((f) => f.bytes!);
const one = (msg: Buffer, n: number) => all(msg, n)[0] ?? Buffer.alloc(0);

/** KeyValue { key = 1; AnyValue value = 2 { string_value = 1; bool = 2; int = 3 … } }, as strings. */
function attributesOf(msg: Buffer, n: number): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const kv of all(msg, n)) {
    const value = fields(one(kv, 2))[0];
    attributes[one(kv, 1).toString()] = value?.bytes ? value.bytes.toString() : String(value?.value ?? '');
  }
  return attributes;
}

/**
 * ExportTraceServiceRequest { ResourceSpans resource_spans = 1 }; ResourceSpans { Resource resource = 1;
 * ScopeSpans scope_spans = 2 }; ScopeSpans { Span spans = 2 }; Span { trace_id = 1; span_id = 2;
 * parent_span_id = 4; name = 5; kind = 6; attributes = 9 }; Resource { attributes = 1 }.
 */
export function decodeTraceRequest(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of all(body, 1)) {
    const service = attributesOf(one(resourceSpans, 1), 1)['service.name'] ?? '';
    for (const scopeSpans of all(resourceSpans, 2)) {
      for (const span of all(scopeSpans, 2)) {
        spans.push({
          traceId: one(span, 1).toString('hex'),
          spanId: one(span, 2).toString('hex'),
          parentSpanId: one(span, 4).toString('hex'),
          name: one(span, 5).toString(),
          kind: Number(fields(span).find((f) => f.field === 6)?.value ?? 0),
          service,
          attributes: attributesOf(span, 9),
        });
      }
    }
  }
  return spans;
}

/** Listens on a free loopback port; answers every export with 200 and an empty response (all accepted). */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.method === 'POST' && req.url === '/v1/traces') spans.push(...decodeTraceRequest(body));
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
