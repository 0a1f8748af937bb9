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
  // The template language and the shapes it compiles to. Pure: it is bundled into the workflow sandbox.
  definitions: [],
  // Deterministic workflow code, bundled by the worker: only the template language below it.
  workflows: ['definitions'],
  // Migrations, projections, the template registry, reports.
  db: ['config', 'definitions', 'workflows'],
  // Side effects the workflow asks for.
  activities: ['codec', 'config', 'db', 'definitions', 'workflows'],
  // Preparing a Temporal service: databases, namespace, search attributes, Go programs.
  setup: ['config', 'workflows'],
  // A case's history read back: fetch, JSON, replay through today's code, the timeline.
  audit: ['codec', 'config', 'db', 'definitions', 'workflows'],
  // The worker process: activities registered, workflows bundled.
  worker: ['activities', 'codec', 'config', 'db', 'definitions', 'workflows'],
  // The HTTP API process.
  api: ['activities', 'audit', 'codec', 'config', 'db', 'definitions', 'workflows'],
  // The `caseflow` command: never api/ internals (what it shares with the API lives below both).
  cli: ['audit', 'codec', 'config', 'db', 'definitions', 'setup', 'workflows'],
  // `npm start` and `npm run cluster`: assembles worker and API, so above both.
  stack: [
    'activities',
    'api',
    'audit',
    'codec',
    'config',
    'db',
    'definitions',
    'setup',
    'worker',
    'workflows',
  ],
  // Benchmarks: any production folder.
  bench: [
    'activities',
    'api',
    'audit',
    'codec',
    'config',
    'db',
    'definitions',
    'setup',
    'stack',
    'worker',
    'workflows',
  ],
  // Tests: everything.
  test: [
    'activities',
    'api',
    'audit',
    'bench',
    'cli',
    'codec',
    'config',
    'db',
    'definitions',
    'setup',
    'stack',
    'worker',
    'workflows',
  ],
};

module.exports = { layers };
