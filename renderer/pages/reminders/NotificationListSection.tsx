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

const PAGE_SIZE = 20;
const number = new Intl.NumberFormat();
const time = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
/** an expiry date is a calendar day: formatted in UTC so no zone shifts it */
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** The in-app notification list, latest first, with the unread count. */
export function NotificationListSection() {
  const [page, setPage] = useState(1);
  // one more than a page: tells whether a next page exists without counting the whole log
  const rows = useLiveQuery(
    () => listNotifications(db, { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE + 1 }),
    [page],
  );
  const unread = useLiveQuery(() => unreadNotificationCount(db), []);
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
                {n.mentor_name ?? n.mentor_id} <span className="muted small">({n.mentor_id})</span>: expires{' '}
                <time dateTime={n.expiry_date}>{day.format(new Date(`${n.expiry_date}T00:00:00Z`))}</time>{' '}
                {!n.read && <span className="badge badge-running">New</span>}
              </span>
              <span className="muted small">
                {time.format(new Date(n.dispatched_at))}{' '}
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
            Newer
          </button>
          <span className="muted">Page {page}</span>
          <button
            type="button"
            className="button button-quiet button-small"
            disabled={!hasNext}
            onClick={() => setPage(page + 1)}
          >
            Older
          </button>
        </nav>
      )}
    </section>
  );
}
