import { useState } from 'react';
import { notificationsSupported, requestNotificationPermission } from '../../app/notifications';
import { useUi } from '../../app/store';
import { isElectronHost } from '../../host';

/**
 * Explains system notifications before the browser asks for them (the desktop app shows OS
 * notifications without asking). Shown until the coordinator answers.
 */
export function NotificationPrompt() {
  const dismissed = useUi((s) => s.notificationPromptDismissed);
  const dismiss = useUi((s) => s.dismissNotificationPrompt);
  const [permission, setPermission] = useState(() =>
    notificationsSupported() ? Notification.permission : 'denied',
  );
  if (isElectronHost() || dismissed || permission !== 'default') return null;
  return (
    <aside className="callout" aria-labelledby="notify-prompt-title">
      <div>
        <h2 id="notify-prompt-title">Get alerts outside this tab?</h2>
        <p>
          Certification expiry reminders and finished batches always show in the app. The browser can also
          show them as system notifications while this tab is in the background.
        </p>
      </div>
      <div className="callout-actions">
        <button
          type="button"
          className="button"
          onClick={() => void requestNotificationPermission().then(setPermission)}
        >
          Allow system notifications
        </button>
        <button type="button" className="button button-quiet" onClick={dismiss}>
          Not now
        </button>
      </div>
    </aside>
  );
}
