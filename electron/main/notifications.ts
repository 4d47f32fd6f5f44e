import { Notification } from 'electron';
import type { NotifyRequest } from '../shared/ipc';

/**
 * OS notifications asked for by the engine window. Live notifications are kept referenced so a
 * click still reaches its handler (a collected Notification loses its events), and one with the
 * same tag replaces the previous.
 */
export class Notifier {
  private readonly live = new Map<string, Notification>();
  private counter = 0;

  constructor(private readonly onClick: (route: string | undefined) => void) {}

  show(request: NotifyRequest): void {
    if (!Notification.isSupported()) {
      console.warn('[notify] OS notifications are not supported here');
      return;
    }
    const key = request.tag ?? `untagged-${++this.counter}`;
    this.live.get(key)?.close();
    const notification = new Notification({ title: request.title, body: request.body });
    this.live.set(key, notification);
    const forget = (): void => {
      if (this.live.get(key) === notification) this.live.delete(key);
    };
    notification.on('click', () => {
      forget();
      this.onClick(request.route);
    });
    notification.on('close', forget);
    notification.show();
  }
}
