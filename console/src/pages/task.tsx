/**
 * A task (issue 14): what it is and where it stands, and what an agent does to it — claim or release it,
 * complete it with an outcome and the form that outcome asks for (SPEC §10: `forms` on the task), hand it off
 * to another department with a reason, or reassign it. The case's workflow decides every action; a refusal
 * is shown next to the field it names, anything else as the API explained it. After a completion or a
 * handoff the task is no longer this agent's work, so the page says what happened and links to the case.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { api, ApiProblem } from '../api';
import { ProblemNote } from '../components/problem';
import { SimilarCasesPanel } from '../components/similar-cases';
import { SlaText } from '../components/sla';
import { TaskStatusText, taskStatusWords } from '../components/task-status';
import { When } from '../components/time';
import { useWords, words } from '../i18n';
import { can, type Me } from '../session';
import type { FormField, Task } from '../task-types';
import { useApi } from '../use-api';

const dict = words({
  en: {
    loading: 'Loading…',
    facts: 'About this task',
    case: 'Case',
    department: 'Department',
    coordinator: 'Coordinated by',
    step: 'Step',
    status: 'Status',
    assignee: 'Assignee',
    priority: 'Priority',
    due: 'Due',
    sla: 'SLA',
    nobody: 'Nobody',
    claim: 'Claim',
    release: 'Release',
    completeTitle: 'Complete',
    outcome: 'Outcome',
    chooseOutcome: 'Choose an outcome',
    note: 'Note (optional)',
    complete: 'Complete',
    yes: 'Yes',
    no: 'No',
    required: 'required',
    fixFields: 'The case refused this: see the fields marked below.',
    handoffTitle: 'Hand off',
    handoffHint: 'Send the task to another department; yours stays its coordinator.',
    reason: 'Reason',
    handoff: 'Hand off',
    reassignTitle: 'Reassign',
    reassignHint: 'Give the task to an agent, move it to a department, or both.',
    reassignTo: 'Assignee',
    anyDepartment: '(keep the department)',
    chooseDepartment: 'Choose a department',
    reassign: 'Reassign',
    completed: 'Task completed with the outcome “{outcome}”. The case has moved on.',
    handedOff: 'Task handed off to {department}. It has left your inbox.',
    openCase: 'Open case {caseId}',
    backToInbox: 'Back to the inbox',
    done: 'Status: {status}. There is nothing more to do on this task.',
  },
  zh: {
    loading: '加载中…',
    facts: '任务信息',
    case: '工单',
    department: '部门',
    coordinator: '协调部门',
    step: '步骤',
    status: '状态',
    assignee: '处理人',
    priority: '优先级',
    due: '到期时间',
    sla: 'SLA',
    nobody: '无',
    claim: '认领',
    release: '释放',
    completeTitle: '完成',
    outcome: '处理结果',
    chooseOutcome: '请选择处理结果',
    note: '备注（可选）',
    complete: '完成',
    yes: '是',
    no: '否',
    required: '必填',
    fixFields: '工单拒绝了此操作：请查看下方标出的字段。',
    handoffTitle: '转交',
    handoffHint: '把任务交给另一个部门；本部门仍是协调部门。',
    reason: '原因',
    handoff: '转交',
    reassignTitle: '重新分配',
    reassignHint: '把任务分配给某位坐席、转到某个部门，或两者都做。',
    reassignTo: '处理人',
    anyDepartment: '（部门不变）',
    chooseDepartment: '请选择部门',
    reassign: '重新分配',
    completed: '任务已完成，处理结果为“{outcome}”。工单已进入下一步。',
    handedOff: '任务已转交给 {department}，已从您的待办中移出。',
    openCase: '打开工单 {caseId}',
    backToInbox: '返回待办',
    done: '任务状态：{status}，无需再处理。',
  },
});

/** What the case answered an action with: the task, or (older runs) the whole case with the task in it. */
type Answer = Task | { tasks: Task[] };

