import { z } from 'zod';
import { parseCallAllow } from './call-allow';
import { pemFile, readableFile } from './setting-files';

/**
 * Every setting caseflow reads, validated once at start. A bad value stops the process with one line per
 * setting that names it and says what it expects (SPEC §2: configuration only through the environment).
 */
const optionalUrl = (what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .refine((v) => URL.canParse(v), { message: `expected ${what}` })
    .optional();

/** `http(s)://host[:port]`, nothing after it but an optional `/`: what a browser sends as Origin. */
function isOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    !url.username &&
    !url.password &&
    url.pathname === '/' &&
    !url.search &&
    !url.hash
  );
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** `30d` / `72h` → seconds (CASEFLOW_RETENTION). */
export function retentionSeconds(value: string): number {
  const amount = Number(value.slice(0, -1));
  return value.endsWith('d') ? amount * 86_400 : amount * 3_600;
}

/**
 * Workflows a worker keeps cached (CASEFLOW_WORKFLOW_CACHE_SIZE). The SDK's own default follows the heap
 * limit (about 2,300 on a 4 GB heap), which at 10,000 open cases is no bound. 500 (about 250 busy cases
 * with their customers' workflows) came to about 155 MB in B3 and keeps 10,000 open cases under 1 GB;
 * 1,000 came to about 450 MB (docs/performance.md, B3).
 */
export const DEFAULT_WORKFLOW_CACHE_SIZE = 500;

const count = (what: string) =>
  z.coerce
    .number({ message: `expected a number of ${what}` })
    .int({ message: `expected a whole number of ${what}` })
    .min(1, { message: `expected 1 to 16 ${what}` })
    .max(16, { message: `expected 1 to 16 ${what}` })
    .default(2);

