/**
 * The case page (issue 14): status, category, priority with the rule that set it, the SLA clocks, tasks,
 * messages (an agent of the holding department adds one), escalations, the readable timeline and, for
 * auditors, the history export and replay. GET /cases/{id} reads the case's live state (its clocks read
 * at the time of the request); the parts that read more (messages, timeline) ask for themselves.
 */
import { Link } from 'wouter-preact';
import { FINAL_STATUSES } from '../../../contract/statuses';
import { priorityDecision, type CaseView } from '../case-types';
import { taskStatuses, type TaskStatus } from '../task-types';
import { CaseStatusText } from '../components/case-status';
import { ProblemNote } from '../components/problem';
import { When } from '../components/time';
import { useWords, words } from '../i18n';
import { can, type Me } from '../session';
import { useApi } from '../use-api';
import { CaseAudit, CaseTimeline } from './case-audit';
import { CaseClocks } from './case-clocks';
import { CaseMigrate } from './case-migrate';
import { CaseMessages } from './case-messages';

const dict = words({
  en: {
    back: 'All cases',
    caseLine: 'Case {id} · template {template} v{version}',
    loading: 'Loading…',
    refresh: 'Refresh',
    facts: 'Case',
    status: 'Status',
    category: 'Category',
    priority: 'Priority',
    setBy: 'Set at step {step}: {what}',
    rule: 'Rule: {why}',
    setByDropped: 'The decision that set it is in the timeline.',
    department: 'Department',
    suggestion: 'Suggested',
    suggestionLine: '{department} ({confidence}%) · model v{model}',
    suggestionUsed: 'Routed by it.',
    suggestionNotUsed: 'Not used: the rules routed.',
    because: 'Because: {words}',
    step: 'Step',
    channel: 'Channel',
    customer: 'Customer',
    opened: 'Opened',
    updated: 'Updated',
    tasks: 'Tasks',
    noTasks: 'No tasks.',
    task: 'Task',
    taskStatus: 'Status',
    assignee: 'Assignee',
    due: 'Due',
    escalations: 'Escalations',
    noEscalations: 'No escalation has fired.',
    cause: 'Cause',
    actions: 'What it did',
    fired: 'Fired',
    open: 'Open',
    claimed: 'Claimed',
    completed: 'Completed',
    cancelled: 'Cancelled',
  },
  zh: {
    back: '全部工单',
    caseLine: '工单 {id} · 模板 {template} v{version}',
    loading: '加载中…',
    refresh: '刷新',
    facts: '工单',
    status: '状态',
    category: '类别',
    priority: '优先级',
    setBy: '由步骤 {step} 设定：{what}',
    rule: '规则：{why}',
    setByDropped: '设定它的决策见时间线。',
    department: '部门',
    suggestion: '建议',
    suggestionLine: '{department}（{confidence}%）· 模型 v{model}',
    suggestionUsed: '已按建议分派。',
    suggestionNotUsed: '未采用：按规则分派。',
    because: '依据：{words}',
    step: '步骤',
    channel: '渠道',
    customer: '客户',
    opened: '创建时间',
    updated: '更新时间',
    tasks: '任务',
    noTasks: '没有任务。',
    task: '任务',
    taskStatus: '状态',
    assignee: '处理人',
    due: '到期',
    escalations: '升级',
    noEscalations: '尚未触发升级。',
    cause: '原因',
    actions: '执行的操作',
    fired: '触发时间',
    open: '待处理',
    claimed: '已认领',
    completed: '已完成',
    cancelled: '已取消',
  },
});

type TaskStatusKey = TaskStatus;
const taskStatusList: readonly string[] = taskStatuses;
/** A case in one of these is over: nothing to move (the API refuses it too). */
const finalStatuses: readonly string[] = FINAL_STATUSES;

export function CasePage({ me, id }: { me: Me; id: string }) {
  const { t } = useWords(dict);
  const { data: view, problem, loading, reload } = useApi<CaseView>(`/cases/${encodeURIComponent(id)}`);
  // Who may try to add a message: intake and agents (the API still refuses a department not holding it).
  const mayWrite = me.roles.some((r) => r === 'agent' || r === 'intake' || r === 'admin');
  const mayTimeline = can(me, 'work') || can(me, 'audit');

  return (
    <>
      <p>
        <Link href="/cases">{t('back')}</Link>
      </p>
      <ProblemNote problem={problem} />
      {!view ? (
        loading ? (
          <p role="status">{t('loading')}</p>
        ) : null
      ) : (
        <>
          <h1>{view.subject || view.id}</h1>
          <div class="toolbar">
            <span class="hint">
              {t('caseLine', { id: view.id, template: view.template.name, version: view.template.version })}
            </span>
            <button type="button" class="secondary" disabled={loading} onClick={() => void reload()}>
              {t('refresh')}
            </button>
          </div>
          <div class="grid-2">
            <Facts view={view} />
            <CaseClocks clocks={view.clocks} />
          </div>
          <Tasks view={view} />
          <Escalations view={view} />
          <CaseMessages caseId={view.id} mayWrite={mayWrite} />
          {mayTimeline ? <CaseTimeline caseId={view.id} /> : null}
          {can(me, 'audit') ? <CaseAudit caseId={view.id} /> : null}
          {can(me, 'design') && !finalStatuses.includes(view.status) ? (
            <CaseMigrate view={view} onMoved={() => void reload()} />
          ) : null}
        </>
      )}
    </>
  );
}

