/**
 * Validate and publish a template (issue 14, designers): YAML pasted into a textarea or read from an
 * uploaded file, checked by `POST /templates/validate`, published by `POST /templates`. Each error the
 * compiler reports (file:line:column, definitions/errors.ts) is listed as a button that puts the caret on
 * its line in the textarea, and the source is shown numbered line by line with the erring lines marked and
 * their messages beside them — the same place an editor or CI log would point at. Before publishing, Backtest
 * runs the candidate over the cases recorded in a date range (POST /templates/backtest, issue 15) and shows
 * which of them would have gone differently, and why; and the migration dry run (components/migration-check.tsx)
 * answers what would happen to a published version's open cases if they moved to it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import type { BacktestReport } from '../../../contract/backtest';
import { api, ApiProblem, query } from '../api';
import { useWords, words } from '../i18n';
import { BacktestReportView } from './backtest-report';
import { DateRangeFields, inclusiveDays } from './date-range';
import { MigrationCheck } from './migration-check';
import { ProblemNote } from './problem';

const dict = words({
  en: {
    heading: 'Validate or publish a template',
    hint: 'Paste a template’s YAML or upload a file. Validate checks it without publishing; Publish adds it as a new version (published versions never change).',
    source: 'Template YAML',
    upload: 'Or upload a YAML file',
    validate: 'Validate',
    publish: 'Publish',
    working: 'Working…',
    empty: 'Paste or upload a template first.',
    valid: 'Valid: {name} v{version} (sha256 {sha}).',
    errors: '{count} error(s) — select one to put the caret on its line:',
    at: 'Line {line}, column {column}: {message}',
    lines: 'The source, line by line, with the errors marked',
    published: 'Published {name} v{version}.',
    unchanged: '{name} v{version} is already published with this content; nothing changed.',
    open: 'Open it',
    backtestHeading: 'Backtest before you publish',
    backtestHint:
      'Runs the template above over the cases recorded between these days (of any version of the same template), without publishing it, and shows where their outcome would have differed.',
    backtestFrom: 'Cases opened from',
    backtestTo: 'to (inclusive)',
    backtest: 'Backtest',
  },
  zh: {
    heading: '校验或发布模板',
    hint: '粘贴模板的 YAML 或上传文件。“校验”只检查不发布；“发布”将其作为新版本加入（已发布的版本不可更改）。',
    source: '模板 YAML',
    upload: '或上传 YAML 文件',
    validate: '校验',
    publish: '发布',
    working: '处理中…',
    empty: '请先粘贴或上传模板。',
    valid: '校验通过：{name} v{version}（sha256 {sha}）。',
    errors: '{count} 个错误——选择一个可将光标移到该行：',
    at: '第 {line} 行第 {column} 列：{message}',
    lines: '逐行显示的源文件，错误已标出',
    published: '已发布 {name} v{version}。',
    unchanged: '{name} v{version} 已以相同内容发布，没有变化。',
    open: '打开',
    backtestHeading: '发布前回测',
    backtestHint:
      '用上面的模板重新运行这段日期内开立的历史工单（同名模板的任何版本），不发布，并显示哪些工单的结果会不同。',
    backtestFrom: '开立日期从',
    backtestTo: '到（含当天）',
    backtest: '回测',
  },
});

/** One compiler error, as the validate route answers it. */
interface TemplateError {
  file?: string;
  line: number;
  column: number;
  message: string;
}

interface Validated {
  valid: boolean;
  name?: string;
  version?: number;
  sha256?: string;
  errors?: TemplateError[];
}

interface Published {
  name: string;
  version: number;
  outcome: 'published' | 'unchanged';
}

type Result =
  | { kind: 'valid'; name: string; version: number; sha256: string }
  | { kind: 'errors'; errors: TemplateError[] }
  | { kind: 'published'; row: Published }
  | { kind: 'backtest'; report: BacktestReport }
  | { kind: 'problem'; problem: ApiProblem };

/** Publish's 422 names each error's place as the field `file:line:column`; read it back. */
function errorsOfProblem(problem: ApiProblem): TemplateError[] {
  return problem.errors.flatMap((e) => {
    const m = /^(.*):(\d+):(\d+)$/.exec(e.field);
    return m ? [{ file: m[1], line: Number(m[2]), column: Number(m[3]), message: e.message }] : [];
  });
}