export const envSchema = z.object({
  TEMPORAL_ADDRESS: z
    .string()
    .trim()
    .regex(/^[^\s:/]+:\d{1,5}$/, {
      message: 'expected host:port of a Temporal frontend, e.g. 127.0.0.1:7233',
    })
    .optional(),
  TEMPORAL_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,255}$/, { message: 'expected a Temporal namespace name' })
    .default('default'),
  // Reaching a Temporal that wants TLS, mTLS or an API key (config/temporal-connection.ts, docs/operations.md).
  /** Client certificate (PEM) the worker, API and CLI present to Temporal (mTLS); with TEMPORAL_TLS_KEY. */
  TEMPORAL_TLS_CERT: pemFile('certificate', 'the client certificate caseflow presents to Temporal'),
  /** Private key (PEM, unencrypted) of TEMPORAL_TLS_CERT. */
  TEMPORAL_TLS_KEY: pemFile('private key', 'the key of TEMPORAL_TLS_CERT'),
  /** CA certificate(s) (PEM) the Temporal frontend's certificate must chain to; unset: the system's CAs. */
  TEMPORAL_TLS_CA: pemFile('certificate', 'the CA that signed the Temporal frontend’s certificate'),
  /** Sent as `authorization: Bearer <key>` on every Temporal call, always over TLS. Never echoed back. */
  TEMPORAL_API_KEY: z
    .string()
    .trim()
    .regex(/^[\x21-\x7e]+$/, { message: 'expected an API key: one line of printable characters, no spaces' })
    .optional(),
  CASEFLOW_TASK_QUEUE: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._-]{1,255}$/, { message: 'expected a task queue name' })
    .default('caseflow'),
  DATABASE_URL: optionalUrl('a PostgreSQL URL, e.g. postgres://user@127.0.0.1:5432/caseflow'),
  /** `caseflow migrate` only: the role the worker and API connect as; it gets their rights and no DDL. */
  CASEFLOW_RUNTIME_ROLE: z
    .string()
    .trim()
    .regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, {
      message: 'expected a PostgreSQL role name, e.g. caseflow_app',
    })
    .optional(),
  PORT: z.coerce
    .number({ message: 'expected a TCP port number' })
    .int({ message: 'expected a whole port number' })
    .min(0, { message: 'expected a port from 0 to 65535' })
    .max(65535, { message: 'expected a port from 0 to 65535' })
    .default(3000),
  CASEFLOW_AUTH_FILE: z.string().trim().min(1).optional(),
  CASEFLOW_CODEC_KEY: z
    .string()
    .trim()
    .regex(/^(?:[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})$/, {
      message: 'expected a 256-bit key: 64 hex digits or 44 base64 characters',
    })
    .optional(),
  /**
   * Earlier payload keys, comma-separated: they still decrypt old payloads after a rotation (codec/) and
   * still accept the survey links signed with them (activities/survey-link.ts).
   */
  CASEFLOW_CODEC_OLD_KEYS: z
    .string()
    .trim()
    .regex(/^(?:[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64})(?:\s*,\s*(?:[A-Za-z0-9+/]{43}=|[0-9a-fA-F]{64}))*$/, {
      message: 'expected comma-separated 256-bit keys (64 hex digits or 44 base64 characters each)',
    })
    .optional(),
  /** Requests a minute per bearer token (or per address without one); 0 turns the limit off. */
  CASEFLOW_RATE_LIMIT: z.coerce
    .number({ message: 'expected a number of requests a minute' })
    .int({ message: 'expected a whole number of requests a minute' })
    .min(0, { message: 'expected 0 (off) or more requests a minute' })
    .default(600),
  /** host:port where the worker exports Temporal SDK metrics for Prometheus (unset: not exported). */
  CASEFLOW_WORKER_METRICS_ADDRESS: z
    .string()
    .trim()
    .regex(/^[^\s/]+:\d{1,5}$/, { message: 'expected host:port, e.g. 0.0.0.0:9464' })
    .optional(),
  /** A workflow bundle prebuilt by `npm run bundle` (the image's); unset: the worker bundles at start. */
  CASEFLOW_WORKFLOW_BUNDLE: readableFile(
    'the workflow bundle `npm run bundle` writes, dist/workflow-bundle.js',
  ),
  /**
   * Worker: how many workflows (cases and their customers' workflows) it keeps in memory between their
   * tasks, least recently used evicted first; an evicted case replays its history on its next task. Bounds
   * the worker's memory whatever the number of open cases (docs/performance.md, B3). 0: no cache.
   */
  CASEFLOW_WORKFLOW_CACHE_SIZE: z.coerce
    .number({ message: 'expected a number of workflows' })
    .int({ message: 'expected a whole number of workflows' })
    .refine((n) => n === 0 || (n >= 2 && n <= 100_000), {
      message: 'expected 0 (no cache) or 2 to 100000 workflows',
    })
    .default(DEFAULT_WORKFLOW_CACHE_SIZE),
  /** Base URL customers and agents reach the API on (survey links); defaults to http://localhost:PORT. */
  CASEFLOW_PUBLIC_URL: optionalUrl('an http(s) URL, e.g. https://support.example.com'),
  /** The Temporal UI's origin: the only one whose browser calls to /codec/encode|decode get CORS headers. */
  CASEFLOW_UI_ORIGIN: z
    .string()
    .trim()
    .refine(isOrigin, {
      message:
        'expected the origin of the Temporal UI: scheme://host[:port], e.g. http://localhost:8080, no path',
    })
    .transform((v) => new URL(v).origin)
    .optional(),
  /**
   * Worker: hosts `call` steps may reach, comma-separated (`*.example.com`: its subdomains; `*`: any host).
   * Unset: loopback only. Secrets for `call` steps are `CASEFLOW_SECRET_<NAME>`, read by the worker at call
   * time, not here (config/call-allow.ts, docs/security.md).
   */
  CASEFLOW_CALL_ALLOW: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseCallAllow(value);
      if (parsed.ok) return parsed.list;
      const bad = parsed.bad.map((entry) => JSON.stringify(entry)).join(', ');
      ctx.addIssue({
        code: 'custom',
        message: `expected comma-separated host names, *.domain wildcards or IP addresses, e.g. crm.example.com,*.erp.example.com (not a host: ${bad})`,
      });
      return z.NEVER;
    }),
  /** `npm start` only: where the dev server's SQLite file and PGlite live (default `.data/` in the clone). */
  CASEFLOW_DATA_DIR: z.string().trim().min(1).optional(),
  /** `npm start` only: the dev server's gRPC port (its UI listens 1000 above). */
  CASEFLOW_DEV_TEMPORAL_PORT: z.coerce
    .number({ message: 'expected a TCP port number' })
    .int({ message: 'expected a whole port number' })
    .min(1, { message: 'expected a port from 1 to 64535' })
    .max(64535, { message: 'expected a port from 1 to 64535 (the UI takes port + 1000)' })
    .default(7233),
  // The production shape (`npm run cluster`, `caseflow setup`, compose's set-up jobs): SPEC §9.
  /** Temporal's persistence database (its visibility database is the same name + `_visibility`). */
  CASEFLOW_TEMPORAL_DATABASE_URL: optionalUrl(
    'a PostgreSQL URL of Temporal’s own database, e.g. postgres://temporal@127.0.0.1:5432/temporal',
  ),
  /** How long Temporal keeps a closed case's history: the auditor's window for history and replay. */
  CASEFLOW_RETENTION: z
    .string()
    .trim()
    // abort: a value that is no duration gets one line, not a second about Temporal's minimum.
    .regex(/^\d{1,5}[dh]$/, { message: 'expected a duration in days or hours, e.g. 30d or 72h', abort: true })
    .refine((v) => retentionSeconds(v) >= 86_400, { message: 'expected at least 1d (Temporal’s minimum)' })
    .default('30d'),
  CASEFLOW_WORKERS: count('worker processes'),
  CASEFLOW_APIS: count('API processes'),
  /** `npm run cluster` only: the Temporal server's frontend port (its other services take the next ones). */
  CASEFLOW_CLUSTER_TEMPORAL_PORT: z.coerce
    .number({ message: 'expected a TCP port number' })
    .int({ message: 'expected a whole port number' })
    // Temporal stores membership ports (this + 20…26) as a PostgreSQL smallint: at most 32767.
    .min(1, { message: 'expected a port from 1 to 32700' })
    .max(32700, { message: 'expected a port from 1 to 32700 (the server uses ports up to 30 above it)' })
    .default(7233),
  /** `npm run api`: the address the API listens on (`0.0.0.0` all interfaces, `127.0.0.1` this machine only). */
  CASEFLOW_API_HOST: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.:-]{1,253}$/, {
      message: 'expected a host name or IP address, e.g. 0.0.0.0 or 127.0.0.1',
    })
    .default('0.0.0.0'),
  /**
   * `1`: accept the public development tokens (config/dev-auth.yaml) on an API that is not bound to
   * loopback. Deliberate and loud; never in production.
   */
  CASEFLOW_DEV: z
    .enum(['0', '1', 'true', 'false'], { message: 'expected 1 or 0' })
    .transform((v) => v === '1' || v === 'true')
    .default(false),
  LOG_LEVEL: z.enum(logLevels, { message: `expected one of ${logLevels.join(', ')}` }).default('info'),
  NODE_ENV: z.string().optional(),
});