function Facts({ view }: { view: CaseView }) {
  const { t } = useWords(dict);
  const setBy = priorityDecision(view);
  return (
    <section class="panel" aria-labelledby="case-facts">
      <h2 id="case-facts">{t('facts')}</h2>
      <dl class="facts">
        <dt>{t('status')}</dt>
        <dd>
          <CaseStatusText status={view.status} />
        </dd>
        <dt>{t('priority')}</dt>
        <dd>
          <strong>{view.priority ?? '—'}</strong>
          {!view.priority ? null : setBy ? (
            <>
              <div class="hint">{t('setBy', { what: setBy.what, step: setBy.step })}</div>
              <div class="hint case-rule">{t('rule', { why: setBy.why })}</div>
            </>
          ) : (
            <div class="hint">{t('setByDropped')}</div>
          )}
        </dd>
        <dt>{t('category')}</dt>
        <dd>{view.category ?? '—'}</dd>
        <dt>{t('department')}</dt>
        <dd>{view.department ?? '—'}</dd>
        {view.suggestion ? (
          <>
            <dt>{t('suggestion')}</dt>
            <dd class="case-suggestion">
              {t('suggestionLine', {
                department: view.suggestion.department,
                confidence: String(Math.round(view.suggestion.confidence * 100)),
                model: String(view.suggestion.model),
              })}
              <div class="hint">{view.suggestion.used ? t('suggestionUsed') : t('suggestionNotUsed')}</div>
              {view.suggestion.because.length ? (
                <div class="hint">{t('because', { words: view.suggestion.because.join(', ') })}</div>
              ) : null}
            </dd>
          </>
        ) : null}
        <dt>{t('step')}</dt>
        <dd>{view.step ?? '—'}</dd>
        <dt>{t('channel')}</dt>
        <dd>{view.channel}</dd>
        <dt>{t('customer')}</dt>
        <dd>
          {view.customer.name ? `${view.customer.name} · ` : ''}
          {view.customer.id}
          {view.customer.tier ? ` · ${view.customer.tier}` : ''}
        </dd>
        <dt>{t('opened')}</dt>
        <dd>
          <When at={view.createdAt} />
        </dd>
        <dt>{t('updated')}</dt>
        <dd>
          <When at={view.updatedAt} />
        </dd>
      </dl>
    </section>
  );
}

function Tasks({ view }: { view: CaseView }) {
  const { t } = useWords(dict);
  return (
    <section class="panel" aria-labelledby="case-tasks">
      <h2 id="case-tasks">{t('tasks')}</h2>
      {view.tasks.length === 0 ? (
        <p>{t('noTasks')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('task')}</th>
              <th scope="col">{t('step')}</th>
              <th scope="col">{t('department')}</th>
              <th scope="col">{t('taskStatus')}</th>
              <th scope="col">{t('assignee')}</th>
              <th scope="col">{t('due')}</th>
            </tr>
          </thead>
          <tbody>
            {view.tasks.map((task) => (
              <tr key={task.id}>
                <td>
                  <Link href={`/tasks/${encodeURIComponent(task.id)}`}>{task.title || task.id}</Link>
                </td>
                <td>{task.step}</td>
                <td>{task.department}</td>
                <td>
                  {taskStatusList.includes(task.status) ? t(task.status as TaskStatusKey) : task.status}
                </td>
                <td>{task.assignee ?? '—'}</td>
                <td>
                  <When at={task.dueAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Escalations({ view }: { view: CaseView }) {
  const { t } = useWords(dict);
  return (
    <section class="panel" aria-labelledby="case-escalations">
      <h2 id="case-escalations">{t('escalations')}</h2>
      {view.escalations.length === 0 ? (
        <p>{t('noEscalations')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('fired')}</th>
              <th scope="col">{t('cause')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {view.escalations.map((e) => (
              <tr key={`${e.id}-${e.firedAt}`}>
                <td>
                  <When at={e.firedAt} />
                </td>
                <td>{e.cause}</td>
                <td>{e.actions.join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
