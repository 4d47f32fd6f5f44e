import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** One query parameter of the hash route: `#/mentors?attention=a,b` -> `attention` is `a,b`. */
export function useHashQuery(name: string): string | null {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const query = hash.indexOf('?');
  return query < 0 ? null : new URLSearchParams(hash.slice(query + 1)).get(name);
}
