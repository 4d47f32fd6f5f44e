import { useEffect } from 'react';
import { electronHost } from '../host';
import { defaultRoute, findRoute, routeIdFromHash } from './routes';
import { useUi } from './store';

/**
 * Keeps the current page and the URL hash in step (reload and Back work), and follows the
 * desktop host's "show this route" requests (a click on an OS notification).
 */
export function useHashNavigation(): void {
  const setPage = useUi((s) => s.setPage);
  useEffect(() => {
    const sync = () => {
      const route = findRoute(routeIdFromHash(window.location.hash)) ?? defaultRoute;
      setPage(route.id);
    };
    sync();
    window.addEventListener('hashchange', sync);
    const unsubscribe = electronHost()?.onNavigate(navigate);
    return () => {
      window.removeEventListener('hashchange', sync);
      unsubscribe?.();
    };
  }, [setPage]);
}

export function hrefFor(pageId: string): string {
  return `#/${pageId}`;
}

/**
 * Goes to an in-app route (`/dashboard`, `/batches?id=…`, a bare page id, or the engine's
 * hash form `#/mentors?attention=…` that notifications carry) from code.
 */
export function navigate(route: string): void {
  const bare = route.startsWith('#') ? route.slice(1) : route;
  const path = bare.startsWith('/') ? bare : `/${bare}`;
  if (findRoute(routeIdFromHash(`#${path}`))) window.location.hash = `#${path}`;
}
