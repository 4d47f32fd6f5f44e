import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { HostNotification } from '../../src/engine/host';

/** UI state only: data lives in Dexie and is read with liveQuery. */

export type JobFilter = 'active' | 'all';

export interface InAppNotification extends HostNotification {
  id: string;
  at: number;
}

export interface UiState {
  /** id of the current page (see routes.tsx) */
  page: string;
  /** Dashboard: which jobs to list */
  jobFilter: JobFilter;
  /** the browser refused to store data: shown until dismissed */
  quotaError: string | null;
  /** the engine host failed outside a job */
  hostError: string | null;
  notifications: InAppNotification[];
  /** result of navigator.storage.persist(); null while unknown or unsupported */
  storagePersisted: boolean | null;
  /** the coordinator said "not now" to system notifications */
  notificationPromptDismissed: boolean;

  setPage(page: string): void;
  setJobFilter(filter: JobFilter): void;
  reportQuotaError(message: string): void;
  dismissQuotaError(): void;
  reportHostError(message: string): void;
  dismissHostError(): void;
  pushNotification(notification: HostNotification): void;
  dismissNotification(id: string): void;
  setStoragePersisted(persisted: boolean | null): void;
  dismissNotificationPrompt(): void;
}

/** How many in-app notifications stay on screen. */
const MAX_NOTIFICATIONS = 5;

export const useUi = create<UiState>()(
  persist(
    (set) => ({
      page: 'dashboard',
      jobFilter: 'active',
      quotaError: null,
      hostError: null,
      notifications: [],
      storagePersisted: null,
      notificationPromptDismissed: false,

      setPage: (page) => set({ page }),
      setJobFilter: (jobFilter) => set({ jobFilter }),
      reportQuotaError: (quotaError) => set({ quotaError }),
      dismissQuotaError: () => set({ quotaError: null }),
      reportHostError: (hostError) => set({ hostError }),
      dismissHostError: () => set({ hostError: null }),
      pushNotification: (notification) =>
        set((state) => {
          const rest = notification.tag
            ? state.notifications.filter((n) => n.tag !== notification.tag)
            : state.notifications;
          const next = { ...notification, id: crypto.randomUUID(), at: Date.now() };
          return { notifications: [next, ...rest].slice(0, MAX_NOTIFICATIONS) };
        }),
      dismissNotification: (id) =>
        set((state) => ({ notifications: state.notifications.filter((n) => n.id !== id) })),
      setStoragePersisted: (storagePersisted) => set({ storagePersisted }),
      dismissNotificationPrompt: () => set({ notificationPromptDismissed: true }),
    }),
    {
      name: 'registration-orchestrator/ui',
      // only preferences survive a reload; errors and notifications are of this session
      partialize: (state) => ({
        jobFilter: state.jobFilter,
        notificationPromptDismissed: state.notificationPromptDismissed,
      }),
    },
  ),
);
