/**
 * docker-compose.yml, its override and the Dockerfile, checked without a container engine (none runs on our
 * machines): the compose files valid against the Compose specification's JSON Schema, the Dockerfile
 * through the Docker language service's checks (dockerfile-utils, as editors run them), every variable set
 * on a caseflow service one that caseflow reads (config/env.ts's schema), every setting an operator may need
 * passed, and the wiring the production shape depends on (roles, set-up order, retention, closed ports,
 * codec, health checks).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { validate as dockerfileProblems } from 'dockerfile-utils';
import { parse } from 'yaml';
import { runCli } from '../../../cli/main';
import { envSchema } from '../../../config/env';
import { projectRoot } from '../../../config/paths';

type Env = Record<string, string | number | boolean | null>;
interface Service {
  image?: string;
  build?: { context: string; target?: string };
  command?: string[];
  environment?: Env;
  ports?: unknown[];
  volumes?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
}
interface Compose {
  services: Record<string, Service>;
}

const read = (path: string) => readFileSync(join(projectRoot, path), 'utf8');
const dockerfile = read('Dockerfile');
/** The variables the image itself sets (`ENV A=… \\` continued over lines). */
const imageEnv = [...dockerfile.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)].flatMap((m) =>
  [...m[1]!.matchAll(/([A-Z_]+)=/g)].map((v) => v[1]!),
);
/** Compose resolves YAML merge keys (`<<: *anchor`); so does this. */
const load = (path: string) => parse(read(path), { merge: true }) as Compose;
const compose = load('docker-compose.yml');
const services = compose.services;

/** The Compose specification's schema as the dclint package ships it (docs/operations.md says why). */
function composeValidator() {
  const schemaPath = join(dirname(require.resolve('dclint/package.json')), 'schemas', 'compose.schema.json');
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<
    string,
    unknown
  >;
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}
const validate = composeValidator();
const schemaErrors = (doc: unknown) =>
  validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);

/** Settings of `npm start`, `npm run cluster` and development only: they mean nothing inside a container. */
const localOnly = [
  'CASEFLOW_DATA_DIR',
  'CASEFLOW_DEV_TEMPORAL_PORT',
  'CASEFLOW_WORKERS',
  'CASEFLOW_APIS',
  'CASEFLOW_CLUSTER_TEMPORAL_PORT',
  // Accepts the public development tokens off loopback: never on compose (NODE_ENV=production refuses them).
  'CASEFLOW_DEV',
];
const settings = Object.keys(envSchema.shape);
const caseflowServices = Object.entries(services).filter(([, s]) => s.build?.context === '.');
const env = (name: string): Env => services[name]?.environment ?? {};

describe('docker-compose.yml against the Compose specification', () => {
  it('is valid, and so is deploy/compose.ports.yml', () => {
    expect(schemaErrors(compose)).toEqual([]);
    expect(schemaErrors(load('deploy/compose.ports.yml'))).toEqual([]);
  });

  it('the validator refuses what Compose refuses', () => {
    const broken = load('docker-compose.yml') as unknown as {
      services: Record<string, Record<string, unknown>>;
    };
    broken.services.api!.healthcheck = { test: ['CMD', 'true'], interval: 15 };
    broken.services.worker!.deploy = { replica: 2 };
    expect(schemaErrors(broken).sort()).toEqual([
      '/services/api/healthcheck/interval must be string',
      '/services/worker/deploy must NOT have additional properties',
    ]);
  });
});

describe('the variables of caseflow services', () => {
  it('finds the caseflow services: migrate, the set-up jobs, the workers and the API', () => {
    expect(caseflowServices.map(([name]) => name).sort()).toEqual(
      ['api', 'migrate', 'temporal-namespace', 'temporal-schema', 'worker'].sort(),
    );
  });

  it.each(caseflowServices)('%s sets only variables caseflow reads', (_name, service) => {
    const unknown = Object.keys(service.environment ?? {}).filter((key) => !settings.includes(key));
    expect(unknown).toEqual([]);
  });

  it('passes every setting an operator may need to some caseflow service (or the image sets it)', () => {
    const passed = new Set([
      ...imageEnv,
      ...caseflowServices.flatMap(([, s]) => Object.keys(s.environment ?? {})),
    ]);
    const missing = settings.filter((key) => !localOnly.includes(key) && !passed.has(key));
    expect(missing).toEqual([]);
  });

  it('gives the workers and the API the same Temporal, database and payload-key settings', () => {
    const shared = [
      'TEMPORAL_ADDRESS',
      'TEMPORAL_NAMESPACE',
      'CASEFLOW_TASK_QUEUE',
      'DATABASE_URL',
      'CASEFLOW_CODEC_KEY',
      'CASEFLOW_CODEC_OLD_KEYS',
      'CASEFLOW_PUBLIC_URL',
    ];
    for (const key of shared) {
      expect(env('worker')[key]).toBeDefined();
      expect(env('api')[key]).toBe(env('worker')[key]);
    }
    expect(env('temporal-namespace').TEMPORAL_NAMESPACE).toBe(env('worker').TEMPORAL_NAMESPACE);
    expect(env('temporal-namespace').TEMPORAL_ADDRESS).toBe(env('worker').TEMPORAL_ADDRESS);
  });
});

