import { useEffect, useRef } from 'react';
import { requestSync } from '../../../src/sync/syncer';
import { db } from '../../database/db';
import { useOnline } from '../../hooks/useOnline';

/**
 * Asks for a sync when this window sees the connection come back. The engine hears it too, but a
 * worker's `online` event is not always delivered (emulated network changes reach only pages),
 * and waiting for the next tick would leave work unsent for a minute. A queued sync is not
 * queued twice, so hearing it twice costs nothing.
 */
export function useSyncWhenBackOnline(): void {
  const online = useOnline();
  const wasOnline = useRef(online);
  useEffect(() => {
    if (online && !wasOnline.current) {
      // a failed request loses only this wake-up: the engine's own triggers still run
      requestSync(db, 'online', Date.now()).catch(() => undefined);
    }
    wasOnline.current = online;
  }, [online]);
}
