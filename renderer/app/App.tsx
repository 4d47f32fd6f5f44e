import { Banners } from '../components/Banners';
import { SkipLink } from '../components/SkipLink';
import { Notifications } from '../components/Notifications';
import { StatusBar } from '../components/StatusBar';
import { hrefFor, useHashNavigation } from './navigation';
import { defaultRoute, findRoute, routes } from './routes';
import { useUi } from './store';

export function App() {
  useHashNavigation();
  const pageId = useUi((s) => s.page);
  const route = findRoute(pageId) ?? defaultRoute;
  const { Page } = route;

  return (
    <div className="app">
      <SkipLink />
      <header className="app-header">
        <div className="brand" aria-hidden="true">
          <span className="brand-mark">RO</span>
        </div>
        <span className="brand-name">Registration Orchestrator</span>
      </header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {routes.map((r) => (
            <li key={r.id}>
              <a href={hrefFor(r.id)} aria-current={r.id === route.id ? 'page' : undefined}>
                {r.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <Banners />
        <h1 className="page-title">{route.label}</h1>
        <Page />
      </main>
      <Notifications />
      <StatusBar />
    </div>
  );
}