/** The template plan's parts this page reads: the departments, and each task step's handoff list. */
interface PlanPart {
  plan: { departments: Record<string, { title: string }>; steps: Record<string, { handoff?: string[] }> };
}

/** What the last completion or handoff did, shown in place of the actions. */
type Moved = { kind: 'completed'; outcome: string } | { kind: 'handedOff'; department: string };

/** The issues of a refused completion by form field: the API names each (`body.form.amount`). */
export function formIssues(problem: ApiProblem | undefined): Record<string, string> {
  const issues: Record<string, string> = {};
  for (const e of problem?.errors ?? []) {
    const m = /(?:^|\.)form\.(.+)$/.exec(e.field);
    if (m?.[1]) issues[m[1]] = e.message;
  }
  return issues;
}

export function TaskPage({ me, id }: { me: Me; id: string }) {
  const { t } = useWords(dict);
  const statusWords = useWords(taskStatusWords);
  const loaded = useApi<Task>(`/tasks/${encodeURIComponent(id)}`);
  // The task as the last action answered it, newer than what was loaded.
  const [answered, setAnswered] = useState<Task>();
  const [moved, setMoved] = useState<Moved>();
  const task = answered ?? loaded.data;

  // The departments come from the case's template version, for the handoff and reassign choices.
  const kase = useApi<{ template: { name: string; version: number } }>(
    task ? `/cases/${encodeURIComponent(task.caseId)}` : undefined,
  );
  const ref = kase.data?.template;
  const template = useApi<PlanPart>(
    ref ? `/templates/${encodeURIComponent(ref.name)}/versions/${ref.version}` : undefined,
  );

  if (!task) return loaded.problem ? <ProblemNote problem={loaded.problem} /> : <p>{t('loading')}</p>;

  const took = (answer: Answer) => {
    const next = 'tasks' in answer ? answer.tasks.find((x) => x.id === task.id) : answer;
    if (next) setAnswered({ ...next, forms: next.forms ?? task.forms });
  };
  // Auditors read tasks; only agents act on them (the API decides either way).
  const workable = task.status === 'open' || task.status === 'claimed';
  const active = can(me, 'work') && workable;
  const plan = template.data?.plan;
  const departments = plan ? Object.keys(plan.departments) : undefined;
  const handoffTo = plan
    ? [
        ...(plan.steps[task.step]?.handoff ?? departments ?? []),
        ...(task.coordinator ? [task.coordinator] : []),
      ].filter((d, i, all) => d !== task.department && all.indexOf(d) === i)
    : undefined;
  const caseLink = (
    <Link href={`/cases/${encodeURIComponent(task.caseId)}`}>{t('openCase', { caseId: task.caseId })}</Link>
  );

  return (
    <>
      <h1>{task.title}</h1>
      {task.instructions ? <p>{task.instructions}</p> : null}
      <section class="panel" aria-labelledby="task-facts">
        <h2 id="task-facts" class="visually-hidden">
          {t('facts')}
        </h2>
        <dl class="facts">
          <dt>{t('case')}</dt>
          <dd>
            <Link href={`/cases/${encodeURIComponent(task.caseId)}`}>{task.caseId}</Link>
          </dd>
          <dt>{t('department')}</dt>
          <dd>{task.tier ? `${task.department} (${task.tier})` : task.department}</dd>
          {task.coordinator && task.coordinator !== task.department ? (
            <>
              <dt>{t('coordinator')}</dt>
              <dd>{task.coordinator}</dd>
            </>
          ) : null}
          <dt>{t('step')}</dt>
          <dd>
            <code>{task.step}</code>
          </dd>
          <dt>{t('status')}</dt>
          <dd>
            <TaskStatusText status={task.status} />
          </dd>
          <dt>{t('assignee')}</dt>
          <dd>{task.assignee ?? t('nobody')}</dd>
          <dt>{t('priority')}</dt>
          <dd>{task.priority ?? '—'}</dd>
          <dt>{t('due')}</dt>
          <dd>
            <When at={task.dueAt} /> <SlaText task={task} now={Date.now()} />
          </dd>
        </dl>
      </section>

      {/* A task that can resolve its case (triage, department work…) shows how similar cases were resolved. */}
      {workable && !moved && task.outcomes.includes('resolved') ? (
        <SimilarCasesPanel caseId={task.caseId} />
      ) : null}

      {moved ? (
        <div class="panel moved" role="status">
          <p>
            {moved.kind === 'completed'
              ? t('completed', { outcome: moved.outcome })
              : t('handedOff', { department: moved.department })}
          </p>
          <p class="links">
            {caseLink} <Link href="/inbox">{t('backToInbox')}</Link>
          </p>
        </div>
      ) : active ? (
        <>
          <ClaimRelease task={task} me={me} onDone={took} />
          <div class="grid-2">
            <CompleteForm
              task={task}
              onDone={(answer, outcome) => (took(answer), setMoved({ kind: 'completed', outcome }))}
            />
            <div>
              <HandoffForm
                task={task}
                departments={handoffTo}
                onDone={(answer, department) => (took(answer), setMoved({ kind: 'handedOff', department }))}
              />
              <ReassignForm task={task} departments={departments} onDone={took} />
            </div>
          </div>
        </>
      ) : (
        <p>
          {workable ? null : t('done', { status: statusWords.t(task.status) })} {caseLink}
        </p>
      )}
    </>
  );
}

