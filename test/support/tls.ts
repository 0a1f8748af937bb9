/**
 * TLS for tests of caseflow's Temporal connection settings: a throw-away PKI made with `openssl` in a temp
 * directory, a TLS-terminating TCP proxy (node:tls) to put in front of a plaintext Temporal dev server, and
 * a stand-in gRPC frontend (node:http2) that records the headers of the calls it gets.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  createSecureServer,
  type Http2SecureServer,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
} from 'node:http2';
import { connect as connectTcp, createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';

export interface Pki {
  /** CA that signed the server and the client certificate. */
  ca: string;
  /** Server certificate for 127.0.0.1 and localhost, and its key. */
  serverCert: string;
  serverKey: string;
  /** Client certificate (mTLS) signed by `ca`, and its key. */
  clientCert: string;
  clientKey: string;
  /** A client certificate signed by another CA, which the proxy must refuse, and its key. */
  strangerCert: string;
  strangerKey: string;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });
const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  openssl(
    [
      'req',
      '-x509',
      ...ecKey,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
}

function makeLeaf(dir: string, name: string, ca: string, extensions: string): void {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(['req', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`], dir);
  openssl(
    [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.pem`,
    ],
    dir,
  );
}

/** A CA, a server certificate for loopback, a client certificate, and a stranger's client certificate. */
export function makePki(dir: string): Pki {
  makeCa(dir, 'ca');
  makeCa(dir, 'other-ca');
  const leaf = 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n';
  makeLeaf(
    dir,
    'server',
    'ca',
    `${leaf}extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n`,
  );
  makeLeaf(dir, 'client', 'ca', `${leaf}extendedKeyUsage=clientAuth\n`);
  makeLeaf(dir, 'stranger', 'other-ca', `${leaf}extendedKeyUsage=clientAuth\n`);
  const at = (file: string) => join(dir, file);
  return {
    ca: at('ca.pem'),
    serverCert: at('server.pem'),
    serverKey: at('server.key'),
    clientCert: at('client.pem'),
    clientKey: at('client.key'),
    strangerCert: at('stranger.pem'),
    strangerKey: at('stranger.key'),
  };
}

export interface TlsProxy {
  address: string;
  /** TLS handshakes completed (with a client certificate the CA signed, when one is required). */
  accepted: () => number;
  /** Handshakes the proxy refused (no, or a stranger's, client certificate; a client that does not trust us). */
  refused: () => number;
  close: () => Promise<void>;
}

/**
 * A TLS endpoint on loopback that forwards each connection, decrypted, to `target` (host:port): a stand-in for
 * a Temporal frontend with TLS. With `clientCa`, it asks for a client certificate and refuses any not signed
 * by that CA (mTLS). It offers ALPN h2, as gRPC clients expect.
 */
export async function startTlsProxy(options: {
  target: string;
  pki: Pki;
  clientCa?: string;
}): Promise<TlsProxy> {
  const [host, port] = splitAddress(options.target);
  let accepted = 0;
  let refused = 0;
  const sockets = new Set<Socket>();
  const server = createTlsServer({
    key: readFileSync(options.pki.serverKey),
    cert: readFileSync(options.pki.serverCert),
    ALPNProtocols: ['h2'],
    ...(options.clientCa
      ? { ca: readFileSync(options.clientCa), requestCert: true, rejectUnauthorized: true }
      : {}),
  });
  server.on('tlsClientError', () => (refused += 1));
  server.on('secureConnection', (tlsSocket: TLSSocket) => {
    accepted += 1;
    const upstream = connectTcp(port, host);
    for (const s of [tlsSocket, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    tlsSocket.pipe(upstream).pipe(tlsSocket);
    tlsSocket.on('close', () => upstream.destroy());
    upstream.on('close', () => tlsSocket.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const address = await listen(server);
  return {
    address,
    accepted: () => accepted,
    refused: () => refused,
    close: () => closeAll(server, sockets),
  };
}

export interface RecordingFrontend {
  address: string;
  /** Headers of every gRPC call received, in order. */
  calls: IncomingHttpHeaders[];
  close: () => Promise<void>;
}

/**
 * A TLS gRPC endpoint that answers every call UNAUTHENTICATED and records its headers: enough to see what a
 * Temporal client or worker sends (its API key) without a server that checks keys.
 */
export async function startRecordingFrontend(pki: Pki): Promise<RecordingFrontend> {
  const calls: IncomingHttpHeaders[] = [];
  const sessions = new Set<ServerHttp2Session>();
  const server: Http2SecureServer = createSecureServer({
    key: readFileSync(pki.serverKey),
    cert: readFileSync(pki.serverCert),
    allowHTTP1: false,
  });
  server.on('session', (session: ServerHttp2Session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
    session.on('error', () => undefined);
  });
  server.on('stream', (stream, headers) => {
    calls.push(headers);
    stream.on('error', () => undefined);
    // A trailers-only gRPC answer: status 16 (UNAUTHENTICATED).
    stream.respond(
      { ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '16', 'grpc-message': 'recorded' },
      { endStream: true },
    );
  });
  const address = await listen(server);
  return {
    address,
    calls,
    close: async () => {
      for (const session of sessions) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function splitAddress(address: string): [string, number] {
  const cut = address.lastIndexOf(':');
  return [address.slice(0, cut), Number(address.slice(cut + 1))];
}

async function listen(server: Server | Http2SecureServer): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const bound = server.address();
  if (!bound || typeof bound === 'string') throw new Error('no address');
  // By name, as certificates name hosts (grpc-js warns about an IP address as TLS server name).
  return `localhost:${bound.port}`;
}

async function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A plaintext TCP listener that counts connections and the bytes it received (nothing must arrive). */
export async function startPlainListener(): Promise<{
  address: string;
  received: () => Buffer;
  close: () => Promise<void>;
}> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  const address = await listen(server);
  return { address, received: () => Buffer.concat(chunks), close: () => closeAll(server, sockets) };
}
