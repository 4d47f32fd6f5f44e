import type { HostNotification } from '../../src/engine/host';

/** What the browser engine worker tells the page that started it. */
export type WorkerToPage =
  /** a notification from the engine: the page shows it in-app and, when permitted, as an OS one */
  | { type: 'notify'; notification: HostNotification }
  /** the browser refused to store more data */
  | { type: 'quota'; message: string }
  /** the worker failed outside a job (a job's own failure is recorded on the job) */
  | { type: 'error'; message: string };
