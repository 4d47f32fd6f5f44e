import { AppDatabase } from '../../src/db';
import { runEngineWhenLeader } from '../../src/engine';
import { engineServices } from '../../src/engine/services';
import { desktopJobHandlers } from './desktop-sync';
import { createElectronHost } from './electron-host';
import { reportRemindersSetUp } from './reminders-set-up';

/**
 * Entry of the hidden engine window (engine.html). It runs the same engine as the browser's
 * worker; the profile's Web Lock makes sure only one runs even if a browser-style worker of the
 * UI window also asks for it.
 */
async function main(): Promise<void> {
  const api = window.roHost;
  if (!api) throw new Error('engine.html runs only in the Electron engine window (window.roHost is missing)');
  const host = createElectronHost(api, await api.getOnline());
  const db = new AppDatabase();
  // the desktop keeps the sync token in the main process (safeStorage), not in IndexedDB
  const handlers = await desktopJobHandlers(api, db);
  // start at login turns on with the first reminder (unless the coordinator chose otherwise)
  reportRemindersSetUp(api, db);
  const leadership = runEngineWhenLeader(navigator.locks, {
    db,
    host,
    ownerId: `electron-${crypto.randomUUID()}`,
    handlers,
    services: engineServices,
  });
  window.addEventListener('pagehide', () => {
    void leadership.release().finally(() => host.dispose());
  });
  await leadership.done;
}

main().catch((error: unknown) => {
  // The main process restarts the window only if its renderer dies; an engine that failed to
  // start says why in the log rather than spinning.
  console.error('[engine] stopped with an error', error);
});
