import { errorMessage, isQuotaError } from '../database/errors';
import { useUi } from './store';

/**
 * Asks the browser to keep this profile's data under storage pressure (it may otherwise
 * evict IndexedDB). The answer is shown in the status bar.
 */
export async function requestPersistentStorage(): Promise<void> {
  const storage = navigator.storage;
  if (!storage?.persist) return;
  try {
    const persisted = (await storage.persisted()) || (await storage.persist());
    useUi.getState().setStoragePersisted(persisted);
  } catch {
    useUi.getState().setStoragePersisted(null);
  }
}

/**
 * A write that fails for lack of space must reach the coordinator: every unhandled failure in
 * this window that is a quota error raises the storage banner.
 */
export function watchForQuotaErrors(): void {
  window.addEventListener('unhandledrejection', (event) => {
    if (isQuotaError(event.reason)) useUi.getState().reportQuotaError(errorMessage(event.reason));
  });
  window.addEventListener('error', (event) => {
    if (isQuotaError(event.error)) useUi.getState().reportQuotaError(errorMessage(event.error));
  });
}
