import { useLiveQuery } from 'dexie-react-hooks';
import { ENGINE_STATUS_KEY, type EngineStatus } from '../../src/engine/api';
import { DEFAULT_LEASE_MS } from '../../src/engine/engine';
import { isEngineAlive } from '../../src/engine/status';
import { db } from '../database/db';
import { useNow } from './useNow';

/** A status not renewed for this long comes from an engine that is gone. */
export const ENGINE_STALE_AFTER_MS = 3 * DEFAULT_LEASE_MS;

export type EngineView =
  | { kind: 'loading' }
  | { kind: 'stopped'; status?: EngineStatus }
  | { kind: 'starting' | 'running' | 'idle'; status: EngineStatus }
  | { kind: 'error'; status: EngineStatus };

/** The state of the profile's engine, whichever window or worker runs it. */
export function useEngineStatus(): EngineView {
  const row = useLiveQuery(() => db.settings.get(ENGINE_STATUS_KEY).then((r) => r ?? null), []);
  const now = useNow(2_000);
  if (row === undefined) return { kind: 'loading' };
  const status = (row?.value ?? undefined) as EngineStatus | undefined;
  if (!status || !isEngineAlive(status, now, ENGINE_STALE_AFTER_MS)) return { kind: 'stopped', status };
  if (status.state === 'stopped') return { kind: 'stopped', status };
  return { kind: status.state, status } as EngineView;
}
