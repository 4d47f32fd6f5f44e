import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import {
  listNotifications,
  markNotificationsRead,
  unreadNotificationCount,
  type NotificationView,
} from '../../../src/expiry';
import { navigate } from '../../app/navigation';
import { db } from '../../database/db';
import { stateBadgeClass, stateLabel } from '../expiry/thresholdLabels';
import { formatDayMonth, formatMoment, localIsoDate, type DateOrder } from '../../components/dates';
import { useDateOrder } from '../../components/useDateOrder';
import { useNow } from '../../hooks/useNow';

const PAGE_SIZE = 20;
const number = new Intl.NumberFormat();

/**
 * "expired on 30 Nov", "expires today", "expires on 7 Dec" (the year only when it is not this
 * year's): the certification as it stands today, whichever threshold the reminder was sent for.
 */
export function expiryWords(expiryDate: string, today: string, order: DateOrder): string {
  if (expiryDate === today) return 'expires today';
  const shown =
    formatDayMonth(expiryDate, order) +
    (expiryDate.slice(0, 4) === today.slice(0, 4) ? '' : ` ${expiryDate.slice(0, 4)}`);
  return expiryDate < today ? `expired on ${shown}` : `expires on ${shown}`;
}

/** The in-app notification list, most urgent first, with the unread count. */
export function NotificationListSection() {
  const [page, setPage] = useState(1);
  // one more than a page: tells whether a next page exists without counting the whole log
  const rows = useLiveQuery(
    () => listNotifications(db, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1, order: 'urgency' }),
    [page],
  );
  const unread = useLiveQuery(() => unreadNotificationCount(db), []);
  const order = useDateOrder();
  const today = localIsoDate(new Date(useNow(60_000)));
  const shown = rows?.slice(0, PAGE_SIZE);
  const hasNext = (rows?.length ?? 0) > PAGE_SIZE;

  const open = (notification: NotificationView) => {
    void markNotificationsRead(db, [notification.key]);
    navigate(`/mentors?attention=${encodeURIComponent(notification.run_id)}`);
  };

  return (
    <section className="card" aria-labelledby="notification-list-title">
      <header className="card-header">
        <h2 id="notification-list-title">
          Notifications{' '}
          <span className="badge" aria-label={`${unread ?? 0} unread`}>
            {number.format(unread ?? 0)} unread
          </span>
        </h2>
        <button
          type="button"
          className="button button-quiet button-small"
          disabled={!unread}
          onClick={() => void markNotificationsRead(db, 'all')}
        >
          Mark all as read
        </button>
      </header>
      {shown === undefined ? (
        <p className="muted">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="empty">No reminder yet. They appear here when a certification nears its expiry date.</p>
      ) : (
        <ul className="notification-list" aria-label="Certification reminders">
          {shown.map((n) => (
            <li key={n.key.join('|')} className={n.read ? undefined : 'is-unread'}>
              <span>
                <span className={stateBadgeClass(n.threshold)}>{stateLabel(n.threshold)}</span>{' '}
                {n.mentor_name ?? n.mentor_id} <span className="muted small">({n.mentor_id})</span>:{' '}
                <time dateTime={n.expiry_date}>{expiryWords(n.expiry_date, today, order)}</time>{' '}
                {!n.read && <span className="badge badge-running">New</span>}
              </span>
              <span className="muted small">
                sent {formatMoment(n.dispatched_at, order)}{' '}
                <button type="button" className="button button-quiet button-small" onClick={() => open(n)}>
                  Open
                </button>
              </span>
            </li>
          ))}
        </ul>
      )}
      {(page > 1 || hasNext) && (
        <nav className="pagination" aria-label="Notification pages">
          <button
            type="button"
            className="button button-quiet button-small"
            disabled={page <= 1}
            onClick={() => setPage(page - 1)}
          >
            Previous
          </button>
          <span className="muted">Page {page}</span>
          <button
            type="button"
            className="button button-quiet button-small"
            disabled={!hasNext}
            onClick={() => setPage(page + 1)}
          >
            Next
          </button>
        </nav>
      )}
    </section>
  );
}
