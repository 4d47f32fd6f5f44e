import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** `#/batches/abc` -> `abc`: the record a page shows, or undefined for the page's list. */
export function useHashDetail(): string | undefined {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const id = /^#\/[^/?]+\/([^/?]+)/.exec(hash)?.[1];
  return id === undefined ? undefined : decodeURIComponent(id);
}
