/**
 * A case's messages, newest first, and a form to add one as an agent. Only the departments holding the case
 * may add one: the API decides, and its refusal (403, or 409 on a finished case) is shown as it explained it.
 * The case records a message through an activity after the API has answered, so the new message is waited
 * for in the list rather than assumed.
 */
import { useState } from 'preact/hooks';
import { api, ApiProblem } from '../api';
import type { CaseMessage, MessagePage } from '../case-types';
import { ProblemNote } from '../components/problem';
import { When } from '../components/time';
import { useWords, words } from '../i18n';
import { useApi } from '../use-api';

const dict = words({
  en: {
    title: 'Messages',
    none: 'No messages yet.',
    count: '{shown} of {total} messages, newest first',
    customer: 'Customer',
    agent: 'Agent {name}',
    newMessage: 'New message',
    send: 'Add message',
    sending: 'Sending…',
    sent: 'Message added.',
    waiting: 'Message accepted; the case has not recorded it yet.',
    older: 'Show older messages',
  },
  zh: {
    title: '消息',
    none: '暂无消息。',
    count: '显示 {shown} 条，共 {total} 条，最新在前',
    customer: '客户',
    agent: '坐席 {name}',
    newMessage: '新消息',
    send: '添加消息',
    sending: '发送中…',
    sent: '消息已添加。',
    waiting: '消息已受理，工单尚未记录。',
    older: '显示更早的消息',
  },
});

const shown = 20;

export function CaseMessages({ caseId, mayWrite }: { caseId: string; mayWrite: boolean }) {
  const { t } = useWords(dict);
  const path = `/cases/${encodeURIComponent(caseId)}/messages?limit=${shown}`;
  const messages = useApi<MessagePage>(path);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const [note, setNote] = useState<'sent' | 'waiting'>();
  // Older pages asked for by "Show older messages", below the newest (`cursor`: where the next one starts).
  const [older, setOlder] = useState<{ items: CaseMessage[]; cursor?: string | undefined }>();
  const [olderProblem, setOlderProblem] = useState<ApiProblem>();

  const showOlder = async (cursor: string) => {
    setOlderProblem(undefined);
    try {
      const next = await api<MessagePage>(`${path}&cursor=${encodeURIComponent(cursor)}`);
      setOlder({ items: [...(older?.items ?? []), ...next.items], cursor: next.nextCursor });
    } catch (err) {
      setOlderProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    }
  };

  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(undefined);
    setNote(undefined);
    const before = messages.data?.total ?? 0;
    try {
      await api(`/cases/${encodeURIComponent(caseId)}/messages`, {
        method: 'POST',
        body: { from: 'agent', text },
      });
      setText('');
      // Recorded by the case a moment later: ask again for a few seconds, then say it is on its way.
      let recorded = false;
      for (let i = 0; i < 20 && !recorded; i++) {
        recorded = (await api<MessagePage>(path)).total > before;
        if (!recorded) await new Promise((r) => setTimeout(r, 500));
      }
      await messages.reload();
      setOlder(undefined);
      setNote(recorded ? 'sent' : 'waiting');
    } catch (err) {
      setProblem(err instanceof ApiProblem ? err : new ApiProblem(0, String(err), undefined, []));
    } finally {
      setBusy(false);
    }
  };

  const page = messages.data;
  const items = [...(page?.items ?? []), ...(older?.items ?? [])];
  const cursor = older ? older.cursor : page?.nextCursor;
  return (
    <section class="panel" aria-labelledby="case-messages">
      <h2 id="case-messages">{t('title')}</h2>
      <ProblemNote problem={messages.problem} />
      {page && items.length ? (
        <>
          <p class="hint">{t('count', { shown: items.length, total: page.total })}</p>
          <ol class="case-messages">
            {items.map((m) => (
              <li key={m.seq}>
                <div class="hint">
                  <strong>{m.from === 'customer' ? t('customer') : t('agent', { name: m.by })}</strong>
                  {' · '}
                  <When at={m.at} />
                </div>
                <p>{m.text}</p>
              </li>
            ))}
          </ol>
          <ProblemNote problem={olderProblem} />
          {cursor ? (
            <p>
              <button type="button" class="secondary" onClick={() => void showOlder(cursor)}>
                {t('older')}
              </button>
            </p>
          ) : null}
        </>
      ) : page ? (
        <p>{t('none')}</p>
      ) : null}
      {mayWrite ? (
        <form onSubmit={(e) => void send(e)} class="case-message-form">
          <label for="case-new-message">{t('newMessage')}</label>
          <textarea
            id="case-new-message"
            rows={3}
            required
            maxLength={20000}
            value={text}
            aria-invalid={problem?.about('text') ? true : undefined}
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <ProblemNote problem={problem} />
          <div>
            <button type="submit" disabled={busy}>
              {busy ? t('sending') : t('send')}
            </button>
          </div>
          <p role="status" class="hint">
            {note ? t(note) : ''}
          </p>
        </form>
      ) : null}
    </section>
  );
}
