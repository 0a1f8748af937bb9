// The allowed directions between caseflow's top-level folders (docs/architecture.md, "Allowed imports").
// eslint.config.mjs turns this map into eslint-plugin-boundaries policies; test/unit/architecture checks
// that it has no cycle and that the lint run refuses an import against it.
//
// Each folder lists the folders it may import values from. Anything not listed is refused, and a file in
// a folder missing here is refused too, so a new folder must take its place in this map. Type-only imports
// (`import type`) may cross in any direction between these folders: they vanish from the compiled code, and
// workflows/ needs the activities' types for proxyActivities. Nothing but test/ imports from test/.

/** @type {Record<string, string[]>} */
const layers = {
  // Settings (zod-validated environment), paths, logger, Temporal connection options.
  config: [],
  // The payload codec: AES-256-GCM and the keys it reads from the settings.
  codec: ['config'],
  // OpenTelemetry tracing (issue 13): the Node SDK, its OTLP exporter set by the standard OTEL_* variables,
  // and the Temporal interceptors; off when those variables are unset.
  telemetry: ['config'],
  // The case contract: zod schemas (and the types inferred from them) of a case's input, views, statuses,
  // update and signal arguments and task forms. Pure data shapes: the workflow sandbox bundles it too.
  contract: [],
  // The template language and the shapes it compiles to. Pure: it is bundled into the workflow sandbox.
  definitions: ['contract'],
  // Deterministic workflow code, bundled by the worker: the contract and the template language below it.
  workflows: ['contract', 'definitions'],
  // Migrations, projections, the template registry, reports.
  db: ['config', 'contract', 'definitions', 'workflows'],
  // Personal data (issue 16): the customer's opaque key and data key, personal fields sealed with it and
  // revealed for those who may read them; destroying the key erases them everywhere (crypto-shredding).
  privacy: ['codec', 'config', 'contract', 'db'],
  // Learned triage (issue 17): bilingual tokens, the text classifier trained on recorded cases, its
  // evaluation against the template's rules, and the similar-case search over the projections.
  triage: ['config', 'contract', 'db', 'definitions', 'workflows'],
  // Side effects the workflow asks for.
  activities: ['codec', 'config', 'contract', 'db', 'definitions', 'privacy', 'triage', 'workflows'],
  // Preparing a Temporal service: databases, namespace, search attributes, Go programs.
  setup: ['config', 'contract', 'workflows'],
  // A case's history read back: fetch, JSON, replay through today's code, the timeline.
  audit: ['codec', 'config', 'contract', 'db', 'definitions', 'workflows'],
  // Who may do what to which case or task: the one authorisation module of the API, the CLI and the use
  // cases (the engine's own task rules stay in workflows/engine, which decides inside the workflow).
  access: ['config', 'contract', 'db', 'definitions', 'workflows'],
  // Backtests (issue 15): recorded cases read back from the projections as a case file and a script, run
  // through a candidate template on the simulator's virtual time, and compared with what happened.
  backtest: ['config', 'contract', 'db', 'definitions', 'workflows'],
  // Use cases on a case (open, cancel, message, read): plain functions of typed input and a context,
  // called by the API's routes and by the CLI.
  cases: [
    'access',
    'activities',
    'audit',
    'codec',
    'config',
    'contract',
    'db',
    'definitions',
    'privacy',
    // Similar cases (issue 17) split the query case's words as the index does (triage/tokens.ts).
    'triage',
    'workflows',
  ],
  // Use cases on a customer (issue 16): erasure, which cancels or refuses their open cases first.
  customers: ['access', 'audit', 'cases', 'config', 'contract', 'db', 'definitions', 'privacy', 'workflows'],
  // Use cases on a task (claim, release, complete, hand off, reassign, list).
  tasks: ['access', 'cases', 'config', 'contract', 'db', 'definitions', 'privacy', 'workflows'],
  // The worker process: activities registered, workflows bundled.
  worker: [
    'activities',
    'codec',
    'config',
    'contract',
    'db',
    'definitions',
    'privacy',
    'telemetry',
    'triage',
    'workflows',
  ],
  // The HTTP API process.
  api: [
    'access',
    'activities',
    'audit',
    'backtest',
    'cases',
    'codec',
    'config',
    'contract',
    'customers',
    'db',
    'definitions',
    'privacy',
    'tasks',
    'telemetry',
    'triage',
    'workflows',
  ],
  // The `caseflow` command: never api/ internals (what it shares with the API lives below both).
  cli: [
    'access',
    'audit',
    'backtest',
    'cases',
    'codec',
    'config',
    'contract',
    'customers',
    'db',
    'definitions',
    'privacy',
    'setup',
    'tasks',
    'telemetry',
    'triage',
    'workflows',
  ],
  // The web console (issue 14): a browser app built by Vite, served by api/console. It talks to the API over
  // HTTP only; it may import the contract's types (`import type`) and its zod-free lists
  // (contract/statuses.ts), never a value from a Node folder.
  console: ['contract'],
  // `npm start` and `npm run cluster`: assembles worker and API, so above both.
  stack: [
    'access',
    'activities',
    'api',
    'audit',
    'backtest',
    'cases',
    'codec',
    'config',
    'contract',
    'customers',
    'db',
    'definitions',
    'privacy',
    'setup',
    'tasks',
    'telemetry',
    'triage',
    'worker',
    'workflows',
  ],
  // Benchmarks: any production folder.
  bench: [
    'access',
    'activities',
    'api',
    'audit',
    'backtest',
    'cases',
    'codec',
    'config',
    'contract',
    'customers',
    'db',
    'definitions',
    'privacy',
    'setup',
    'stack',
    'tasks',
    'telemetry',
    'triage',
    'worker',
    'workflows',
  ],
  // Tests: everything.
  test: [
    'access',
    'activities',
    'api',
    'audit',
    'backtest',
    'bench',
    'cases',
    'cli',
    'codec',
    'config',
    'contract',
    'customers',
    'db',
    'definitions',
    'privacy',
    'setup',
    'stack',
    'tasks',
    'telemetry',
    'triage',
    'worker',
    'workflows',
  ],
};

module.exports = { layers };