/** The offsets of a line's first and last character in `text` (1-based line; clamped to the text). */
function lineRange(text: string, line: number): [number, number] {
  const lines = text.split('\n');
  const n = Math.min(Math.max(line, 1), lines.length);
  let start = 0;
  for (let i = 0; i < n - 1; i++) start += (lines[i]?.length ?? 0) + 1;
  return [start, start + (lines[n - 1]?.length ?? 0)];
}

/** A day as the date field holds it (UTC), `days` from today. */
function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The backtest's query from the date fields: their midnights (UTC), the second day included. */
function backtestRange(from: string, to: string): string {
  const days = inclusiveDays(from, to);
  const instant = (day: string | undefined) => (day ? `${day}T00:00:00Z` : undefined);
  return query({ from: instant(days.from), to: instant(days.to) });
}

export function TemplateEditor({ onPublished }: { onPublished?: () => void }) {
  const { t } = useWords(dict);
  const [source, setSource] = useState('');
  const [fileName, setFileName] = useState<string>();
  const [checked, setChecked] = useState<string>();
  const [result, setResult] = useState<Result>();
  const [busy, setBusy] = useState(false);
  const [empty, setEmpty] = useState(false);
  // By default the last 30 days, today included.
  const [from, setFrom] = useState(() => dayFromToday(-30));
  const [to, setTo] = useState(() => dayFromToday(0));
  const area = useRef<HTMLTextAreaElement>(null);
  const numbered = useRef<HTMLDivElement>(null);

  /** The numbered view scrolled (itself, not the page) so that a line shows, a third of the way down. */
  const showLine = (line: number) => {
    const box = numbered.current;
    const li = box?.querySelector<HTMLElement>(`#yaml-line-${line}`);
    if (box && li) box.scrollTop = Math.max(0, li.offsetTop - box.clientHeight / 3);
  };

  const body = () => ({ source, fileName: fileName ?? 'pasted.yaml' });

  /** A refusal: a template error at its line (as Validate shows it), any other problem as a note. */
  const showProblem = (problem: ApiProblem) => {
    const located = errorsOfProblem(problem);
    setResult(located.length ? { kind: 'errors', errors: located } : { kind: 'problem', problem });
  };

  /** The migration dry run's outcome: its refusal shown here, and an older refusal gone once it answers. */
  const migrationOutcome = (problem: ApiProblem | undefined) => {
    setChecked(source);
    if (problem) showProblem(problem);
    else setResult((r) => (r?.kind === 'errors' || r?.kind === 'problem' ? undefined : r));
  };

  const run = async (what: 'validate' | 'publish' | 'backtest') => {
    if (!source.trim()) {
      setEmpty(true);
      area.current?.focus();
      return;
    }
    setEmpty(false);
    setBusy(true);
    setChecked(source);
    try {
      if (what === 'validate') {
        const v = await api<Validated>('/templates/validate', { method: 'POST', body: body() });
        setResult(
          v.valid
            ? { kind: 'valid', name: v.name ?? '', version: v.version ?? 0, sha256: v.sha256 ?? '' }
            : { kind: 'errors', errors: v.errors ?? [] },
        );
      } else if (what === 'backtest') {
        const report = await api<BacktestReport>(`/templates/backtest${backtestRange(from, to)}`, {
          method: 'POST',
          body: body(),
        });
        setResult({ kind: 'backtest', report });
      } else {
        const row = await api<Published>('/templates', { method: 'POST', body: body() });
        setResult({ kind: 'published', row });
        onPublished?.();
      }
    } catch (err) {
      showProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    } finally {
      setBusy(false);
    }
  };

  const readFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    setSource(await file.text());
    setFileName(file.name);
    setResult(undefined);
  };

  /** Caret to an erring line: focus the textarea, select the line and scroll it into view. */
  const goToLine = (line: number) => {
    const el = area.current;
    if (!el) return;
    const [start, end] = lineRange(el.value, line);
    el.focus();
    el.setSelectionRange(start, end);
    const lineHeight = parseFloat(getComputedStyle(el).lineHeight) || 20;
    el.scrollTop = Math.max(0, (line - 3) * lineHeight);
    showLine(line);
  };

  const errors = result?.kind === 'errors' ? result.errors : [];
  const firstLine = errors[0]?.line;
  useEffect(() => {
    if (firstLine !== undefined) showLine(firstLine);
  }, [result]);
  const byLine = new Map<number, TemplateError[]>();
  for (const e of errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);

  return (
    <section class="panel template-editor" aria-labelledby="template-editor-heading">
      <h2 id="template-editor-heading">{t('heading')}</h2>
      <p class="hint" id="template-editor-hint">
        {t('hint')}
      </p>
      <label for="template-source">{t('source')}</label>
      <textarea
        id="template-source"
        ref={area}
        rows={16}
        spellcheck={false}
        aria-describedby="template-editor-hint"
        aria-invalid={errors.length > 0 || empty ? 'true' : undefined}
        value={source}
        onInput={(e) => {
          setSource(e.currentTarget.value);
          setFileName(undefined);
        }}
      />
      {empty ? <p class="field-error">{t('empty')}</p> : null}
      <div class="toolbar">
        <label>
          {t('upload')}
          <input
            type="file"
            accept=".yaml,.yml,text/yaml,application/yaml"
            onChange={(e) => void readFile(e.currentTarget)}
          />
        </label>
        <button type="button" disabled={busy} onClick={() => void run('validate')}>
          {t('validate')}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void run('publish')}>
          {t('publish')}
        </button>
      </div>
      <fieldset class="backtest-range">
        <legend>{t('backtestHeading')}</legend>
        <p class="hint" id="backtest-hint">
          {t('backtestHint')}
        </p>
        <div class="toolbar">
          <DateRangeFields
            from={from}
            to={to}
            onFrom={setFrom}
            onTo={setTo}
            labels={{ from: t('backtestFrom'), to: t('backtestTo') }}
            hint="backtest-hint"
          />
          <button type="button" class="secondary" disabled={busy} onClick={() => void run('backtest')}>
            {t('backtest')}
          </button>
        </div>
      </fieldset>
      <MigrationCheck source={source} fileName={fileName ?? 'pasted.yaml'} onOutcome={migrationOutcome} />

      <div role="status" aria-live="polite">
        {busy ? <p class="hint">{t('working')}</p> : null}
        {result?.kind === 'valid' ? (
          <p class="ok-note">
            {t('valid', { name: result.name, version: result.version, sha: result.sha256.slice(0, 12) })}
          </p>
        ) : null}
        {result?.kind === 'published' ? (
          <p class="ok-note">
            {t(result.row.outcome === 'published' ? 'published' : 'unchanged', {
              name: result.row.name,
              version: result.row.version,
            })}{' '}
            <Link href={`/templates/${encodeURIComponent(result.row.name)}/${result.row.version}`}>
              {t('open')}
            </Link>
          </p>
        ) : null}
      </div>
      {result?.kind === 'problem' ? <ProblemNote problem={result.problem} /> : null}
      {result?.kind === 'backtest' ? <BacktestReportView report={result.report} /> : null}

      {errors.length ? (
        <div class="template-errors" role="alert">
          <p>{t('errors', { count: errors.length })}</p>
          <ul>
            {errors.map((e, i) => (
              <li key={i}>
                <button type="button" class="link" onClick={() => goToLine(e.line)}>
                  {t('at', { line: e.line, column: e.column, message: e.message })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {errors.length && checked !== undefined ? (
        <div class="yaml-lines" ref={numbered} role="region" aria-label={t('lines')} tabIndex={0}>
          <ol>
            {checked.split('\n').map((text, i) => {
              const here = byLine.get(i + 1);
              return (
                <li key={i} id={`yaml-line-${i + 1}`} class={here ? 'bad' : undefined}>
                  <code>{text || ' '}</code>
                  {here?.map((e, j) => (
                    <span key={j} class="line-error">
                      {t('at', { line: e.line, column: e.column, message: e.message })}
                    </span>
                  ))}
                </li>
              );
            })}
          </ol>
        </div>
      ) : null}
    </section>
  );
}
