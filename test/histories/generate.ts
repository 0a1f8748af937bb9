/**
 * Regenerates the saved histories under test/histories/ (`npm run histories:generate`; see docs/audit.md):
 * starts the pinned Temporal dev server, runs every scenario of scenarios.ts on a worker with today's
 * workflow code and in-memory activities (no PostgreSQL), and writes each workflow's history as proto JSON
 * to `<workflowId>.history.json`, plus manifest.json. Entries of the manifest that are no scenario (a
 * history recorded otherwise, with a `recorded` note: a run of older code) are kept as they are, with
 * their files. HISTORIES_ONLY=<scenario id,…> limits the run;
 * HISTORIES_OUT=<folder> writes to that folder instead of test/histories/.
 *
 * A jest file (not matched by `npm test`) only because jest is how this repository runs TypeScript.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { historyToJson } from '../../audit/history-json';
import { loadTemplateFile } from '../../definitions/compile';
import { fakeActivities } from '../support/fake-activities';
import { writeFastStandardTemplate } from '../support/fast-template';
import { bundleCaseWorkflows, startLocalTemporal } from '../support/temporal-server';
import { scenarioSuggestion, scenarios, type ScenarioContext } from './scenarios';
import { stepKindsPlan } from './step-kinds';

/** HISTORIES_OUT=<folder> writes there instead (to try the scenarios without touching the saved ones). */
const dir = process.env.HISTORIES_OUT ?? __dirname;

/** A scenario that hangs (a wait the code no longer reaches) names itself instead of stalling the run. */
async function withinSeconds<T>(seconds: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scenario ${what} did not finish in ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

it('regenerates the saved histories', async () => {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await startLocalTemporal();
  try {
    const compiled = loadTemplateFile(writeFastStandardTemplate(2, '5%'));
    if (!compiled.ok) throw new Error(`the standard template does not compile: ${compiled.errors[0]?.message}`);
    const taskQueue = 'histories';
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await bundleCaseWorkflows(),
      // Business systems, notifications and survey links answer at once; projections go nowhere.
      activities: fakeActivities(undefined, { suggestTriage: scenarioSuggestion }),
    });
    const ctx: ScenarioContext = { client: env.client, taskQueue, standard: compiled.plan, stepKinds: stepKindsPlan() };
    const only = process.env.HISTORIES_ONLY?.split(',');
    const chosen = scenarios.filter((s) => !only || only.includes(s.id));
    const saved = await worker.runUntil(() =>
      Promise.all(
        chosen.map(async (scenario) => {
          const workflowIds = await withinSeconds(60, scenario.id, scenario.run(ctx));
          const files: string[] = [];
          for (const workflowId of workflowIds) {
            const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
            const file = `${workflowId}.history.json`;
            writeFileSync(join(dir, file), JSON.stringify(historyToJson(history)));
            files.push(file);
          }
          return { id: scenario.id, what: scenario.what, files };
        }),
      ),
    );
    // A partial run (HISTORIES_ONLY) keeps the other scenarios' entries, and every run the entries that
    // are no scenario (histories recorded otherwise).
    const manifestFile = join(dir, 'manifest.json');
    const previous = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as { scenarios: typeof saved }).scenarios
      : [];
    const kept = previous.filter((p) => !saved.some((s) => s.id === p.id));
    const manifest = {
      generatedAt: new Date().toISOString(),
      template: `${compiled.plan.name} v${compiled.plan.version} (waits shortened to 2s)`,
      scenarios: [...kept, ...saved],
    };
    // Histories stay compact (they are large and read by tools); the manifest is for people.
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  } finally {
    await env.teardown();
  }
}, 300_000);
