/**
 * Moving the open cases of an older version to this one (issue 15, designers and admins): the version to move
 * from, how its steps map onto this version's (a step with the same id maps to itself; another can be chosen,
 * and a step can be re-entered instead of keeping its place), then a dry run that answers per case what would
 * happen, and the migration itself, after a confirmation, followed every 2 s with Pause and Resume.
 * POST /templates/{name}/versions/{v}/migrate, GET /migrations/{id}, POST /migrations/{id}/pause|resume.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MigrationDryRun, MigrationRun, MigrationStatus } from '../../../contract/migration';
import { api, asProblem, type ApiProblem } from '../api';
import { useWords, words } from '../i18n';
import { useApi } from '../use-api';
import { CaseMigrationTable } from './case-migration-table';
import { ProblemNote } from './problem';
import { defaultMapping, mappingBody, StepMapTable, type Mapping } from './step-map';
import { VersionSelect } from './version-select';

const dict = words({
  en: {
    heading: 'Move open cases to v{version}',
    hint: 'Cases opened on an older version stay on it unless moved. Steps with the same id map to themselves; choose another step for those that were renamed, and tick Re-enter for a step whose cases should start it afresh (its open tasks cancelled). Try a dry run first: it changes nothing.',
    from: 'Move the open cases of',
    steps: 'Steps of v{from} and where their cases go in v{to}',
    stepSummary: 'Step map: {same} step(s) of the same id, {unmatched} without a counterpart',
    loading: 'Loading…',
    dryRun: 'Dry run',
    migrate: 'Migrate…',
    confirm:
      'Move every open case of v{from} to v{to}? Cases that cannot move stay on v{from}, each with its reason.',
    confirmTitle: 'Start the migration',
    yes: 'Yes, migrate',
    cancel: 'Cancel',
    dryHeading: 'Dry run: v{from} → v{to}',
    dryTotals: '{total} open case(s): {movable} can move, {refused} refused. Nothing was changed.',
    runHeading: 'Migration {id}: v{from} → v{to}',
    progress: 'Progress',
    progressText: '{done} of {total} done: {moved} moved, {refused} refused ({status})',
    running: 'running',
    paused: 'paused',
    completed: 'completed',
    pause: 'Pause',
    resume: 'Resume',
  },
  zh: {
    heading: '将未结工单迁移到 v{version}',
    hint: '在旧版本上开立的工单不迁移就一直留在旧版本。同 id 的步骤自动对应；改了名的步骤请选择新步骤；勾选“重新进入”的步骤，其工单将重新开始该步骤（未完成的任务会被取消）。请先试运行：试运行不改变任何东西。',
    from: '迁移以下版本的未结工单',
    steps: 'v{from} 的步骤及其工单在 v{to} 中的去处',
    stepSummary: '步骤对应：{same} 个同名步骤，{unmatched} 个无对应步骤',
    loading: '加载中…',
    dryRun: '试运行',
    migrate: '迁移…',
    confirm: '将 v{from} 的所有未结工单迁移到 v{to}？无法迁移的工单留在 v{from}，并注明原因。',
    confirmTitle: '开始迁移',
    yes: '确认迁移',
    cancel: '取消',
    dryHeading: '试运行：v{from} → v{to}',
    dryTotals: '共 {total} 个未结工单：{movable} 个可迁移，{refused} 个被拒绝。没有做任何改变。',
    runHeading: '迁移 {id}：v{from} → v{to}',
    progress: '进度',
    progressText: '已处理 {done} / {total}：迁移 {moved} 个，拒绝 {refused} 个（{status}）',
    running: '进行中',
    paused: '已暂停',
    completed: '已完成',
    pause: '暂停',
    resume: '继续',
  },
});

/** The part of a version's detail (GET /templates/{name}/versions/{v}) the mapping needs: its steps. */
interface VersionSteps {
  plan: { steps: Record<string, { kind: string }> };
}

