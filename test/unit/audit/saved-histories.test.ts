/**
 * The net under running cases (SPEC §7): every saved history in test/histories/ replays through today's
 * workflow code, so a change that would break cases in flight fails here. And the net holds: a deliberate
 * change of decision fails the replay, and the same change behind patched() passes.
 * Replay needs no Temporal server; the histories are regenerated with `npm run histories:generate`.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleCaseWorkflows, quietBundlerLogger } from '../../support/temporal-server';
import { quietReplayRuntime, replayHistory, useWorkflowBundle } from '../../../audit/replay';
import { runCli } from '../../../cli/main';
import { readHistoryFile } from '../../../cli/replay';
import type { CaseView } from '../../../workflows/messages';

jest.setTimeout(120_000);

const dir = join(__dirname, '..', '..', 'histories');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.history.json'))
  .sort();
const workflowIdOf = (file: string) => file.replace(/\.history\.json$/, '');

let current: { code: string };
let altered: { code: string };
beforeAll(async () => {
  // The SDK logs each failed replay at WARN; this file expects some.
  quietReplayRuntime();
  [current, altered] = await Promise.all([
    bundleCaseWorkflows(),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/altered-workflows'),
      logger: quietBundlerLogger,
    }),
  ]);
});

/** The final view a finished case returned (its last event's result). */
function finalView(file: string): CaseView | undefined {
  const events = readHistoryFile(join(dir, file)).events ?? [];
  const payload = events[events.length - 1]?.workflowExecutionCompletedEventAttributes?.result?.payloads?.[0];
  return payload ? defaultPayloadConverter.fromPayload<CaseView>(payload) : undefined;
}

describe('saved histories', () => {
  it('cover the paths of the standard template and every step kind', () => {
    expect(files.length).toBeGreaterThanOrEqual(14);
    const outcome = (prefix: string) => {
      const file = files.find((f) => f.startsWith(prefix));
      const view = file ? finalView(file) : undefined;
      return { status: view?.status, steps: view?.tasks.map((t) => `${t.step}:${t.status}`) };
    };
    expect(outcome('case-std-resolved-at-triage')).toMatchObject({
      status: 'resolved',
      steps: ['triage:completed'],
    });
    expect(outcome('case-std-no-reply').status).toBe('closed');
    expect(outcome('case-std-cancelled')).toMatchObject({ status: 'cancelled', steps: ['triage:cancelled'] });
    expect(outcome('case-std-blocklisted').status).toBe('rejected');
    expect(outcome('case-std-escalation').steps).toEqual([
      'triage:completed',
      'department-work:completed',
      'technical-l2:completed',
      'management-review:completed',
    ]);
    expect(outcome('case-std-major-complaint').steps).toEqual([
      'management-review:completed',
      'follow-up:completed',
      'complaint-review:completed',
    ]);
    expect(outcome('case-std-quality').steps).toEqual(['triage:completed', 'done:completed']);
    const kinds = finalView(files.find((f) => f.startsWith('case-kinds-every-step'))!);
    expect(kinds?.vars).toMatchObject({ order: { ok: true }, parts: { arrived: 2 } });
    expect(kinds?.decisions.map((d) => d.what)).toContain('call failed → opinions');
  });

  it('all replay through today’s workflow code', async () => {
    const histories = files.map((file) => ({
      workflowId: workflowIdOf(file),
      history: readHistoryFile(join(dir, file)),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: current }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('catch a deliberate change of decision, and pass it once it is behind patched()', async () => {
    const history = readHistoryFile(
      join(
        dir,
        files.find((f) => f.startsWith('case-std-resolved-at-triage'))!,
      ),
    );
    await expect(
      Worker.runReplayHistory({ workflowBundle: altered }, history, 'unpatched-case'),
    ).rejects.toBeInstanceOf(DeterminismViolationError);

    const verdict = await replayHistory(history, 'unpatched-case', { workflowBundle: altered });
    expect(verdict).toMatchObject({ deterministic: false, errorType: 'DeterminismViolationError' });
    expect(verdict.divergence).toMatch(/nondetermin/i);

    await expect(replayHistory(history, 'patched-case', { workflowBundle: altered })).resolves.toMatchObject({
      deterministic: true,
    });
  });
});

describe('caseflow replay', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t) },
    };
  };
  beforeAll(() => useWorkflowBundle(current.code));

  it('replays saved files and directories: exit 0 when all are deterministic', async () => {
    const { out, io: cli } = io();
    const file = join(
      dir,
      files.find((f) => f.startsWith('case-std-routed'))!,
    );
    expect(await runCli(['replay', file], cli)).toBe(0);
    expect(out.stdout).toMatch(/^deterministic\s+.*case-std-routed.*\(\d+ events\)/);
  });

  it('exits 1 and names the first divergence when a history does not match the code', async () => {
    // A history whose recorded activity differs from what the code schedules at that point.
    const json = JSON.parse(
      readFileSync(
        join(
          dir,
          files.find((f) => f.startsWith('case-std-routed'))!,
        ),
        'utf8',
      ),
    );
    const scheduled = json.events.find(
      (e: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }) =>
        e.activityTaskScheduledEventAttributes?.activityType.name === 'sendNotification',
    );
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'sendFax';
    const tmp = join(mkdtempSync(join(tmpdir(), 'caseflow-replay-')), 'case-tampered.history.json');
    writeFileSync(tmp, JSON.stringify(json));
    const { out, io: cli } = io();
    expect(await runCli(['replay', tmp], cli)).toBe(1);
    expect(out.stdout).toMatch(/NOT deterministic\s+.*case-tampered/);
    expect(out.stdout).toMatch(/DeterminismViolationError: .*(sendFax|sendNotification)/);
    expect(out.stderr).toMatch(/1 of 1 diverge/);
  });

  it('exits 2 on usage errors and unreadable files', async () => {
    const { out, io: cli } = io();
    expect(await runCli(['replay'], cli)).toBe(2);
    expect(await runCli(['replay', '/no/such/file.json'], cli)).toBe(2);
    expect(await runCli(['replay', __filename], cli)).toBe(2);
    expect(out.stderr).toMatch(/cannot read a history/);
  });
});
