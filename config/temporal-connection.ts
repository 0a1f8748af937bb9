/**
 * How caseflow reaches a Temporal frontend that wants TLS, a client certificate (mTLS) or an API key: the
 * one place that turns TEMPORAL_TLS_CERT, TEMPORAL_TLS_KEY, TEMPORAL_TLS_CA and TEMPORAL_API_KEY into
 * connection options, so the API and the CLI (`Connection.connect`) and the worker
 * (`NativeConnection.connect`) always connect the same way. The files were checked by config/env.ts.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

export interface TemporalConnectionSettings {
  /** host:port of the Temporal frontend. */
  TEMPORAL_ADDRESS: string;
  /** PEM client certificate for mTLS; only with TEMPORAL_TLS_KEY. */
  TEMPORAL_TLS_CERT?: string | undefined;
  /** PEM private key of TEMPORAL_TLS_CERT. */
  TEMPORAL_TLS_KEY?: string | undefined;
  /** PEM CA certificate(s) the frontend's certificate must chain to; unset: the system's trusted CAs. */
  TEMPORAL_TLS_CA?: string | undefined;
  /** Sent as `authorization: Bearer <key>` on every call. */
  TEMPORAL_API_KEY?: string | undefined;
}

/** Options that both `Connection.connect` (@temporalio/client) and `NativeConnection.connect` accept. */
export interface TemporalConnectOptions {
  address: string;
  /** Present when the connection uses TLS; absent: plaintext, as the local dev server speaks. */
  tls?: TLSConfig;
  apiKey?: string;
}

/**
 * The connection options for the Temporal frontend named by the settings — pass them to
 * `Connection.connect` (clients: API, CLI commands such as `caseflow setup`) or `NativeConnection.connect`
 * (workers), adding only call-specific options such as `connectTimeout`.
 *
 * - No TLS setting and no API key: plaintext, as before.
 * - TEMPORAL_TLS_CA, or TEMPORAL_TLS_CERT with TEMPORAL_TLS_KEY: TLS, verifying the frontend against that CA
 *   (else the system's trusted CAs) and presenting the client certificate (mTLS).
 * - TEMPORAL_API_KEY: sent as `authorization: Bearer <key>` on every call, and always over TLS (system CAs
 *   unless TEMPORAL_TLS_CA is set). The SDK 1.24 does the same when it is given an API key without a `tls`
 *   option; caseflow says so itself, so a key is never sent in the clear whatever the SDK's default.
 *
 * Reads the files when called, that is when a process starts: after replacing certificates, restart the
 * processes (one at a time; each reconnects with the new files).
 */
export function temporalConnectOptions(settings: TemporalConnectionSettings): TemporalConnectOptions {
  const {
    TEMPORAL_TLS_CERT: cert,
    TEMPORAL_TLS_KEY: key,
    TEMPORAL_TLS_CA: ca,
    TEMPORAL_API_KEY: apiKey,
  } = settings;
  const useTls = Boolean(cert || key || ca || apiKey);
  if (!useTls) return { address: settings.TEMPORAL_ADDRESS };
  if (Boolean(cert) !== Boolean(key)) {
    // config/env.ts refuses this already; a caller that skipped it still gets a clear line.
    throw new Error(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: set both (the client certificate and its key) or neither',
    );
  }
  const tls: TLSConfig = {
    ...(ca ? { serverRootCACertificate: readFileSync(ca) } : {}),
    ...(cert && key ? { clientCertPair: { crt: readFileSync(cert), key: readFileSync(key) } } : {}),
  };
  return { address: settings.TEMPORAL_ADDRESS, tls, ...(apiKey ? { apiKey } : {}) };
}

/** For start-up logs: how the connection is secured, without secrets. */
export function describeTemporalConnection(options: TemporalConnectOptions): string {
  if (!options.tls) return 'plaintext';
  const parts = [
    options.tls.serverRootCACertificate ? 'TLS (CA from TEMPORAL_TLS_CA)' : 'TLS (system CAs)',
    ...(options.tls.clientCertPair ? ['client certificate'] : []),
    ...(options.apiKey ? ['API key'] : []),
  ];
  return parts.join(', ');
}

/** Where and how to reach Temporal, with the namespace and task queue caseflow works in. */
export interface TemporalSettings extends TemporalConnectOptions {
  namespace: string;
  taskQueue: string;
}

/** Only the connection's own options, for `Connection.connect` and `NativeConnection.connect` alike. */
export function connectionOptionsOf({ address, tls, apiKey }: TemporalSettings): TemporalConnectOptions {
  return { address, ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
}