/** Runs an action: busy while it runs, its problem kept for the form to show. */
function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const run = async <T,>(call: () => Promise<T>, then: (value: T) => void) => {
    setBusy(true);
    setProblem(undefined);
    try {
      then(await call());
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run };
}

const post = (task: Task, action: string, body?: unknown) =>
  api<Answer>(`/tasks/${encodeURIComponent(task.id)}/${action}`, {
    method: 'POST',
    ...(body === undefined ? {} : { body }),
  });

function ClaimRelease({ task, me, onDone }: { task: Task; me: Me; onDone: (a: Answer) => void }) {
  const { t } = useWords(dict);
  const { busy, problem, run } = useAction();
  return (
    <div class="toolbar">
      {task.status === 'open' ? (
        <button type="button" disabled={busy} onClick={() => void run(() => post(task, 'claim'), onDone)}>
          {t('claim')}
        </button>
      ) : (
        <button
          type="button"
          class={task.assignee === me.name ? undefined : 'secondary'}
          disabled={busy}
          onClick={() => void run(() => post(task, 'release'), onDone)}
        >
          {t('release')}
        </button>
      )}
      <ProblemNote problem={problem} />
    </div>
  );
}

/** A labelled control with its issue under it (the control gets `id`, aria-describedby and aria-invalid). */
function Field(props: {
  id: string;
  label: string;
  issue?: string | undefined;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.issue ? (
        <p id={`${props.id}-issue`} class="field-error">
          {props.issue}
        </p>
      ) : null}
    </div>
  );
}

