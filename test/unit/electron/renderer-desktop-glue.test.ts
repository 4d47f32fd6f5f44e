import { describe, expect, it, vi } from 'vitest';
import type { OpenFileResult, RoHostApi } from '../../../electron/shared/ipc';
import { reportRemindersSetUp } from '../../../renderer/engine-host/reminders-set-up';
import { shareSyncServerWithMain } from '../../../renderer/engine-host/share-sync-server';
import { SERVER_SETTINGS_KEY } from '../../../src/sync/settings';
import { memoryDatabase } from '../engine/support';

/**
 * The renderer's side of the desktop features, over a fake `window.roHost`: a file the main
 * process holds reaches the import wizard; the UI tells main the saved server; the engine
 * reports the first reminder.
 */

const wizard = vi.hoisted(() => ({
  opened: [] as Array<{ name: string; text: string; dateOrder: string }>,
  routes: [] as string[],
}));
vi.mock('../../../renderer/pages/import/importWizardStore', () => ({
  useImportWizard: {
    getState: () => ({
      openFile: async (file: File, dateOrder: string) => {
        wizard.opened.push({ name: file.name, text: await file.text(), dateOrder });
      },
    }),
  },
}));
vi.mock('../../../renderer/app/navigation', () => ({
  navigate: (route: string) => wizard.routes.push(route),
}));
vi.mock('../../../renderer/database/db', async () => ({
  db: (await import('../engine/support')).memoryDatabase(),
}));

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe('files the OS opened with the desktop app', () => {
  it('go to the import wizard, those waiting at start and each one announced later', async () => {
    const { openFilesFromHost } = await import('../../../renderer/pages/import/filesFromHost');
    const bytes = (text: string) => new TextEncoder().encode(text);
    const waiting: OpenFileResult[] = [{ name: 'roster.xlsx', bytes: bytes('roster') }];
    let announce: () => void = () => undefined;
    const api: Pick<RoHostApi, 'openedFile'> = {
      openedFile: {
        take: async () => waiting.shift() ?? null,
        onWaiting: (listener) => {
          announce = listener;
          return () => undefined;
        },
      },
    };
    openFilesFromHost(api);
    await vi.waitFor(() => expect(wizard.opened).toHaveLength(1));
    expect(wizard.opened).toEqual([{ name: 'roster.xlsx', text: 'roster', dateOrder: 'DMY' }]);
    expect(wizard.routes).toEqual(['/import']);

    waiting.push({ name: 'registrations.csv', bytes: bytes('mentor_id\nm-1\n') });
    announce();
    await vi.waitFor(() => expect(wizard.opened).toHaveLength(2));
    expect(wizard.opened.map((file) => file.name)).toEqual(['roster.xlsx', 'registrations.csv']);
  });
});

describe('the sync server the engine may reach', () => {
  it('is told to the main process when saved, changed and cleared', async () => {
    const db = memoryDatabase();
    const told: Array<string | null> = [];
    const stop = shareSyncServerWithMain({ setSyncServer: async (url) => void told.push(url) }, db);
    await vi.waitFor(() => expect(told).toEqual([null]));
    await db.settings.put({ key: SERVER_SETTINGS_KEY, value: { url: 'https://sync.example' } });
    await settle();
    await db.settings.put({ key: SERVER_SETTINGS_KEY, value: { url: 'https://other.example:8443' } });
    await settle();
    await db.settings.delete(SERVER_SETTINGS_KEY);
    await settle();
    stop();
    expect(told).toEqual([null, 'https://sync.example', 'https://other.example:8443', null]);
  });
});

describe('the first reminder', () => {
  it('is reported once the roster holds an expiry, and only once', async () => {
    const db = memoryDatabase();
    const remindersSetUp = vi.fn(async () => ({ supported: true, enabled: true, chosen: false }));
    const stop = reportRemindersSetUp(
      { startAtLogin: { remindersSetUp } as unknown as RoHostApi['startAtLogin'] },
      db,
    );
    await settle();
    expect(remindersSetUp).not.toHaveBeenCalled();
    const record = { mentor_id: 'm-1', expiry_date: '2027-01-31', coordinator_id: 'coord-119' };
    await db.expiryRecords.put(record as never);
    await settle();
    await db.expiryRecords.put({ ...record, mentor_id: 'm-2' } as never);
    await settle();
    stop();
    expect(remindersSetUp).toHaveBeenCalledTimes(1);
  });
});
