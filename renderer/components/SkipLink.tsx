import type { MouseEvent } from 'react';

/**
 * Moves focus to the page's main region. The address stays as it is: the URL hash is the
 * router's (`#/batches`), so following `#main` would read as a route and leave the page.
 */
export function SkipLink() {
  const skip = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <a className="skip-link" href="#main" onClick={skip}>
      Skip to content
    </a>
  );
}
