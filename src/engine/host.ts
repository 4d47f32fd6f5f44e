/**
 * Everything the engine needs from where it runs. The browser worker and the Electron engine
 * window each implement it; tests implement it with a controllable clock.
 */
export interface Host {
  /** epoch milliseconds; a test host moves it by hand */
  now(): number;
  /** IANA zone of the coordinator (`Europe/Paris`); expiry dates are evaluated in it */
  timeZone(): string;
  isOnline(): boolean;
  /** returns an unsubscribe function */
  onOnlineChange(listener: (online: boolean) => void): () => void;
  /** an OS or browser notification; `route` is where a click takes the coordinator */
  notify(notification: HostNotification): void;
  /**
   * Schedule ticks: the host calls `listener` periodically and when something happened that
   * calls for a look at the schedule (resume from sleep, clock change, "run now").
   */
  onTick(listener: (reason: TickReason) => void): () => void;
}

export type TickReason = 'interval' | 'resume' | 'startup' | 'manual';

export interface HostNotification {
  title: string;
  body: string;
  /** notifications with the same tag replace each other */
  tag?: string;
  route?: string;
}
