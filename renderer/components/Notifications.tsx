import { navigate } from '../app/navigation';
import { useUi } from '../app/store';

/** In-app notifications: every engine notification shows here, system ones or not. */
export function Notifications() {
  const notifications = useUi((s) => s.notifications);
  const dismiss = useUi((s) => s.dismissNotification);
  return (
    <section className="toasts" aria-label="Notifications" aria-live="polite">
      {notifications.map((n) => (
        <article key={n.id} className="toast">
          <div className="toast-body">
            <h2 className="toast-title">{n.title}</h2>
            <p>{n.body}</p>
          </div>
          <div className="toast-actions">
            {n.route && (
              <button
                type="button"
                className="button button-quiet"
                onClick={() => {
                  navigate(n.route!);
                  dismiss(n.id);
                }}
              >
                Open
              </button>
            )}
            <button
              type="button"
              className="button button-quiet"
              onClick={() => dismiss(n.id)}
              aria-label={`Dismiss: ${n.title}`}
            >
              Dismiss
            </button>
          </div>
        </article>
      ))}
    </section>
  );
}
