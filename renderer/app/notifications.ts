import type { HostNotification } from '../../src/engine/host';
import { navigate } from './navigation';
import { useUi } from './store';

/**
 * Engine notifications in the browser host. Only the leader tab's worker notifies; that tab
 * shows it in-app and as a system notification when the coordinator allowed them, and relays
 * it to the other tabs, which show it in-app.
 */

const CHANNEL = 'registration-orchestrator/notifications';
let channel: BroadcastChannel | undefined;

export function notificationsSupported(): boolean {
  return typeof Notification !== 'undefined';
}

/** Starts listening to notifications relayed by the leader tab. */
export function listenToRelayedNotifications(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(CHANNEL);
  channel.addEventListener('message', (event: MessageEvent<HostNotification>) => {
    useUi.getState().pushNotification(event.data);
  });
}

export function showEngineNotification(notification: HostNotification): void {
  useUi.getState().pushNotification(notification);
  channel?.postMessage(notification);
  if (notificationsSupported() && Notification.permission === 'granted') {
    const system = new Notification(notification.title, { body: notification.body, tag: notification.tag });
    system.addEventListener('click', () => {
      window.focus();
      if (notification.route) navigate(notification.route);
    });
  }
}

/** Asks for system notifications: call only from a click after the in-app explanation. */
export async function requestNotificationPermission(): Promise<NotificationPermission> {
  return Notification.requestPermission();
}
