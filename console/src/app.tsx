/**
 * The console's shell: sign-in until a token is kept, then the header (navigation by what the principal's
 * roles allow, language, sign-out) and the page the address names. Hash addresses (`/console/#/tasks/…`)
 * so that the API serves one page and a reload or a shared link lands on the same screen.
 */
import { useContext, useEffect, useState } from 'preact/hooks';
import { Link, Route, Router, Switch } from 'wouter-preact';
import { useHashLocation } from 'wouter-preact/use-hash-location';
import { api, ApiProblem, whenUnauthorised } from './api';
import { initialLang, LangContext, rememberLang, useWords, words, type Lang } from './i18n';
import { CasePage } from './pages/case';
import { CasesPage } from './pages/cases';
import { InboxPage } from './pages/inbox';
import { ReportsPage } from './pages/reports';
import { SignIn } from './pages/sign-in';
import { TaskPage } from './pages/task';
import { TemplatePage } from './pages/template';
import { TemplatesPage } from './pages/templates';
import { can, session, type Me } from './session';

const dict = words({
  en: {
    skip: 'Skip to content',
    nav: 'Main',
    inbox: 'Inbox',
    cases: 'Cases',
    templates: 'Templates',
    reports: 'Reports',
    docs: 'API docs',
    signedIn: 'Signed in as {name}',
    signOut: 'Sign out',
    language: 'Language',
    notFound: 'No such page.',
    loading: 'Loading…',
  },
  zh: {
    skip: '跳到正文',
    nav: '主导航',
    inbox: '待办',
    cases: '工单',
    templates: '流程模板',
    reports: '报表',
    docs: 'API 文档',
    signedIn: '当前用户：{name}',
    signOut: '退出',
    language: '语言',
    notFound: '没有这个页面。',
    loading: '加载中…',
  },
});

function Shell({ me, signOut }: { me: Me; signOut: () => void }) {
  const { t } = useWords(dict);
  const { lang, setLang } = useContext(LangContext);
  // A service manager reads reports only (no cases): Reports is its home.
  const home = can(me, 'work')
    ? '/inbox'
    : can(me, 'design')
      ? '/templates'
      : can(me, 'report') && !can(me, 'audit')
        ? '/reports'
        : '/cases';
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}
      >
        {t('skip')}
      </a>
      <header class="top">
        <span class="brand">caseflow</span>
        <nav aria-label={t('nav')}>
          {can(me, 'work') || can(me, 'audit') ? <Link href="/inbox">{t('inbox')}</Link> : null}
          {can(me, 'cases') ? <Link href="/cases">{t('cases')}</Link> : null}
          <Link href="/templates">{t('templates')}</Link>
          {can(me, 'report') ? <Link href="/reports">{t('reports')}</Link> : null}
          <a href="/docs" target="_blank" rel="noopener">
            {t('docs')}
          </a>
        </nav>
        <span class="who">{t('signedIn', { name: me.name })}</span>
        <label class="lang">
          <span class="visually-hidden">{t('language')}</span>
          <select value={lang} onChange={(e) => setLang(e.currentTarget.value as Lang)}>
            <option value="en">English</option>
            <option value="zh">中文</option>
          </select>
        </label>
        <button type="button" onClick={signOut}>
          {t('signOut')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Switch>
          <Route path="/">{() => <Redirect to={home} />}</Route>
          <Route path="/inbox">{() => <InboxPage me={me} />}</Route>
          <Route path="/tasks/:id">{(p) => <TaskPage me={me} id={p.id} />}</Route>
          <Route path="/cases">{() => <CasesPage me={me} />}</Route>
          <Route path="/cases/:id">{(p) => <CasePage me={me} id={p.id} />}</Route>
          <Route path="/templates">{() => <TemplatesPage me={me} />}</Route>
          <Route path="/templates/:name/:version?">
            {(p) => <TemplatePage me={me} name={p.name} version={p.version} />}
          </Route>
          <Route path="/reports">{() => <ReportsPage me={me} />}</Route>
          <Route>
            <p>{t('notFound')}</p>
          </Route>
        </Switch>
      </main>
    </>
  );
}

function Redirect({ to }: { to: string }) {
  const [, navigate] = useHashLocation();
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [me, setMe] = useState<Me | undefined>();
  const [checking, setChecking] = useState(() => session.token() !== undefined);
  const setLang = (next: Lang) => {
    rememberLang(next);
    setLangState(next);
  };
  useEffect(() => rememberLang(lang), []);

  const signOut = () => {
    session.forget();
    setMe(undefined);
  };
  whenUnauthorised(signOut);

  // A kept token (a reload of the tab): ask who it is before showing anything.
  useEffect(() => {
    if (!session.token()) return;
    api<Me>('/me')
      .then(setMe)
      .catch((err: unknown) => {
        if (err instanceof ApiProblem && err.status === 401) session.forget();
      })
      .finally(() => setChecking(false));
  }, []);

  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <Router hook={useHashLocation}>
        {me ? <Shell me={me} signOut={signOut} /> : checking ? null : <SignIn onSignedIn={setMe} />}
      </Router>
    </LangContext.Provider>
  );
}
