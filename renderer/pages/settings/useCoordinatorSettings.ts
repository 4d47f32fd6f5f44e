import { useLiveQuery } from 'dexie-react-hooks';
import {
  COORDINATOR_SETTINGS_KEY,
  parseCoordinatorSettings,
  type CoordinatorSettings,
} from '../../../src/settings/coordinatorSettings';
import { db } from '../../database/db';

/** The coordinator's settings, live; undefined while loading. */
export function useCoordinatorSettings(): CoordinatorSettings | undefined {
  return useLiveQuery(
    () => db.settings.get(COORDINATOR_SETTINGS_KEY).then((row) => parseCoordinatorSettings(row?.value)),
    [],
  );
}