describe('the production shape', () => {
  const userOf = (url: unknown) => new URL(String(url).replace(/\$\{[^}]*\}/g, 'secret')).username;
  const initSql = read('deploy/postgres-init.sql');

  it('runs caseflow commands that exist', async () => {
    let help = '';
    await runCli(['help'], { stdout: (text) => (help += text), stderr: () => undefined });
    const commands = caseflowServices
      .map(([, s]) => s.command ?? [])
      .filter((command) => command[1] === 'bin/caseflow.js')
      .map((command) => command[2]);
    expect(commands.sort()).toEqual(['migrate', 'setup', 'setup']);
    for (const name of commands) expect(help).toMatch(new RegExp(`^  caseflow ${name}\\b`, 'm'));
  });

  it('migrates as the owner and runs workers and API as the runtime role the migration grants', () => {
    expect(services.migrate?.command).toEqual(['node', 'bin/caseflow.js', 'migrate']);
    const owner = userOf(env('migrate').DATABASE_URL);
    const runtime = userOf(env('worker').DATABASE_URL);
    expect(owner).not.toBe(runtime);
    expect(env('migrate').CASEFLOW_RUNTIME_ROLE).toBe(runtime);
    expect(initSql).toMatch(new RegExp(`CREATE DATABASE caseflow OWNER ${owner};`));
    expect(initSql).toMatch(new RegExp(`CREATE ROLE ${runtime} LOGIN`));
    for (const part of ['worker', 'api']) {
      expect(services[part]?.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('sets Temporal up with one-shot jobs of the caseflow set-up program around temporalio/server', () => {
    const version = (JSON.parse(read('package.json')) as { config: { temporalServerVersion: string } }).config
      .temporalServerVersion;
    expect(services.temporal?.image).toBe(`temporalio/server:\${TEMPORAL_VERSION:-${version}}`);
    expect(read('Dockerfile')).toContain(`ARG TEMPORAL_ADMIN_TOOLS_IMAGE=temporalio/admin-tools:${version}`);
    expect(services['temporal-schema']?.command).toEqual(['node', 'bin/caseflow.js', 'setup', 'schema']);
    expect(services['temporal-namespace']?.command).toEqual([
      'node',
      'bin/caseflow.js',
      'setup',
      'namespace',
    ]);
    expect(services['temporal-schema']?.build?.target).toBe('setup');
    expect(services.temporal?.depends_on?.['temporal-schema']).toEqual({
      condition: 'service_completed_successfully',
    });
    expect(services['temporal-namespace']?.depends_on?.temporal).toEqual({ condition: 'service_healthy' });
    for (const part of ['worker', 'api']) {
      expect(services[part]?.depends_on?.['temporal-namespace']).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it('points the server at the databases the schema job creates, as the role the init script creates', () => {
    const url = new URL(
      String(env('temporal-schema').CASEFLOW_TEMPORAL_DATABASE_URL).replace(/\$\{[^}]*\}/, 'x'),
    );
    const server = env('temporal');
    expect(server.DB).toBe('postgres12');
    expect(server.DBNAME).toBe(url.pathname.slice(1));
    expect(server.VISIBILITY_DBNAME).toBe(`${url.pathname.slice(1)}_visibility`);
    expect(server.POSTGRES_USER).toBe(url.username);
    expect(initSql).toMatch(new RegExp(`CREATE ROLE ${url.username} LOGIN CREATEDB`));
  });

  it('keeps closed cases for CASEFLOW_RETENTION, 30 days unless set', () => {
    expect(env('temporal-namespace').CASEFLOW_RETENTION).toBe('${CASEFLOW_RETENTION:-30d}');
    // The workers' daily purge (docs/privacy.md, Retention) goes at the same age as Temporal's histories.
    expect(env('worker').CASEFLOW_RETENTION).toBe('${CASEFLOW_RETENTION:-30d}');
  });

  it('mounts the dynamic config file the server is told to read', () => {
    const path = String(env('temporal').DYNAMIC_CONFIG_FILE_PATH);
    const mount = services.temporal?.volumes
      ?.map((v) => v.split(':'))
      .find(([, target]) => target !== undefined && path.startsWith(`${target}/`));
    expect(mount).toBeDefined();
    const hostFile = join(projectRoot, mount![0]!, path.slice(mount![1]!.length + 1));
    expect(existsSync(hostFile)).toBe(true);
    expect(parse(readFileSync(hostFile, 'utf8'))).toHaveProperty([
      'system.forceSearchAttributesCacheRefreshOnRead',
    ]);
  });

  it('publishes only the API; the override publishes Temporal on loopback only', () => {
    const published = Object.entries(services)
      .filter(([, s]) => s.ports?.length)
      .map(([name]) => name);
    expect(published).toEqual(['api']);
    const override = load('deploy/compose.ports.yml').services;
    for (const ports of Object.values(override).map((s) => s.ports ?? [])) {
      for (const port of ports) expect(String(port)).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('wires the Temporal UI to the codec endpoint and the API to the UI origin', () => {
    expect(String(env('temporal-ui').TEMPORAL_CODEC_ENDPOINT)).toBe(
      '${CASEFLOW_PUBLIC_URL:-http://localhost:3000}/codec',
    );
    expect(env('api').CASEFLOW_UI_ORIGIN).toBeDefined();
  });

  it('health-checks the API on /health and the workers on their metrics endpoint', () => {
    expect(services.api?.healthcheck?.test).toEqual([
      'CMD',
      'node',
      'bin/healthcheck.js',
      `http://127.0.0.1:${String(env('api').PORT)}/health`,
    ]);
    const metrics = String(env('worker').CASEFLOW_WORKER_METRICS_ADDRESS);
    expect(services.worker?.healthcheck?.test).toEqual([
      'CMD',
      'node',
      'bin/healthcheck.js',
      `http://127.0.0.1:${metrics.split(':')[1]}/metrics`,
    ]);
    expect(services.worker?.deploy?.replicas).toBe(2);
  });
});

describe('Dockerfile', () => {
  /** A diagnostic's message is plain text or markup. */
  const messageOf = (p: { message: string | { value: string } }) =>
    typeof p.message === 'string' ? p.message : p.message.value;
  const stages = [...dockerfile.matchAll(/^FROM (\S+) AS (\S+)$/gm)].map((m) => ({ from: m[1], name: m[2] }));

  it('has no problem the Docker language service finds (instructions, flags, durations, ports, stages)', () => {
    const problems = dockerfileProblems(dockerfile).map((p) => `${p.range.start.line + 1}: ${messageOf(p)}`);
    expect(problems).toEqual([]);
    const broken = `${dockerfile}HEALTHCHECK --interval=often CMD true\nFROM app AS runtime\n`;
    expect(dockerfileProblems(broken).map(messageOf)).toEqual(
      expect.arrayContaining(['duplicate name runtime', 'time: invalid duration often']),
    );
  });

  it('builds on Node 22 LTS and bundles the workflows at build time for the workers to load', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-bookworm-slim$/m);
    expect(dockerfile).toMatch(/RUN npm ci /);
    expect(dockerfile).toMatch(/npm run bundle/);
    expect(dockerfile).toMatch(/CASEFLOW_WORKFLOW_BUNDLE=\/app\/dist\/workflow-bundle\.js/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    expect(pkg.scripts.bundle).toBeDefined();
  });

  it('sets only variables caseflow reads', () => {
    expect(imageEnv).toEqual(['NODE_ENV', 'CASEFLOW_WORKFLOW_BUNDLE']);
    expect(imageEnv.filter((n) => !settings.includes(n))).toEqual([]);
  });

  it('runs as a user other than root, with a health check', () => {
    const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
    expect(users).toEqual(['node']);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "bin\/healthcheck\.js"\]$/m);
  });

  it('has the stages compose builds, the runtime last (a plain `docker build`), setup with the SQL tool', () => {
    const targets = caseflowServices.map(([, s]) => s.build?.target);
    for (const target of targets) expect(stages.map((s) => s.name)).toContain(target);
    expect(stages.at(-1)?.name).toBe('runtime');
    expect(dockerfile).toMatch(/^COPY --from=temporal-admin-tools \/usr\/local\/bin\/temporal-sql-tool /m);
  });

  it('leaves installed, built and secret files out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', 'dist', '.git', '.data', '.env', 'deploy/auth.yaml']) {
      expect(ignored).toContain(entry);
    }
  });
});
