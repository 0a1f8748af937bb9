/**
 * The migration dry run of a candidate that is not published yet (issue 15, in the template editor beside
 * the backtest): the published version whose open cases would move, how its steps map onto the candidate's,
 * and per case what would happen — POST /templates/migration-check, which changes nothing. The candidate's
 * template name is read from its `name:` line only to list that template's versions; the API compiles the
 * YAML itself and answers a template error at its line, which the editor shows like Validate's.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MigrationDryRun } from '../../../contract/migration';
import { api, asProblem, type ApiProblem } from '../api';
import { useWords, words } from '../i18n';
import { useApi } from '../use-api';
import { CaseMigrationTable } from './case-migration-table';
import { ProblemNote } from './problem';
import { defaultMapping, mappingBody, StepMapTable, type Mapping } from './step-map';
import { VersionSelect } from './version-select';

const dict = words({
  en: {
    heading: 'Migration dry run before you publish',
    hint: 'Checks what would happen to the open cases of a published version of the same template if they moved to the template above, without publishing it or moving anything. Steps keep their id unless you name another; tick Re-enter for a step whose cases should start it afresh.',
    noName: 'Paste a template with a name: line above to choose the version to move from.',
    notPublished: 'No version of {name} is published yet: there are no cases to move.',
    from: 'Open cases of',
    stepSummary: 'Step map of v{from}: every step keeps its id unless you name another',
    steps: 'Steps of v{from} and where their cases go in {to}',
    candidate: 'the candidate',
    dryRun: 'Dry run',
    working: 'Working…',
    dryHeading: 'Dry run: {name} v{from} → v{to} (not published)',
    dryTotals: '{total} open case(s): {movable} can move, {refused} refused. Nothing was changed.',
  },
  zh: {
    heading: '发布前的迁移试运行',
    hint: '检查同名模板某个已发布版本的未结工单若迁移到上面的模板会怎样，不发布、也不迁移任何工单。步骤默认保持同一 id，可填写其他步骤；勾选“重新进入”的步骤，其工单将重新开始该步骤。',
    noName: '请先在上面粘贴带有 name: 行的模板，再选择要迁出的版本。',
    notPublished: '{name} 还没有发布任何版本：没有可迁移的工单。',
    from: '以下版本的未结工单',
    stepSummary: 'v{from} 的步骤对应：除非另填，每个步骤保持同一 id',
    steps: 'v{from} 的步骤及其工单在 {to} 中的去处',
    candidate: '候选版本',
    dryRun: '试运行',
    working: '处理中…',
    dryHeading: '试运行：{name} v{from} → v{to}（未发布）',
    dryTotals: '共 {total} 个未结工单：{movable} 个可迁移，{refused} 个被拒绝。没有做任何改变。',
  },
});

/** The top-level `name:` of a template's YAML, if it has a plain one. */
export function candidateName(source: string): string | undefined {
  return /^name:[ \t]*['"]?([A-Za-z0-9][A-Za-z0-9._-]*)['"]?[ \t]*(#.*)?$/m.exec(source)?.[1];
}

interface TemplateVersions {
  versions: { version: number }[];
}

interface VersionSteps {
  plan: { steps: Record<string, { kind: string }> };
}

/**
 * `onOutcome` gets the API's problem when the dry run is refused (the editor shows a template error at its
 * line) and undefined when it answered, so that an older note goes.
 */
export function MigrationCheck({
  source,
  fileName,
  onOutcome,
}: {
  source: string;
  fileName: string;
  onOutcome: (problem: ApiProblem | undefined) => void;
}) {
  const { t } = useWords(dict);
  const name = candidateName(source);
  const version = /^version:[ \t]*(\d+)[ \t]*(#.*)?$/m.exec(source)?.[1];
  const candidate = version ? `v${version}` : t('candidate');
  const base = name ? `/templates/${encodeURIComponent(name)}` : undefined;
  const list = useApi<TemplateVersions>(base);
  const versions = base && list.data ? list.data.versions.map((v) => v.version) : [];
  const [from, setFrom] = useState<number>();
  useEffect(() => setFrom(versions[versions.length - 1]), [versions.join(',')]);
  const steps = useApi<VersionSteps>(base && from ? `${base}/versions/${from}` : undefined);
  const [mapping, setMapping] = useState<Mapping>({});
  useEffect(() => setMapping(defaultMapping(Object.keys(steps.data?.plan.steps ?? {}))), [steps.data]);
  const [dry, setDry] = useState<MigrationDryRun>();
  const [busy, setBusy] = useState(false);
  useEffect(() => setDry(undefined), [name, from]);

  const check = async () => {
    if (!from) return;
    setBusy(true);
    try {
      const body = { source, fileName, from, ...mappingBody(mapping) };
      setDry(await api<MigrationDryRun>('/templates/migration-check', { method: 'POST', body }));
      onOutcome(undefined);
    } catch (err) {
      setDry(undefined);
      onOutcome(asProblem(err));
    } finally {
      setBusy(false);
    }
  };

  // A template not published yet answers 404: nothing to move, which is no error.
  const unpublished = list.problem?.status === 404;
  return (
    <fieldset class="migration-check">
      <legend>{t('heading')}</legend>
      <p class="hint" id="migration-check-hint">
        {t('hint')}
      </p>
      {!name ? <p class="hint">{t('noName')}</p> : null}
      {name && unpublished ? <p class="hint">{t('notPublished', { name })}</p> : null}
      {!unpublished ? <ProblemNote problem={list.problem ?? steps.problem} /> : null}
      {name && versions.length ? (
        <>
          <div class="toolbar">
            <VersionSelect label={t('from')} versions={versions} value={from} onChange={setFrom} />
            <button
              type="button"
              class="secondary"
              disabled={busy || !steps.data}
              onClick={() => void check()}
            >
              {t('dryRun')}
            </button>
          </div>
          {from && steps.data ? (
            <details class="step-map">
              <summary>{t('stepSummary', { from })}</summary>
              <StepMapTable
                caption={t('steps', { from, to: candidate })}
                from={from}
                to={candidate}
                kinds={steps.data.plan.steps}
                mapping={mapping}
                onChange={setMapping}
              />
            </details>
          ) : null}
        </>
      ) : null}
      <div aria-live="polite">
        {busy ? <p class="hint">{t('working')}</p> : null}
        {dry ? (
          <>
            <h3>{t('dryHeading', { name: dry.template, from: dry.from, to: dry.to })}</h3>
            <p role="status">
              {t('dryTotals', { total: dry.total, movable: dry.movable, refused: dry.refused })}
            </p>
            <CaseMigrationTable
              cases={dry.cases}
              caption={t('dryHeading', { name: dry.template, from: dry.from, to: dry.to })}
            />
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
