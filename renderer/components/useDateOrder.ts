import { DEFAULT_COORDINATOR_SETTINGS } from '../../src/settings/coordinatorSettings';
import { useCoordinatorSettings } from '../pages/settings/useCoordinatorSettings';
import type { DateOrder } from './dates';

/** The day-order setting, live; the default (DMY) until the settings are read. */
export function useDateOrder(): DateOrder {
  return useCoordinatorSettings()?.date_order ?? DEFAULT_COORDINATOR_SETTINGS.date_order;
}
