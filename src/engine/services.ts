import type { EngineService } from './api';
import type { TickReason } from './host';
import { expiryTick } from '../expiry/tick';
import { startSyncTriggers } from '../sync/triggers';
import { attendeeNotificationService } from '../attendees/notifications';

/** Where a service's failure goes: it must never be thrown into the host's tick. */
export type ServiceErrorReport = (error: unknown) => void;

const logServiceError: ServiceErrorReport = (error) => console.error('[engine] service failed', error);

/**
 * The expiry schedule: on every host tick, deliver notifications quiet hours held and queue a
 * scheduled run when one is due. Ticks are handled one at a time (a slow tick is followed, not
 * overlapped, by the next), and the service looks once as it starts, because a host may have
 * sent its start-up tick before this leader subscribed.
 */
export function expiryScheduleService(report: ServiceErrorReport = logServiceError): EngineService {
  return (db, host) => {
    let stopped = false;
    let chain: Promise<void> = Promise.resolve();
    const onTick = (reason: TickReason) => {
      chain = chain.then(async () => {
        if (stopped) return;
        try {
          await expiryTick(db, host, reason);
        } catch (error) {
          // the next tick tries again; the coordinator hears of this one through `report`
          if (!stopped) report(error);
        }
      });
    };
    const unsubscribe = host.onTick(onTick);
    onTick('startup');
    return () => {
      stopped = true;
      unsubscribe();
    };
  };
}

/** The sync triggers (start-up, ticks, online changes, new outbox entries, due retries). */
export const syncTriggersService: EngineService = (db, host) => startSyncTriggers(db, host);

/** Every service a leader engine runs, with failures going to `report`. */
export function createEngineServices(report: ServiceErrorReport = logServiceError): EngineService[] {
  return [syncTriggersService, expiryScheduleService(report), attendeeNotificationService(report)];
}

/** The services with failures logged; a host that can show errors passes its own report. */
export const engineServices: EngineService[] = createEngineServices();
