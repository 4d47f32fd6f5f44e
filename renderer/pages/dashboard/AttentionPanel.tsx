import { useLiveQuery } from 'dexie-react-hooks';
import { listImports, type ImportView } from '../../../src/attendees/imports';
import { URGENT_EXPIRY_DAYS, loadAttention, type Attention } from '../../../src/dashboard';
import { localIsoDate } from '../../components/dates';
import { badgeClass, type Tone } from '../../components/statusTones';
import { db } from '../../database/db';
import { useNow } from '../../hooks/useNow';

const number = new Intl.NumberFormat();

interface AttentionRow {
  key: string;
  count: number;
  tone: Tone;
  text: string;
  /** the list filtered on exactly these */
  href: string;
}

function plural(n: number, one: string, many: string): string {
  return `${number.format(n)} ${n === 1 ? one : many}`;
}

/** The panel's lines, most pressing first; a line whose count is zero is left out. */
function attentionRows(a: Attention, imports: readonly ImportView[]): AttentionRow[] {
  const rows: AttentionRow[] = [
    {
      key: 'failed',
      count: a.failedItems,
      tone: 'danger',
      text: `${plural(a.failedItems, 'failed item', 'failed items')} to fix in ${plural(a.failedBatches, 'batch', 'batches')}`,
      href: '#/batches?failed=1',
    },
    {
      key: 'refused',
      count: a.refused,
      tone: 'danger',
      text: `${plural(a.refused, 'change', 'changes')} refused by the server, waiting for your decision`,
      href: '#/sync?show=rejected',
    },
    // each people import whose outcomes the server changed, until they are marked as seen on its page
    ...imports.map((view) => ({
      key: `people-${view.importId}`,
      count: view.counts.changed,
      tone: 'urgent' as const,
      text: `${plural(view.counts.changed, 'outcome', 'outcomes')} the server changed in the people import “${view.label}”, to be seen`,
      href: `#/attendees/${encodeURIComponent(view.importId)}`,
    })),
    {
      key: 'expired',
      count: a.expired,
      tone: 'danger',
      text: `${plural(a.expired, 'certification has', 'certifications have')} expired`,
      href: '#/mentors?state=expired',
    },
    {
      key: 'soon',
      count: a.expiringSoon,
      tone: 'urgent',
      text: `${plural(a.expiringSoon, 'certification expires', 'certifications expire')} within ${URGENT_EXPIRY_DAYS} days`,
      href: `#/mentors?within=${URGENT_EXPIRY_DAYS}`,
    },
    {
      key: 'waiting',
      count: a.waiting,
      tone: 'info',
      text: `${plural(a.waiting, 'change', 'changes')} waiting to sync`,
      href: '#/sync?show=outbox',
    },
  ];
  return rows.filter((row) => row.count > 0);
}

/** "Needs attention": what the coordinator should do next, each line a link to the filtered list. */
export function AttentionPanel() {
  // the expiry counts change at local midnight: a minute's precision is plenty
  const today = localIsoDate(new Date(useNow(60_000)));
  const attention = useLiveQuery(() => loadAttention(db, today), [today]);
  const imports = useLiveQuery(() => listImports(db), []);
  const rows = attention && imports && attentionRows(attention, imports);
  return (
    <section className="card attention" aria-labelledby="attention-title">
      <header className="card-header">
        <h2 id="attention-title">Needs attention</h2>
      </header>
      {rows === undefined ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="empty">
          Nothing needs your attention: no failed item, refusal, expiring certification or change waiting.
        </p>
      ) : (
        <ul className="attention-list" aria-label="Needs attention">
          {rows.map((row) => (
            <li key={row.key}>
              <span className={badgeClass(row.tone)} aria-hidden="true">
                {number.format(row.count)}
              </span>
              <a href={row.href}>{row.text}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
