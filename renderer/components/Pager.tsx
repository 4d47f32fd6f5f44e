const number = new Intl.NumberFormat();

export const PAGE_SIZES = [10, 20, 50, 100] as const;

interface PagerProps {
  page: number;
  limit: number;
  total: number;
  /** what is counted, singular and plural: `['batch', 'batches']` */
  noun: readonly [string, string];
  onPage(page: number): void;
  onLimit(limit: number): void;
}

/** Previous / next, "Page 2 of 5 · 93 batches" and a page-size choice, as every paginated list shows them. */
export function Pager({ page, limit, total, noun, onPage, onLimit }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pagination" aria-label="Pages">
      <button
        type="button"
        className="button button-quiet button-small"
        disabled={page <= 1}
        onClick={() => onPage(page - 1)}
      >
        Previous
      </button>
      <span className="muted" aria-live="polite">
        Page {page} of {pages} · {number.format(total)} {total === 1 ? noun[0] : noun[1]}
      </span>
      <button
        type="button"
        className="button button-quiet button-small"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        Next
      </button>
      <label className="choice">
        Per page
        <select className="select" value={limit} onChange={(e) => onLimit(Number(e.target.value))}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
