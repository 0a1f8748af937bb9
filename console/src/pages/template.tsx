/**
 * One template (issue 14): a version picker, the version's status and sha256, its flow drawn from the
 * compiled graph (Mermaid, loaded lazily), its YAML source, the changes between two chosen versions, and
 * for designers the retiring of an active version and the moving of older versions' open cases to it.
 */
import { useEffect, useState } from 'preact/hooks';
import { Link, useLocation } from 'wouter-preact';
import { api, ApiProblem } from '../api';
import { FlowDiagram } from '../components/flow-diagram';
import { MigrationPanel } from '../components/migration-panel';
import { VersionSelect } from '../components/version-select';
import { ProblemNote } from '../components/problem';
import { When } from '../components/time';
import { useWords, words } from '../i18n';
import { can, type Me } from '../session';
import { useApi } from '../use-api';
import type { TemplateVersionSummary } from './templates';

const dict = words({
  en: {
    back: 'All templates',
    version: 'Version',
    loading: 'Loading…',
    status: 'Status',
    active: 'active',
    retired: 'retired',
    sha: 'sha256',
    publishedBy: 'Published by',
    publishedAt: 'Published',
    retiredBy: 'Retired by',
    retiredAt: 'Retired',
    flow: 'Flow',
    yaml: 'YAML source',
    showYaml: 'Show the YAML of v{version}',
    yamlRegion: 'YAML of v{version}',
    diff: 'Changes between versions',
    from: 'From',
    to: 'To',
    compare: 'Compare',
    onlyOne: 'There is only one version, so nothing to compare yet.',
    noChanges: 'No changes: the two versions compile to the same plan.',
    changeList: 'Changes from v{from} to v{to}',
    section: 'Section',
    kind: 'Change',
    what: 'What',
    inWords: 'In words',
    added: 'added',
    removed: 'removed',
    changed: 'changed',
    retire: 'Retire v{version}',
    retireHint: 'A retired version opens no new cases; cases already open on it carry on.',
    confirmRetire: 'Yes, retire v{version}',
    cancel: 'Cancel',
    retiredNow: 'v{version} is retired.',
  },
  zh: {
    back: '全部模板',
    version: '版本',
    loading: '加载中…',
    status: '状态',
    active: '有效',
    retired: '已停用',
    sha: 'sha256',
    publishedBy: '发布人',
    publishedAt: '发布时间',
    retiredBy: '停用人',
    retiredAt: '停用时间',
    flow: '流程',
    yaml: 'YAML 源文件',
    showYaml: '显示 v{version} 的 YAML',
    yamlRegion: 'v{version} 的 YAML',
    diff: '版本间的变化',
    from: '从',
    to: '到',
    compare: '比较',
    onlyOne: '只有一个版本，暂无可比较的内容。',
    noChanges: '没有变化：两个版本编译出的计划相同。',
    changeList: '从 v{from} 到 v{to} 的变化',
    section: '部分',
    kind: '变化',
    what: '内容',
    inWords: '文字说明',
    added: '新增',
    removed: '删除',
    changed: '修改',
    retire: '停用 v{version}',
    retireHint: '停用的版本不再开立新工单；已在该版本上的工单继续进行。',
    confirmRetire: '确认停用 v{version}',
    cancel: '取消',
    retiredNow: 'v{version} 已停用。',
  },
});

interface VersionDetail extends TemplateVersionSummary {
  yaml: string;
}

interface Diff {
  from: number;
  to: number;
  changes: Array<{ section: string; kind: 'added' | 'removed' | 'changed'; text: string }>;
  text: string;
}

