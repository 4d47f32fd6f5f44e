import { useLiveQuery } from 'dexie-react-hooks';
import type { Venue } from '../../../src/contract';
import { listVenues } from '../../../src/reference';
import { db } from '../../database/db';

/** The venues by id, for naming events in lists (undefined while loading). */
export function useVenueMap(): Map<string, Venue> | undefined {
  return useLiveQuery(async () => new Map((await listVenues(db)).map((v) => [v.venue_id, v] as const)), []);
}
