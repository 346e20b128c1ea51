import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError, gql, post } from './api';
import { text, type Lang } from './i18n';
import { AccessReport } from './pages/access-report';
import { Dashboard } from './pages/dashboard';
import { GraphiqlPage } from './pages/graphiql-page';
import { ChangePassword, Login } from './pages/login';
import './styles.css';

interface Me {
  email: string;
  displayName: string;
  role: string;
}
type Page = 'dashboard' | 'access' | 'graphiql';

const PAGES: {
  page: Page;
  path: string;
  label: 'dashboard' | 'accessReport' | 'graphiql';
  roles?: string[];
}[] = [
  { page: 'dashboard', path: '/console/', label: 'dashboard', roles: ['CPO', 'AUDITOR'] },
  { page: 'access', path: '/console/access', label: 'accessReport', roles: ['CPO', 'AUDITOR'] },
  { page: 'graphiql', path: '/console/graphiql', label: 'graphiql' },
];
const pageOf = (path: string): Page =>
  PAGES.find((p) => p.path !== '/console/' && path.startsWith(p.path))?.page ?? 'dashboard';

/** The console: one page application, each role shown the pages it may use. */
function App() {
  const [lang, setLang] = useState<Lang>('ja');
  const [me, setMe] = useState<Me | null | 'unknown'>('unknown');
  const [mustChange, setMustChange] = useState(false);
  const [page, setPage] = useState<Page>(pageOf(location.pathname));

  const who = useCallback(async () => {
    try {
      setMe((await gql<{ me: Me }>('{ me { email displayName role } }')).me);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNAUTHENTICATED') setMe(null);
      else throw e;
    }
  }, []);
  useEffect(() => void who(), [who]);
  useEffect(() => {
    document.documentElement.lang = lang;
    const back = () => setPage(pageOf(location.pathname));
    addEventListener('popstate', back);
    return () => removeEventListener('popstate', back);
  }, [lang]);

  const go = (next: Page) => {
    const target = PAGES.find((p) => p.page === next);
    if (target) history.pushState(null, '', target.path);
    setPage(next);
  };
  const logout = async () => {
    await post('/console/session/logout', {});
    setMe(null);
  };

  const toggle = (
    <button type="button" className="lang" onClick={() => setLang(lang === 'ja' ? 'en' : 'ja')}>
      {lang === 'ja' ? 'English' : '日本語'}
    </button>
  );
  if (me === 'unknown') return <p>{text(lang, 'loading')}</p>;
  if (me === null)
    return (
      <main>
        {toggle}
        <Login
          lang={lang}
          onDone={(change) => {
            setMustChange(change);
            void who();
          }}
        />
      </main>
    );
  if (mustChange)
    return (
      <main>
        {toggle}
        <ChangePassword lang={lang} onDone={() => setMustChange(false)} />
      </main>
    );
  const allowed = PAGES.filter((p) => !p.roles || p.roles.includes(me.role));
  const shown = allowed.some((p) => p.page === page)
    ? page
    : (allowed[allowed.length - 1]?.page ?? 'graphiql');
  return (
    <>
      <header>
        <strong>{text(lang, 'title')}</strong>
        <nav>
          {allowed.map((p) => (
            <a
              key={p.page}
              href={p.path}
              aria-current={p.page === shown ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                go(p.page);
              }}
            >
              {text(lang, p.label)}
            </a>
          ))}
        </nav>
        <span className="who">
          {me.displayName} ({me.role})
        </span>
        {toggle}
        <button type="button" onClick={() => void logout()}>
          {text(lang, 'logout')}
        </button>
      </header>
      <main className={shown === 'graphiql' ? 'wide' : undefined}>
        {shown === 'dashboard' && <Dashboard lang={lang} />}
        {shown === 'access' && <AccessReport lang={lang} />}
        {shown === 'graphiql' && <GraphiqlPage role={me.role} />}
      </main>
    </>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
