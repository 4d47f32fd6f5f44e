import { showEngineNotification, listenToRelayedNotifications } from '../app/notifications';
import { useUi } from '../app/store';
import type { WorkerToPage } from './messages';

/**
 * Starts this tab's engine worker (browser host). Every tab starts one; the Web Lock inside
 * lets exactly one of them run the engine.
 */
export function startBrowserEngineHost(): Worker {
  listenToRelayedNotifications();
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  worker.addEventListener('message', (event: MessageEvent<WorkerToPage>) => {
    const message = event.data;
    const ui = useUi.getState();
    switch (message.type) {
      case 'notify':
        showEngineNotification(message.notification);
        break;
      case 'quota':
        ui.reportQuotaError(message.message);
        break;
      case 'error':
        ui.reportHostError(message.message);
        break;
    }
  });
  worker.addEventListener('error', (event) => {
    useUi.getState().reportHostError(event.message || 'The background engine could not start.');
  });
  return worker;
}