export type Env = z.infer<typeof envSchema>;

/**
 * A client certificate is useless without its key and the other way round: the one that is set is named.
 * (`when`: checked even when other settings are bad, so every problem is listed at once.)
 */
const checkedEnvSchema = envSchema.superRefine(
  (env, ctx) => {
    const pairs = [
      ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'its private key'],
      ['TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CERT', 'the client certificate'],
    ] as const;
    for (const [set, missing, what] of pairs) {
      if (env[set] && !env[missing]) {
        ctx.addIssue({ code: 'custom', path: [set], message: `set only together with ${missing} (${what})` });
      }
    }
  },
  { when: () => true },
);

/** Settings whose values are secrets: a bad one is described by its length, never printed. */
const secretSettings = new Set(['TEMPORAL_API_KEY']);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing each bad setting as `NAME: what was expected`. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable is treated as unset, as shells and compose files often export `X=`.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = checkedEnvSchema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const got = secretSettings.has(name)
        ? `${String(source[name]).length} characters, not shown`
        : JSON.stringify(source[name]);
      return `${name}: ${issue.message} (got ${got})`;
    }),
  );
}

/** For process entry points: parse or print the problems and exit 1, never a stack trace. */
export function loadEnvOrExit(source: NodeJS.ProcessEnv = process.env): Env {
  try {
    return loadEnv(source);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const line of err.problems) console.error(`caseflow: bad setting ${line}`);
      process.exit(1);
    }
    throw err;
  }
}

/**
 * For `npm run worker` and `npm run api`, which join a running system: exits 1 with one line per missing
 * connection setting.
 */
export function requireConnectionSettings(
  env: Env,
  command: string,
): Env & { TEMPORAL_ADDRESS: string; DATABASE_URL: string } {
  const { TEMPORAL_ADDRESS, DATABASE_URL } = env;
  if (TEMPORAL_ADDRESS && DATABASE_URL) return { ...env, TEMPORAL_ADDRESS, DATABASE_URL };
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL'] as const) {
    if (!env[name]) {
      console.error(
        `caseflow: bad setting ${name}: required by \`${command}\` (use \`npm start\` for a local all-in-one system)`,
      );
    }
  }
  process.exit(1);
}