/** The ARIA attributes of a control with or without an issue. */
const invalid = (id: string, issue: string | undefined) =>
  issue ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-issue` } : {};

/** A form value as the case wants it: numbers as numbers, booleans as booleans, times as ISO; blank left out. */
function valueOf(field: FormField, text: string): unknown {
  if (text === '') return undefined;
  switch (field.type) {
    case 'number':
    case 'integer': {
      const n = Number(text);
      return Number.isNaN(n) ? text : n;
    }
    case 'boolean':
      return text === 'true';
    case 'datetime': {
      const d = new Date(text);
      return Number.isNaN(d.getTime()) ? text : d.toISOString();
    }
    case 'enum':
    case 'string':
      return text;
  }
}

function FormControl(props: {
  field: FormField;
  id: string;
  value: string;
  issue: string | undefined;
  set: (v: string) => void;
}) {
  const { t } = useWords(dict);
  const { field, id, value, issue, set } = props;
  // `required` marks the field for assistive technology; the form has noValidate, so the case checks it and
  // says what is missing in its own words, next to the field.
  const common = { id, name: field.name, required: field.required, ...invalid(id, issue) };
  if (field.type === 'enum' || field.type === 'boolean') {
    const options =
      field.type === 'enum'
        ? (field.options ?? []).map((o) => [o, o] as const)
        : ([
            ['true', t('yes')],
            ['false', t('no')],
          ] as const);
    return (
      <select {...common} value={value} onChange={(e) => set(e.currentTarget.value)}>
        <option value="">—</option>
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    );
  }
  const type =
    field.type === 'number' || field.type === 'integer'
      ? 'number'
      : field.type === 'datetime'
        ? 'datetime-local'
        : 'text';
  return (
    <input
      {...common}
      type={type}
      step={field.type === 'number' ? 'any' : undefined}
      value={value}
      onInput={(e) => set(e.currentTarget.value)}
    />
  );
}

function CompleteForm({ task, onDone }: { task: Task; onDone: (a: Answer, outcome: string) => void }) {
  const { t } = useWords(dict);
  const { busy, problem, run } = useAction();
  const [outcome, setOutcome] = useState(task.outcomes.length === 1 ? task.outcomes[0]! : '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const fields = task.forms?.[outcome] ?? [];
  const issues = formIssues(problem);
  const fieldIssues = fields.filter((f) => issues[f.name]).length;
  const outcomeIssue = problem?.about('outcome');
  const noteIssue = problem?.about('note');

  const submit = (e: Event) => {
    e.preventDefault();
    const form: Record<string, unknown> = {};
    for (const f of fields) {
      const v = valueOf(f, values[f.name] ?? '');
      if (v !== undefined) form[f.name] = v;
    }
    const body = { outcome, ...(fields.length ? { form } : {}), ...(note.trim() ? { note } : {}) };
    void run(
      () => post(task, 'complete', body),
      (answer) => onDone(answer, outcome),
    );
  };

  return (
    <form class="panel task-form" noValidate aria-labelledby="complete-title" onSubmit={submit}>
      <h2 id="complete-title">{t('completeTitle')}</h2>
      <Field id="outcome" label={t('outcome')} issue={outcomeIssue}>
        <select
          id="outcome"
          required
          value={outcome}
          {...invalid('outcome', outcomeIssue)}
          onChange={(e) => setOutcome(e.currentTarget.value)}
        >
          <option value="">{t('chooseOutcome')}</option>
          {task.outcomes.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
      {fields.map((f) => {
        const id = `form-${f.name}`;
        return (
          <Field key={`${outcome}/${f.name}`} id={id} label={f.title ?? f.name} issue={issues[f.name]}>
            <FormControl
              field={f}
              id={id}
              value={values[f.name] ?? ''}
              issue={issues[f.name]}
              set={(v) => setValues({ ...values, [f.name]: v })}
            />
            {f.description ? <p class="hint">{f.description}</p> : null}
          </Field>
        );
      })}
      <Field id="note" label={t('note')} issue={noteIssue}>
        <textarea
          id="note"
          rows={3}
          value={note}
          {...invalid('note', noteIssue)}
          onInput={(e) => setNote(e.currentTarget.value)}
        />
      </Field>
      {problem && (fieldIssues > 0 || outcomeIssue) ? (
        <p class="problem" role="alert">
          {t('fixFields')}
        </p>
      ) : (
        <ProblemNote problem={problem} />
      )}
      <div>
        <button type="submit" disabled={busy}>
          {t('complete')}
        </button>
      </div>
    </form>
  );
}

/** A department: a choice of the template's when they are known, else typed. */
function DepartmentControl(props: {
  id: string;
  value: string;
  issue: string | undefined;
  options: string[] | undefined;
  blank: string;
  set: (v: string) => void;
}) {
  const { id, value, issue, options, blank, set } = props;
  if (!options)
    return (
      <input
        id={id}
        type="text"
        value={value}
        {...invalid(id, issue)}
        onInput={(e) => set(e.currentTarget.value)}
      />
    );
  return (
    <select id={id} value={value} {...invalid(id, issue)} onChange={(e) => set(e.currentTarget.value)}>
      <option value="">{blank}</option>
      {options.map((d) => (
        <option key={d} value={d}>
          {d}
        </option>
      ))}
    </select>
  );
}

function HandoffForm(props: {
  task: Task;
  departments: string[] | undefined;
  onDone: (a: Answer, department: string) => void;
}) {
  const { t } = useWords(dict);
  const { busy, problem, run } = useAction();
  const [department, setDepartment] = useState('');
  const [reason, setReason] = useState('');
  const departmentIssue = problem?.about('department');
  const reasonIssue = problem?.about('reason');
  const submit = (e: Event) => {
    e.preventDefault();
    void run(
      () => post(props.task, 'handoff', { department, reason }),
      (answer) => props.onDone(answer, department),
    );
  };
  return (
    <form class="panel task-form" noValidate aria-labelledby="handoff-title" onSubmit={submit}>
      <h2 id="handoff-title">{t('handoffTitle')}</h2>
      <p class="hint">{t('handoffHint')}</p>
      <Field id="handoff-department" label={t('department')} issue={departmentIssue}>
        <DepartmentControl
          id="handoff-department"
          value={department}
          issue={departmentIssue}
          options={props.departments}
          blank={t('chooseDepartment')}
          set={setDepartment}
        />
      </Field>
      <Field id="handoff-reason" label={t('reason')} issue={reasonIssue}>
        <textarea
          id="handoff-reason"
          rows={2}
          required
          value={reason}
          {...invalid('handoff-reason', reasonIssue)}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
      </Field>
      {problem && !departmentIssue && !reasonIssue ? <ProblemNote problem={problem} /> : null}
      <div>
        <button type="submit" disabled={busy}>
          {t('handoff')}
        </button>
      </div>
    </form>
  );
}

function ReassignForm(props: { task: Task; departments: string[] | undefined; onDone: (a: Answer) => void }) {
  const { t } = useWords(dict);
  const { busy, problem, run } = useAction();
  const [assignee, setAssignee] = useState('');
  const [department, setDepartment] = useState('');
  const assigneeIssue = problem?.about('assignee');
  const departmentIssue = problem?.about('department');
  const submit = (e: Event) => {
    e.preventDefault();
    const body = {
      ...(assignee.trim() ? { assignee: assignee.trim() } : {}),
      ...(department ? { department } : {}),
    };
    void run(
      () => post(props.task, 'reassign', body),
      (answer) => {
        setAssignee('');
        setDepartment('');
        props.onDone(answer);
      },
    );
  };
  return (
    <form class="panel task-form" noValidate aria-labelledby="reassign-title" onSubmit={submit}>
      <h2 id="reassign-title">{t('reassignTitle')}</h2>
      <p class="hint">{t('reassignHint')}</p>
      <Field id="reassign-assignee" label={t('reassignTo')} issue={assigneeIssue}>
        <input
          id="reassign-assignee"
          type="text"
          autoComplete="off"
          value={assignee}
          {...invalid('reassign-assignee', assigneeIssue)}
          onInput={(e) => setAssignee(e.currentTarget.value)}
        />
      </Field>
      <Field id="reassign-department" label={t('department')} issue={departmentIssue}>
        <DepartmentControl
          id="reassign-department"
          value={department}
          issue={departmentIssue}
          options={props.departments}
          blank={t('anyDepartment')}
          set={setDepartment}
        />
      </Field>
      {problem && !assigneeIssue && !departmentIssue ? <ProblemNote problem={problem} /> : null}
      <div>
        <button type="submit" disabled={busy}>
          {t('reassign')}
        </button>
      </div>
    </form>
  );
}
