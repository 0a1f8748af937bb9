/**
 * Sign-in with a bearer token (issue 14). The token is checked with `GET /me` before it is kept, so a typo
 * is told at once; it is kept in sessionStorage only (session.ts).
 */
import { useState } from 'preact/hooks';
import { api, ApiProblem } from '../api';
import { useWords, words } from '../i18n';
import { session, type Me } from '../session';

const dict = words({
  en: {
    title: 'Sign in to caseflow',
    token: 'Access token',
    hint: 'The bearer token your administrator gave you. It is kept for this browser session only.',
    submit: 'Sign in',
    refused: 'This token is not accepted.',
    unreachable: 'The caseflow API did not answer: {detail}',
  },
  zh: {
    title: '登录 caseflow',
    token: '访问令牌',
    hint: '管理员发给您的 Bearer 令牌。仅在本次浏览器会话中保存。',
    submit: '登录',
    refused: '此令牌无效。',
    unreachable: 'caseflow API 没有响应：{detail}',
  },
});

export function SignIn({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const { t } = useWords(dict);
  const [token, setToken] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    session.keep(token.trim());
    try {
      onSignedIn(await api<Me>('/me'));
    } catch (err) {
      session.forget();
      setError(
        err instanceof ApiProblem && err.status === 401
          ? t('refused')
          : t('unreachable', { detail: err instanceof Error ? err.message : String(err) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>{t('title')}</h1>
      <form onSubmit={(e) => void submit(e)}>
        <label for="token">{t('token')}</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          required
          value={token}
          aria-describedby="token-hint"
          aria-invalid={error ? true : undefined}
          onInput={(e) => setToken(e.currentTarget.value)}
        />
        <p id="token-hint" class="hint">
          {t('hint')}
        </p>
        {error ? (
          <p class="problem" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('submit')}
        </button>
      </form>
    </main>
  );
}