export function TemplatePage({ me, name, version }: { me: Me; name: string; version?: string | undefined }) {
  const { t } = useWords(dict);
  const [, navigate] = useLocation();
  const base = `/templates/${encodeURIComponent(name)}`;
  const list = useApi<{ name: string; versions: TemplateVersionSummary[] }>(base);
  const versions = list.data?.versions ?? [];
  const newest = versions[versions.length - 1]?.version;
  const selected = version !== undefined ? Number(version) : newest;
  const detail = useApi<VersionDetail>(selected ? `${base}/versions/${selected}` : undefined);
  const graph = useApi<{ mermaid: string }>(selected ? `${base}/versions/${selected}/graph` : undefined);

  // The versions whose open cases may move to the one shown (the API answers how many each has).
  const older = versions.map((row) => row.version).filter((n) => selected !== undefined && n < selected);
  const statusWord = (s: 'active' | 'retired') => (s === 'active' ? t('active') : t('retired'));
  const v = detail.data;

  return (
    <>
      <p>
        <Link href="/templates">{t('back')}</Link>
      </p>
      <h1>{v ? `${v.title} — ${name}` : name}</h1>
      <ProblemNote problem={list.problem ?? detail.problem} />
      {list.loading && !list.data ? <p class="hint">{t('loading')}</p> : null}
      {versions.length ? (
        <div class="toolbar">
          <label>
            {t('version')}
            <select value={String(selected)} onChange={(e) => navigate(`${base}/${e.currentTarget.value}`)}>
              {versions.map((row) => (
                <option key={row.version} value={String(row.version)}>
                  v{row.version} ({statusWord(row.status)})
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}

      {v ? (
        <div class="panel">
          <dl class="facts">
            <dt>{t('status')}</dt>
            <dd>
              <span class={v.status === 'active' ? 'sla-ok' : 'sla-breached'}>{statusWord(v.status)}</span>
            </dd>
            <dt>{t('sha')}</dt>
            <dd>
              <code class="sha">{v.sha256}</code>
            </dd>
            <dt>{t('publishedBy')}</dt>
            <dd>{v.publishedBy}</dd>
            <dt>{t('publishedAt')}</dt>
            <dd>
              <When at={v.publishedAt} />
            </dd>
            {v.retiredAt ? (
              <>
                <dt>{t('retiredBy')}</dt>
                <dd>{v.retiredBy}</dd>
                <dt>{t('retiredAt')}</dt>
                <dd>
                  <When at={v.retiredAt} />
                </dd>
              </>
            ) : null}
          </dl>
          {can(me, 'design') && v.status === 'active' ? (
            <Retire
              path={`${base}/versions/${v.version}/retire`}
              version={v.version}
              onRetired={() => void Promise.all([list.reload(), detail.reload()])}
            />
          ) : null}
        </div>
      ) : null}

      {v ? (
        <section aria-labelledby="flow-heading">
          <h2 id="flow-heading">{t('flow')}</h2>
          <ProblemNote problem={graph.problem} />
          {graph.data ? <FlowDiagram name={name} version={v.version} mermaid={graph.data.mermaid} /> : null}
        </section>
      ) : null}

      {v ? (
        <section aria-labelledby="yaml-heading">
          <h2 id="yaml-heading">{t('yaml')}</h2>
          <details>
            <summary>{t('showYaml', { version: v.version })}</summary>
            <pre class="code" tabIndex={0} role="region" aria-label={t('yamlRegion', { version: v.version })}>
              {v.yaml}
            </pre>
          </details>
        </section>
      ) : null}

      {versions.length ? <Compare base={base} versions={versions} selected={selected} /> : null}

      {v && can(me, 'design') && v.status === 'active' && older.length ? (
        <MigrationPanel base={base} version={v.version} older={older} />
      ) : null}
    </>
  );
}

function Retire({ path, version, onRetired }: { path: string; version: number; onRetired: () => void }) {
  const { t } = useWords(dict);
  const [asking, setAsking] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [done, setDone] = useState(false);
  const retire = async () => {
    try {
      await api(path, { method: 'POST' });
      setDone(true);
      setAsking(false);
      onRetired();
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    }
  };
  return (
    <div class="toolbar">
      <p class="hint">{t('retireHint')}</p>
      {asking ? (
        <>
          <button type="button" onClick={() => void retire()}>
            {t('confirmRetire', { version })}
          </button>
          <button type="button" class="secondary" onClick={() => setAsking(false)}>
            {t('cancel')}
          </button>
        </>
      ) : (
        <button type="button" class="secondary" onClick={() => setAsking(true)}>
          {t('retire', { version })}
        </button>
      )}
      <span role="status">{done ? t('retiredNow', { version }) : ''}</span>
      <ProblemNote problem={problem} />
    </div>
  );
}

function Compare({
  base,
  versions,
  selected,
}: {
  base: string;
  versions: TemplateVersionSummary[];
  selected: number | undefined;
}) {
  const { t } = useWords(dict);
  const numbers = versions.map((v) => v.version);
  // By default: the chosen version against the one before it (or the newest against its predecessor).
  const defaults = () => {
    const to = selected && numbers.indexOf(selected) > 0 ? selected : numbers[numbers.length - 1];
    const from = numbers[Math.max(0, numbers.indexOf(to ?? 0) - 1)];
    return { from, to };
  };
  const [from, setFrom] = useState(() => defaults().from);
  const [to, setTo] = useState(() => defaults().to);
  const [diff, setDiff] = useState<Diff>();
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    const d = defaults();
    setFrom(d.from);
    setTo(d.to);
    setDiff(undefined);
  }, [numbers.join(','), selected]);

  const compare = async (e: Event) => {
    e.preventDefault();
    try {
      setDiff(await api<Diff>(`${base}/diff?from=${from ?? ''}&to=${to ?? ''}`));
      setProblem(undefined);
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    }
  };
  const kindWord = (k: Diff['changes'][number]['kind']) => t(k);

  return (
    <section aria-labelledby="diff-heading">
      <h2 id="diff-heading">{t('diff')}</h2>
      {numbers.length < 2 ? (
        <p class="hint">{t('onlyOne')}</p>
      ) : (
        <form class="toolbar" onSubmit={(e) => void compare(e)}>
          <VersionSelect label={t('from')} versions={numbers} value={from} onChange={setFrom} />
          <VersionSelect label={t('to')} versions={numbers} value={to} onChange={setTo} />
          <button type="submit">{t('compare')}</button>
        </form>
      )}
      <ProblemNote problem={problem} />
      {diff ? (
        <div aria-live="polite">
          {diff.changes.length === 0 ? (
            <p>{t('noChanges')}</p>
          ) : (
            <table>
              <caption>{t('changeList', { from: diff.from, to: diff.to })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('section')}</th>
                  <th scope="col">{t('kind')}</th>
                  <th scope="col">{t('what')}</th>
                </tr>
              </thead>
              <tbody>
                {diff.changes.map((c, i) => (
                  <tr key={i}>
                    <td>{c.section}</td>
                    <td>{kindWord(c.kind)}</td>
                    <td>{c.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('inWords')}</h3>
          <pre class="code" tabIndex={0} role="region" aria-label={t('inWords')}>
            {diff.text}
          </pre>
        </div>
      ) : null}
    </section>
  );
}