export function MigrationPanel({ base, version, older }: { base: string; version: number; older: number[] }) {
  const { t } = useWords(dict);
  const [from, setFrom] = useState(older[older.length - 1] ?? 0);
  useEffect(() => setFrom(older[older.length - 1] ?? 0), [version, older.join(',')]);
  const source = useApi<VersionSteps>(from ? `${base}/versions/${from}` : undefined);
  const target = useApi<VersionSteps>(`${base}/versions/${version}`);
  const oldSteps = Object.keys(source.data?.plan.steps ?? {});
  const newSteps = Object.keys(target.data?.plan.steps ?? {});
  const [mapping, setMapping] = useState<Mapping>({});
  const ready = source.data !== undefined && target.data !== undefined;
  const unmatched = oldSteps.filter((id) => !newSteps.includes(id)).length;
  useEffect(() => setMapping(defaultMapping(oldSteps, newSteps)), [source.data, target.data]);

  const [dry, setDry] = useState<MigrationDryRun>();
  const [runId, setRunId] = useState<string>();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    setDry(undefined);
    setProblem(undefined);
  }, [from, version]);

  const path = `${base}/versions/${version}/migrate`;
  const send = async (dryRun: boolean) => {
    setBusy(true);
    setAsking(false);
    try {
      const body = { from, ...mappingBody(mapping), ...(dryRun ? { dryRun: true } : {}) };
      if (dryRun) setDry(await api<MigrationDryRun>(path, { method: 'POST', body }));
      else setRunId((await api<MigrationRun>(path, { method: 'POST', body })).id);
      setProblem(undefined);
    } catch (err) {
      setProblem(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="panel migration" aria-labelledby="migration-heading">
      <h2 id="migration-heading">{t('heading', { version })}</h2>
      <p class="hint" id="migration-hint">
        {t('hint')}
      </p>
      <div class="toolbar">
        <VersionSelect label={t('from')} versions={older} value={from} onChange={setFrom} />
      </div>
      <ProblemNote problem={source.problem ?? target.problem} />
      {!ready ? <p class="hint">{t('loading')}</p> : null}
      {ready ? (
        // Open by itself when a step has no counterpart: that is what needs a choice.
        <details class="step-map" open={unmatched > 0}>
          <summary>{t('stepSummary', { same: oldSteps.length - unmatched, unmatched })}</summary>
          <StepMapTable
            caption={t('steps', { from, to: version })}
            from={from}
            to={`v${version}`}
            kinds={source.data?.plan.steps ?? {}}
            newSteps={newSteps}
            mapping={mapping}
            onChange={setMapping}
          />
        </details>
      ) : null}
      <div class="toolbar">
        <button type="button" disabled={busy || !ready || !from} onClick={() => void send(true)}>
          {t('dryRun')}
        </button>
        <button
          type="button"
          class="secondary"
          disabled={busy || !ready || !from || runId !== undefined}
          onClick={() => setAsking(true)}
        >
          {t('migrate')}
        </button>
      </div>
      {asking ? (
        <div
          class="confirm"
          role="alertdialog"
          aria-labelledby="migration-confirm-title"
          aria-describedby="migration-confirm"
        >
          <p id="migration-confirm-title">
            <strong>{t('confirmTitle')}</strong>
          </p>
          <p id="migration-confirm">{t('confirm', { from, to: version })}</p>
          <div class="toolbar">
            <button type="button" onClick={() => void send(false)}>
              {t('yes')}
            </button>
            <button type="button" class="secondary" onClick={() => setAsking(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      ) : null}
      <ProblemNote problem={problem} />
      {dry ? (
        <div aria-live="polite">
          <h3>{t('dryHeading', { from: dry.from, to: dry.to })}</h3>
          <p role="status">
            {t('dryTotals', { total: dry.total, movable: dry.movable, refused: dry.refused })}
          </p>
          <CaseMigrationTable cases={dry.cases} caption={t('dryHeading', { from: dry.from, to: dry.to })} />
        </div>
      ) : null}
      {runId ? <MigrationProgress id={runId} /> : null}
    </section>
  );
}

/** A running migration, read every 2 s until it completes, with Pause / Resume. */
function MigrationProgress({ id }: { id: string }) {
  const { t } = useWords(dict);
  const [finished, setFinished] = useState(false);
  const run = useApi<MigrationRun>(`/migrations/${encodeURIComponent(id)}`, finished ? undefined : 2000);
  const [problem, setProblem] = useState<ApiProblem>();
  const r = run.data;
  useEffect(() => {
    if (r?.status === 'completed') setFinished(true);
  }, [r?.status]);
  const statusWord = (s: MigrationStatus) => t(s);
  const act = async (what: 'pause' | 'resume') => {
    try {
      await api<MigrationRun>(`/migrations/${encodeURIComponent(id)}/${what}`, { method: 'POST' });
      setProblem(undefined);
      await run.reload();
    } catch (err) {
      setProblem(asProblem(err));
    }
  };
  return (
    <div class="migration-run">
      <h3>{t('runHeading', { id, from: r?.from ?? '…', to: r?.to ?? '…' })}</h3>
      <ProblemNote problem={run.problem ?? problem} />
      {r ? (
        <>
          <label class="progress">
            {t('progress')}
            <progress max={Math.max(r.total, 1)} value={r.total ? r.done : 1} />
          </label>
          <p role="status">
            {t('progressText', {
              done: r.done,
              total: r.total,
              moved: r.moved,
              refused: r.refused,
              status: statusWord(r.status),
            })}
          </p>
          <div class="toolbar">
            {r.status === 'running' ? (
              <button type="button" class="secondary" onClick={() => void act('pause')}>
                {t('pause')}
              </button>
            ) : null}
            {r.status === 'paused' ? (
              <button type="button" class="secondary" onClick={() => void act('resume')}>
                {t('resume')}
              </button>
            ) : null}
          </div>
          <CaseMigrationTable
            applied
            cases={r.cases}
            caption={t('runHeading', { id, from: r.from, to: r.to })}
          />
        </>
      ) : null}
    </div>
  );
}
