import type { RoHostApi } from '../../../electron/shared/ipc';
import { navigate } from '../../app/navigation';
import { db } from '../../database/db';
import { loadCoordinatorSettings } from '../../../src/settings/coordinatorSettings';
import { useImportWizard } from './importWizardStore';

/**
 * On the desktop, a spreadsheet the OS asked the app to open (open-with, a drop on the dock or
 * tray icon, a second launch) goes to the import wizard's first step, as if chosen there. The
 * main process has checked the path and reads the file; the UI takes each waiting file when
 * told, and once at start for one given before this window loaded.
 */
export function openFilesFromHost(api: Pick<RoHostApi, 'openedFile'>): () => void {
  let taking = false;
  const takeWaiting = async (): Promise<void> => {
    if (taking) return;
    taking = true;
    try {
      for (let file = await api.openedFile.take(); file !== null; file = await api.openedFile.take()) {
        navigate('/import');
        const { date_order } = await loadCoordinatorSettings(db);
        const bytes = new Uint8Array(file.bytes);
        await useImportWizard.getState().openFile(new File([bytes], file.name), date_order);
      }
    } catch (error) {
      console.error('[import] a file opened from the system could not be read', error);
    } finally {
      taking = false;
    }
  };
  void takeWaiting();
  return api.openedFile.onWaiting(() => void takeWaiting());
}
